/**
 * peerset's core: the machinery that turns the wire protocol of {@code io.peerset.api} into a
 * working set of Zcash peers.
 *
 * <p>Its role, as it grows: the version handshake, connection state machines, the peer set that
 * routes requests to ready peers, and peer discovery, all wired together with Guice. Those arrive
 * in later steps. Today it holds transaction identifiers (package {@code io.peerset.core.tx}):
 * SHA-256d txids for transactions v1 to v4, ZIP-244 txids and authorizing-data digests for v5, and
 * the block Merkle root. They live here rather than in the API because ZIP-244 needs BLAKE2b with a
 * personalization, which the JDK lacks, and the API module is kept free of third-party libraries.
 *
 * <p>{@code requires transitive io.peerset.api}: the exported signatures use its {@code Hash32},
 * {@code Transaction} and {@code Block}, so every reader of this module needs the API too. Bouncy
 * Castle is an implementation detail and is not re-exported.
 */
module io.peerset.core {
    requires transitive io.peerset.api;
    requires org.bouncycastle.provider;

    exports io.peerset.core.tx;
}
