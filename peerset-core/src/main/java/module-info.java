/**
 * peerset's core: the machinery that turns the wire protocol of {@code io.peerset.wire} into a
 * working set of Zcash peers.
 *
 * <p>Packages, with no cycle between them (the root depends on the others, never the reverse):
 * <ul>
 *   <li>{@code io.peerset.core} (exported): the entry points only — {@link io.peerset.core.PeerSets}
 *       (a peer set, a running node), {@link io.peerset.core.PeerSetModule} (Guice) and
 *       {@link io.peerset.core.Providers} (service lookups);</li>
 *   <li>{@code io.peerset.core.common} (exported): what the peer, set, discovery and node packages
 *       share — {@link io.peerset.core.common.ConnectionConfig}, {@link io.peerset.core.common.PeerObserver},
 *       {@link io.peerset.core.common.PeerDemand}, {@link io.peerset.core.common.PeerFailures},
 *       {@link io.peerset.core.common.CorePeerSet} and its {@link io.peerset.core.common.PeerSetContext},
 *       the production {@link io.peerset.core.common.SystemScheduler} and
 *       {@link io.peerset.core.common.CoreConstants};</li>
 *   <li>{@code io.peerset.core.connect} (exported): single peers — {@link io.peerset.core.connect.PeerConnector}
 *       (dial or accept, handshake, and a {@link io.peerset.api.PeerClient} per peer) and
 *       {@link io.peerset.core.connect.IsolatedConnections} (one-off anonymous connections);</li>
 *   <li>{@code io.peerset.core.peer} (not exported): the Zcash handshake, the per-peer connection
 *       state machine, the heartbeat and the client, after reference section 6;</li>
 *   <li>{@code io.peerset.core.set} (not exported): the peer set, after reference section 5;</li>
 *   <li>{@code io.peerset.core.discovery} and {@code io.peerset.core.node} (not exported): the
 *       listener, initial peers, crawler and the running node, after reference section 1.4.</li>
 * </ul>
 *
 * <p>Applications of the library that use only its public API live with their application, not
 * here: the network census behind {@code peerset crawl} is in the CLI module.
 *
 * <p>{@code requires transitive io.peerset.api}: the exported signatures use its types, so every
 * reader of this module needs the API too; likewise Guice ({@code PeerSetModule} extends its
 * {@code AbstractModule}; {@code io.peerset.core} is opened to it for the {@code @Provides} methods).
 * SLF4J is an implementation detail and is not re-exported.
 */
module io.peerset.core {
    requires transitive io.peerset.api;
    requires org.slf4j;
    requires transitive com.google.guice;

    exports io.peerset.core;
    exports io.peerset.core.common;
    exports io.peerset.core.connect;

    uses io.peerset.api.spi.TransportProvider;
    uses io.peerset.api.spi.HandshakerProvider;
    uses io.peerset.api.spi.AddressBookProvider;
    uses io.peerset.api.spi.CandidateSourceProvider;

    opens io.peerset.core to com.google.guice;

    provides io.peerset.api.spi.HandshakerProvider with io.peerset.core.peer.ZcashHandshakerProvider;
    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.core.discovery.ConfiguredPeersProvider;
}
