/**
 * The Netty transport: TCP listener and dialer (epoll when present, NIO otherwise), framing with
 * the API's wire codec, and DNS seeding through Netty's asynchronous resolver. Provides the
 * {@code TransportProvider} and the DNS {@code CandidateSourceProvider} once those SPIs exist.
 *
 * <p>Nothing is implemented here yet: this module holds its place in the reactor. It is the only
 * module allowed to depend on Netty (DESIGN.md section 2).
 */
module io.peerset.transport.netty {
    requires io.peerset.api;
}
