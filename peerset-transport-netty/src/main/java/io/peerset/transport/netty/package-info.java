/**
 * The Netty transport and DNS seeding. Not exported:
 * {@link io.peerset.transport.netty.NettyTransportProvider} and
 * {@link io.peerset.transport.netty.DnsSeedCandidateSourceProvider} are found through the module's
 * {@code provides} clauses, and Netty types stay inside.
 *
 * <ul>
 *   <li>{@link io.peerset.transport.netty.NettyTransportProvider}: the service entry point.</li>
 *   <li>{@link io.peerset.transport.netty.NettyTransport}: the shared event-loop group, listeners and dialers.</li>
 *   <li>{@link io.peerset.transport.netty.NettyAcceptor}: pull-based accepts.</li>
 *   <li>{@link io.peerset.transport.netty.NettyConnection}: demand-driven delivery, sends, close.</li>
 *   <li>{@link io.peerset.transport.netty.InboundFrameBuffer}: byte accumulation and frame decoding.</li>
 *   <li>{@link io.peerset.transport.netty.IoFlavor}: epoll or NIO.</li>
 *   <li>{@link io.peerset.transport.netty.NettyErrors}: one-line socket error messages.</li>
 *   <li>{@link io.peerset.transport.netty.DnsSeedCandidateSourceProvider}: the {@code "dns"} candidate source's entry point.</li>
 *   <li>{@link io.peerset.transport.netty.DnsSeedSource}: rounds of seeder lookups, timeouts, retries.</li>
 *   <li>{@link io.peerset.transport.netty.SeedEntry}: seeder names among the initial peers (IP literals are not ours).</li>
 *   <li>{@link io.peerset.transport.netty.NameLookup}, {@link io.peerset.transport.netty.NettyNameLookup}: the asynchronous DNS client.</li>
 *   <li>{@link io.peerset.transport.netty.NettyTransportConstants}: every limit and timeout, with its reason.</li>
 * </ul>
 */
package io.peerset.transport.netty;
