/**
 * The Netty transport: a TCP listener and dialer on Netty 4.2 (native epoll when available and
 * preferred, NIO otherwise), framing with the API's {@link io.peerset.wire.FrameCodec}; and DNS
 * seeding on Netty's asynchronous DNS client. Provides the
 * {@link io.peerset.api.spi.TransportProvider} named {@code "netty"} and the
 * {@link io.peerset.api.spi.CandidateSourceProvider} named {@code "dns"}.
 *
 * <p>Nothing is exported: the providers are found through {@code provides}, and Netty types never
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
    // DNS seeding; io.netty.resolver.dns itself requires java.naming (add it to a jlink image).
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires org.slf4j;

    provides io.peerset.api.spi.TransportProvider with io.peerset.transport.netty.NettyTransportProvider;
    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.transport.netty.DnsSeedCandidateSourceProvider;
}
