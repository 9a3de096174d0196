/**
 * Test support, never shipped: {@link io.peerset.testkit.ScriptedPeer} (a remote peer whose answers a
 * test scripts) and {@link io.peerset.testkit.TransportConformanceSuite} (the JUnit tests every
 * {@link io.peerset.api.spi.Transport} passes), on the in-memory network of {@code io.peerset.inmemory}.
 *
 * <p>Threading: as the in-memory network's; see each class.
 */
package io.peerset.testkit;
