/**
 * Single peers: dial or accept, handshake, and talk to one peer through a
 * {@link io.peerset.api.PeerClient}.
 *
 * <ul>
 *   <li>{@link io.peerset.core.connect.PeerConnector}: one per node; {@code connect(address)} and
 *       {@code accept(connection)} return handshaken clients (reference sections 6.1 to 6.10).</li>
 *   <li>{@link io.peerset.core.connect.IsolatedConnections}: one-off anonymous connections (section 6.13).</li>
 * </ul>
 *
 * <p>Threading: every class here is thread-safe. A client's connection runs on its transport
 * connection's executor; timers come from the injected {@link io.peerset.api.spi.Scheduler}, and
 * randomness from an injected generator, so the whole package runs under the testkit's virtual time.
 */
package io.peerset.core.connect;
