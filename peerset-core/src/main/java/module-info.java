/**
 * peerset's core: the machinery that turns the wire protocol of {@code io.peerset.api} into a
 * working set of Zcash peers.
 *
 * <p>Today it holds:
 * <ul>
 *   <li>package {@code io.peerset.core}: the public entry points to single peers —
 *       {@link io.peerset.core.PeerConnector} (dial or accept, handshake, and a
 *       {@link io.peerset.api.PeerClient} per peer), {@link io.peerset.core.IsolatedConnections}
 *       (one-off anonymous connections), {@link io.peerset.core.ConnectionConfig},
 *       {@link io.peerset.core.PeerObserver}, the production {@link io.peerset.core.SystemScheduler},
 *       {@link io.peerset.core.Providers} (service lookups) and {@link io.peerset.core.CoreConstants};</li>
 *   <li>package {@code io.peerset.core.peer} (not exported): the Zcash handshake, the per-peer
 *       connection state machine, the heartbeat and the client, after reference section 6;</li>
 *   <li>package {@code io.peerset.core.tx}: SHA-256d txids for transactions v1 to v4, ZIP-244 txids
 *       and authorizing-data digests for v5, and the block Merkle root. They live here rather than
 *       in the API because ZIP-244 needs BLAKE2b with a personalization, which the JDK lacks, and
 *       the API module is kept free of third-party libraries.</li>
 *   <li>{@link io.peerset.core.PeerSets} creates the peer set ({@link io.peerset.core.CorePeerSet},
 *       configured by {@link io.peerset.core.PeerSetContext}); its implementation lives in the
 *       package {@code io.peerset.core.set} (not exported), after reference section 5.</li>
 *   <li>package {@code io.peerset.core.census}: {@link io.peerset.core.census.Census}, a network
 *       census (the engine of {@code peerset crawl}).</li>
 * </ul>
 * Discovery (package {@code io.peerset.core.discovery}) and the running node (package
 * {@code io.peerset.core.node}) are not exported either: {@link io.peerset.core.PeerSets#start} and
 * {@link io.peerset.core.PeerSetModule} (Guice) are their entry points.
 *
 * <p>{@code requires transitive io.peerset.api}: the exported signatures use its types, so every
 * reader of this module needs the API too; likewise Guice ({@code PeerSetModule} extends its
 * {@code AbstractModule}; {@code io.peerset.core} is opened to it for the {@code @Provides} methods).
 * Bouncy Castle and SLF4J are implementation details and are not re-exported.
 */
module io.peerset.core {
    requires transitive io.peerset.api;
    requires org.bouncycastle.provider;
    requires org.slf4j;
    requires transitive com.google.guice;

    exports io.peerset.core;
    exports io.peerset.core.tx;
    exports io.peerset.core.census;

    uses io.peerset.api.spi.TransportProvider;
    uses io.peerset.api.spi.HandshakerProvider;
    uses io.peerset.api.spi.AddressBookProvider;
    uses io.peerset.api.spi.CandidateSourceProvider;

    opens io.peerset.core to com.google.guice;

    provides io.peerset.api.spi.HandshakerProvider with io.peerset.core.peer.ZcashHandshakerProvider;
    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.core.discovery.ConfiguredPeersProvider;
}
