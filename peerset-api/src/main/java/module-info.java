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
 * exported (so that it also works when the modules are loaded into a child layer) but is not API.
 */
module io.peerset.api {
    requires transitive io.peerset.wire;

    exports io.peerset.api;
    exports io.peerset.api.spi;
    // Unqualified on purpose: a qualified export names modules of the same layer only, and peerset's
    // modules are also loaded into child layers (plugin hosts; the metrics tests), where a
    // qualified export to io.peerset.core is ignored. The package says it is not API.
    exports io.peerset.api.internal;
}
