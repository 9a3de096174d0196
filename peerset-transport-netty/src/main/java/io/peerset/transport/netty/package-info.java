/**
 * The Netty transport. Not exported: {@link io.peerset.transport.netty.NettyTransportProvider} is
 * found through the module's {@code provides} clause, and Netty types stay inside.
 *
 * <ul>
 *   <li>{@link io.peerset.transport.netty.NettyTransportProvider}: the service entry point.</li>
 *   <li>{@link io.peerset.transport.netty.NettyTransport}: the shared event-loop group, listeners and dialers.</li>
 *   <li>{@link io.peerset.transport.netty.NettyAcceptor}: pull-based accepts.</li>
 *   <li>{@link io.peerset.transport.netty.NettyConnection}: demand-driven delivery, sends, close.</li>
 *   <li>{@link io.peerset.transport.netty.InboundFrameBuffer}: byte accumulation and frame decoding.</li>
 *   <li>{@link io.peerset.transport.netty.IoFlavor}: epoll or NIO.</li>
 *   <li>{@link io.peerset.transport.netty.NettyErrors}: one-line socket error messages.</li>
 *   <li>{@link io.peerset.transport.netty.NettyTransportConstants}: every limit and timeout, with its reason.</li>
 * </ul>
 */
package io.peerset.transport.netty;
