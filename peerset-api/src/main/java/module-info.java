/**
 * peerset's public API: the request/response model of a peer and of the peer set, configuration,
 * events, errors, node status, and (package {@code io.peerset.api.spi}) the service-provider
 * interfaces that transports, handshakers, address books and candidate sources implement.
 *
 * <p>Requires the wire protocol ({@code io.peerset.wire}) transitively, since the API's types name
 * messages, networks and addresses; otherwise it depends on {@code java.base} only, so that every
 * other module, and every application, can use it without pulling in a third-party library.
 *
 * <p>Package {@code io.peerset.api.internal} holds helpers shared by peerset's own modules; it is
 * exported to them only and is not API.
 */
// "module": the qualified export names modules that are not compiled with this one.
@SuppressWarnings("module")
module io.peerset.api {
    requires transitive io.peerset.wire;

    exports io.peerset.api;
    exports io.peerset.api.spi;
    exports io.peerset.api.internal to io.peerset.addressbook, io.peerset.core, io.peerset.cli;
}
