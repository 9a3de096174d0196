/**
 * Test support, never shipped: {@link io.peerset.testkit.ScriptedPeer} (a remote peer whose answers a
 * test scripts), {@link io.peerset.testkit.TransportConformanceSuite} (the JUnit tests every
 * {@link io.peerset.api.spi.Transport} passes), and {@link io.peerset.testkit.VirtualNetworkExtension}
 * (a JUnit 5 extension that gives each test a seeded {@link io.peerset.testkit.VirtualNetwork} and
 * fails it if something is left running), on the in-memory network of {@code io.peerset.inmemory}.
 * The shared test doubles are in {@code io.peerset.testkit.doubles}.
 *
 * <p>Threading: as the in-memory network's; see each class.
 */
package io.peerset.testkit;
