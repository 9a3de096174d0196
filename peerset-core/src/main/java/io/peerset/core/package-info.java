/**
 * Single peers: dial or accept, handshake, and talk to one peer through a
 * {@link io.peerset.api.PeerClient}.
 *
 * <ul>
 *   <li>{@link io.peerset.core.PeerConnector}: one per node; {@code connect(address)} and
 *       {@code accept(connection)} return handshaken clients (reference sections 6.1 to 6.10).</li>
 *   <li>{@link io.peerset.core.IsolatedConnections}: one-off anonymous connections (section 6.13).</li>
 *   <li>{@link io.peerset.core.ConnectionConfig}: the connection timeouts.</li>
 *   <li>{@link io.peerset.core.PeerObserver}: liveness events for the address book.</li>
 *   <li>{@link io.peerset.core.SystemScheduler}: the production clock and timer thread.</li>
 *   <li>{@link io.peerset.core.Providers}: {@link java.util.ServiceLoader} lookups of transports and
 *       handshakers, by name or priority.</li>
 *   <li>{@link io.peerset.core.CoreConstants}: the limits this module adds to
 *       {@link io.peerset.api.PeerSetConstants}.</li>
 * </ul>
 *
 * <p>Threading: every class here is thread-safe. A client's connection runs on its transport
 * connection's executor; timers come from the injected {@link io.peerset.api.spi.Scheduler}, and
 * randomness from an injected generator, so the whole package runs under the testkit's virtual time.
 */
package io.peerset.core;
