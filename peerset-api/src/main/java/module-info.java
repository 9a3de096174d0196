/**
 * peerset's public API: network parameters, peer addresses and services, errors, and the Zcash
 * peer-to-peer wire protocol (package {@code io.peerset.api.wire}: the message model and a pure,
 * transport-neutral codec over {@link java.nio.ByteBuffer}), the request/response model of a peer, and
 * (package {@code io.peerset.api.spi}) the service-provider interfaces that transports, handshakers
 * and candidate sources implement.
 *
 * <p>This module depends on {@code java.base} only, so that every other module, and every
 * application, can use it without pulling in a third-party library.
 *
 * <p>Package {@code io.peerset.api.internal} holds helpers shared by peerset's own modules; it is
 * exported to them only and is not API.
 */
// "module": the qualified export names modules that are not compiled with this one.
@SuppressWarnings("module")
module io.peerset.api {
    exports io.peerset.api;
    exports io.peerset.api.wire;
    exports io.peerset.api.spi;
    exports io.peerset.api.internal to io.peerset.addressbook, io.peerset.cli;
}
