/**
 * The Netty transport: a TCP listener and dialer on Netty 4.2 (native epoll when available and
 * preferred, NIO otherwise), framing with the API's {@link io.peerset.api.wire.FrameCodec}.
 * Provides the {@link io.peerset.api.spi.TransportProvider} named {@code "netty"}.
 *
 * <p>Nothing is exported: the provider is found through {@code provides}, and Netty types never
 * appear in a signature other modules see. This is the only module allowed to depend on Netty
 * (DESIGN.md section 2). The epoll native library ({@code io.netty.transport.epoll.linux.x86_64})
 * is deliberately not required: launch with {@code --add-modules ALL-MODULE-PATH} to have it
 * resolved; without it the transport falls back to NIO and says so in the log.
 */
module io.peerset.transport.netty {
    requires io.peerset.api;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires org.slf4j;

    provides io.peerset.api.spi.TransportProvider with io.peerset.transport.netty.NettyTransportProvider;
}
