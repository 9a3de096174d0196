package io.peerset.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetStatus;
import io.peerset.testkit.doubles.FakeNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources closes the binding; the body never names it
class NodeMetricsTest {

    /** Messages and bytes, received and sent, for every counted command. */
    private static final int TRAFFIC_METERS = 4 * io.peerset.api.spi.TrafficCounter.COMMANDS.size();

    private final FakeNode node = new FakeNode();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private NodeMetrics bind(MeterRegistry registry) {
        return NodeMetrics.bind(node, registry, nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void everyStatusMeterRendersForPrometheusWithItsValueAndTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        node.status(FakeNode.status(3, 2, new PeerSetStatus(4, 1, 0, 5, 170_120, 9, 1), 7, 11, 13, 17, 23, 29));
        try (NodeMetrics metrics = bind(registry)) {
            Map<String, Double> samples = Scrapes.parse(registry.scrape());
            assertThat(samples).contains(
                    entry("peerset_connections{direction=\"outbound\"}", 3.0),
                    entry("peerset_connections{direction=\"inbound\"}", 2.0),
                    entry("peerset_peers{state=\"ready\"}", 4.0),
                    entry("peerset_peers{state=\"busy\"}", 1.0),
                    entry("peerset_peers{state=\"checking\"}", 0.0),
                    entry("peerset_address_book_records{state=\"connected\"}", 7.0),
                    entry("peerset_address_book_records{state=\"never-connected\"}", 11.0),
                    entry("peerset_address_book_records{state=\"failed\"}", 13.0),
                    entry("peerset_address_book_records{state=\"connecting\"}", 17.0),
                    entry("peerset_requests_waiting", 5.0),
                    entry("peerset_minimum_peer_version", 170_120.0),
                    entry("peerset_handshakes_total{outcome=\"ok\"}", 23.0),
                    entry("peerset_handshakes_total{outcome=\"failed\"}", 29.0),
                    entry("peerset_peers_added_total{direction=\"outbound\"}", 0.0),
                    entry("peerset_peers_rejected_total{reason=\"per-ip-limit\"}", 0.0),
                    entry("peerset_peers_removed_total{reason=\"stalled\"}", 0.0),
                    entry("peerset_requests_routed_total{routing=\"load-balanced\"}", 0.0),
                    entry("peerset_broadcasts_total", 0.0),
                    entry("peerset_demand_signals_total{outcome=\"dropped\"}", 0.0),
                    entry("peerset_requests_expired_total", 0.0),
                    entry("peerset_requests_not_found_total", 0.0),
                    entry("peerset_minimum_version_changes_total", 0.0));
            // 2 + 3 + 4 + 1 + 1 gauges, 2 handshake counters, 1 locator-version counter, 2 + 6 + 6 + 3 + 1 + 2 + 1 + 1 + 1 event counters,
            // (4 + 3) x 9 handshake-failure and 4 inbound-drop counters, 1 eviction counter, 4 + 3 + 1 address-book counters,
            // 1 discouragement and 5 dial-reason counters, 5 actions x 2 outcomes operator counters, 21 commands x 2 directions x (messages, bytes)
            assertThat(samples.keySet()).allMatch(k -> k.startsWith("peerset_"))
                    .filteredOn(k -> !k.startsWith("peerset_request_latency"))
                    .hasSize(11 + 2 + 1 + 23 + 63 + 4 + 1 + 8 + 6 + 10 + TRAFFIC_METERS);
            assertThat(registry.scrape()).contains("# TYPE peerset_connections gauge",
                    "# TYPE peerset_handshakes_total counter", "# TYPE peerset_peers_rejected_total counter",
                    "# HELP peerset_requests_waiting Requests waiting for a ready peer");
        }
    }

    @Test
    void locatorVersionMismatchesAreCountedFromTheStatus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        io.peerset.api.NodeStatus s = node.status();
        node.status(new io.peerset.api.NodeStatus(s.outbound(), s.inbound(), s.peerSet(), s.addressBook(),
                s.handshakesOk(), s.handshakesFailed(), 5));
        try (NodeMetrics metrics = bind(registry)) {
            assertThat(Scrapes.parse(registry.scrape())).contains(entry("peerset_locator_version_mismatches_total", 5.0));
            assertThat(registry.scrape()).contains("# TYPE peerset_locator_version_mismatches_total counter");
        }
    }

    /** Created before the node (peerset run's order): NaN until attached, then the node's status. */
    @Test
    void metricsCreatedBeforeTheNodeReadItOnceAttached() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = NodeMetrics.create(registry, nanos::get)) {
            assertThat(registry.get("peerset.connections").tag("direction", "outbound").gauge().value()).isNaN();
            metrics.attach(node);
            assertThatThrownBy(() -> metrics.attach(node)).isInstanceOf(IllegalStateException.class);
            node.status(FakeNode.status(1, 0, new PeerSetStatus(1, 0, 0, 0, 170_100, 0, 0), 1, 0, 0, 0, 1, 0));
            advance(NodeMetrics.STATUS_CACHE_TTL);
            assertThat(registry.get("peerset.connections").tag("direction", "outbound").gauge().value()).isOne();
        }
    }

    @Test
    void gaugesFollowTheStatusOnceTheCacheExpires() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            assertThat(registry.get("peerset.connections").tag("direction", "outbound").gauge().value()).isZero();
            node.status(FakeNode.status(1, 0, new PeerSetStatus(1, 0, 0, 0, 170_100, 0, 0), 1, 0, 0, 0, 1, 0));
            // still the cached status within the window
            advance(NodeMetrics.STATUS_CACHE_TTL.minusMillis(1));
            assertThat(registry.get("peerset.connections").tag("direction", "outbound").gauge().value()).isZero();
            advance(Duration.ofMillis(1));
            assertThat(registry.get("peerset.connections").tag("direction", "outbound").gauge().value()).isOne();
            assertThat(registry.get("peerset.handshakes").tag("outcome", "ok").functionCounter().count()).isOne();
        }
    }

    @Test
    void oneScrapeReadsTheStatusOncePerWindow() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (NodeMetrics metrics = bind(registry)) {
            registry.scrape();
            assertThat(node.statusReads()).hasValue(1);
            registry.scrape();
            assertThat(node.statusReads()).as("a second scrape in the same second").hasValue(1);
            advance(NodeMetrics.STATUS_CACHE_TTL);
            registry.scrape();
            assertThat(node.statusReads()).hasValue(2);
        }
    }

    @Test
    void aFailingStatusReadsAsNaNOncePerWindowAndEventCountersStillScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        node.failStatus(new IllegalStateException("node closed"));
        try (NodeMetrics metrics = bind(registry)) {
            node.fire(Events.of(4, 0, 0));
            Map<String, Double> samples = Scrapes.parse(registry.scrape());
            assertThat(samples.get("peerset_connections{direction=\"outbound\"}")).isNaN();
            assertThat(samples.get("peerset_requests_waiting")).isNaN();
            assertThat(samples).containsEntry("peerset_broadcasts_total", 1.0);
            assertThat(node.statusReads()).hasValue(1);

            node.clearStatusFailure();
            advance(NodeMetrics.STATUS_CACHE_TTL);
            assertThat(Scrapes.parse(registry.scrape())).containsEntry("peerset_connections{direction=\"outbound\"}", 0.0);
        }
    }

    @Test
    void eachEventIncrementsItsCounterOnly() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            Map<String, Double> before = Scrapes.counters(registry);
            assertThat(before.values()).containsOnly(0.0);
            for (int kind = 0; kind < Events.KINDS; kind++) {
                PeerSetEvent event = Events.of(kind, 1, kind);
                node.fire(event);
                Map<String, Double> after = Scrapes.counters(registry);
                String key = Events.counterOf(event);
                assertThat(after).as(event.toString()).containsKey(key);
                assertThat(after.get(key)).as(event.toString()).isEqualTo(before.get(key) + 1);
                before.put(key, before.get(key) + 1);
                assertThat(after).as("only %s moved", key).isEqualTo(before);
            }
        }
    }

    @Test
    void everyReasonHasItsTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            node.fire(new PeerSetEvent.PeerRejected(Events.peer(1), RejectReason.PER_IP_LIMIT));
            node.fire(new PeerSetEvent.PeerRejected(Events.peer(2), RejectReason.PER_IP_LIMIT));
            node.fire(new PeerSetEvent.PeerRemoved(Events.peer(3), RemovalReason.STALLED, java.util.Optional.empty()));
            assertThat(registry.get("peerset.peers.rejected").tag("reason", "per-ip-limit").counter().count()).isEqualTo(2);
            assertThat(registry.get("peerset.peers.rejected").tag("reason", "duplicate-address").counter().count()).isZero();
            assertThat(registry.get("peerset.peers.removed").tag("reason", "stalled").counter().count()).isOne();
            // issue 14 §6: a codec refusal is a protocol error, not just "failed"
            node.fire(new PeerSetEvent.PeerRemoved(Events.peer(4), RemovalReason.PROTOCOL_ERROR, java.util.Optional.empty()));
            assertThat(registry.get("peerset.peers.removed").tag("reason", "protocol-error").counter().count()).isOne();
            assertThat(registry.get("peerset.peers.removed").tag("reason", "failed").counter().count()).isZero();
            assertThat(registry.find("peerset.peers.rejected").counters()).hasSize(RejectReason.values().length);
            assertThat(registry.find("peerset.peers.removed").counters()).hasSize(RemovalReason.values().length);
        }
        assertThat(NodeMetrics.tagValue(RejectReason.DUPLICATE_ADDRESS)).isEqualTo("duplicate-address");
    }

    @Test
    void nodeEventsCountHandshakeFailuresByDirectionAndReasonAndDropsByReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            java.util.function.Consumer<io.peerset.api.NodeEvent> fire = node::fire;
            fire.accept(new io.peerset.api.NodeEvent.HandshakeFailed(Events.peer(1), false, java.util.Optional.of(io.peerset.api.HandshakeException.Step.VERSION), io.peerset.api.FailureReason.OBSOLETE_VERSION, "old"));
            fire.accept(new io.peerset.api.NodeEvent.HandshakeFailed(Events.peer(2), true, java.util.Optional.of(io.peerset.api.HandshakeException.Step.VERACK), io.peerset.api.FailureReason.TIMEOUT, "slow"));
            fire.accept(new io.peerset.api.NodeEvent.HandshakeFailed(Events.peer(3), true, java.util.Optional.empty(), io.peerset.api.FailureReason.TIMEOUT, "slow"));
            fire.accept(new io.peerset.api.NodeEvent.InboundDropped(Events.peer(4),
                    io.peerset.api.NodeEvent.DropReason.PER_IP_THROTTLE));
            assertThat(registry.get("peerset.handshake.failures").tags("direction", "outbound", "step", "version",
                    "reason", "obsolete-version").counter().count()).isOne();
            assertThat(registry.get("peerset.handshake.failures").tags("direction", "inbound", "step", "verack",
                    "reason", "timeout").counter().count()).isOne();
            assertThat(registry.get("peerset.handshake.failures").tags("direction", "inbound", "step", "unknown",
                    "reason", "timeout").counter().count()).isOne();
            assertThat(registry.get("peerset.handshake.failures").tags("direction", "inbound", "reason", "timeout")
                    .counters()).extracting(c -> c.count()).containsOnly(0.0, 1.0);
            assertThat(registry.get("peerset.handshake.failures").tags("direction", "outbound", "reason", "timeout")
                    .counters()).allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(registry.get("peerset.inbound.dropped").tag("reason", "per-ip-throttle").counter().count()).isOne();
            assertThat(registry.find("peerset.handshake.failures").counters())
                    .hasSize((4 + 3) * io.peerset.api.FailureReason.values().length);
        }
    }

    @Test
    void messagesAndBytesAreCountedByCommandAndDirectionFromOneTrafficReadPerWindow() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (NodeMetrics metrics = bind(registry)) {
            node.trafficCounter().received("ping", 32);
            node.trafficCounter().received("ping", 32);
            node.trafficCounter().sent("pong", 32);
            node.trafficCounter().received("made-up", 100);
            node.trafficReads().set(0);
            Map<String, Double> samples = Scrapes.parse(registry.scrape());
            assertThat(samples).contains(
                    entry("peerset_messages_total{command=\"ping\",direction=\"received\"}", 2.0),
                    entry("peerset_message_bytes_total{command=\"ping\",direction=\"received\"}", 64.0),
                    entry("peerset_messages_total{command=\"pong\",direction=\"sent\"}", 1.0),
                    entry("peerset_message_bytes_total{command=\"pong\",direction=\"sent\"}", 32.0),
                    entry("peerset_messages_total{command=\"other\",direction=\"received\"}", 1.0),
                    entry("peerset_messages_total{command=\"block\",direction=\"sent\"}", 0.0));
            assertThat(node.trafficReads()).as("one read serves the whole scrape").hasValue(1);
            node.trafficCounter().sent("pong", 32);
            assertThat(Scrapes.parse(registry.scrape()))
                    .as("cached within the window").contains(entry("peerset_messages_total{command=\"pong\",direction=\"sent\"}", 1.0));
            advance(NodeMetrics.STATUS_CACHE_TTL);
            assertThat(Scrapes.parse(registry.scrape()))
                    .contains(entry("peerset_messages_total{command=\"pong\",direction=\"sent\"}", 2.0));
        }
    }

    @Test
    void addressBookEventsCountTransitionsRemovalsAndBans() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            java.util.function.Consumer<io.peerset.api.NodeEvent> fire = node::fire;
            var a = Events.peer(1);
            fire.accept(new io.peerset.api.NodeEvent.AddressStateChanged(a, java.util.Optional.empty(),
                    io.peerset.api.PeerAddrState.NEVER_ATTEMPTED_GOSSIPED));
            fire.accept(new io.peerset.api.NodeEvent.AddressStateChanged(a,
                    java.util.Optional.of(io.peerset.api.PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                    io.peerset.api.PeerAddrState.ATTEMPT_PENDING));
            fire.accept(new io.peerset.api.NodeEvent.IpBanned(a.ip(), a, 100, "invalid block",
                    java.time.Instant.EPOCH));
            fire.accept(new io.peerset.api.NodeEvent.AddressRemoved(a, io.peerset.api.PeerAddrState.ATTEMPT_PENDING,
                    io.peerset.api.NodeEvent.AddressRemovalCause.BANNED));
            assertThat(registry.get("peerset.address.book.transitions").tag("to", "never-connected").counter().count()).isOne();
            assertThat(registry.get("peerset.address.book.transitions").tag("to", "connecting").counter().count()).isOne();
            assertThat(registry.get("peerset.address.book.transitions").tag("to", "connected").counter().count()).isZero();
            assertThat(registry.get("peerset.address.book.removals").tag("cause", "banned").counter().count()).isOne();
            assertThat(registry.get("peerset.address.book.removals").tag("cause", "evicted").counter().count()).isZero();
            fire.accept(new io.peerset.api.NodeEvent.AddressRemoved(Events.peer(2), io.peerset.api.PeerAddrState.FAILED,
                    io.peerset.api.NodeEvent.AddressRemovalCause.INBOUND_CLOSED));
            assertThat(registry.get("peerset.address.book.removals").tag("cause", "inbound-closed").counter().count()).isOne();
            assertThat(registry.get("peerset.bans").counter().count()).isOne();
            fire.accept(new io.peerset.api.NodeEvent.AddressDiscouraged(a, 50, "invalid block"));
            fire.accept(new io.peerset.api.NodeEvent.DialChosen(a, io.peerset.api.NodeEvent.DialReason.ANCHOR, "anchors",
                    "10.0.0.0/16"));
            assertThat(registry.get("peerset.discouraged").counter().count()).isOne();
            assertThat(registry.get("peerset.dials").tag("reason", "anchor").counter().count()).isOne();
            assertThat(registry.get("peerset.dials").tag("reason", "crawler").counter().count()).isZero();
        }
    }

    @Test
    void answersAreTimedByRequestKindAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            node.fire(new PeerSetEvent.Answered(new io.peerset.api.Request.Peers(), Events.peer(1),
                    java.time.Duration.ofMillis(120), true));
            node.fire(new PeerSetEvent.Answered(new io.peerset.api.Request.Peers(), Events.peer(2),
                    java.time.Duration.ofMillis(80), true));
            node.fire(new PeerSetEvent.Answered(new io.peerset.api.Request.Peers(), Events.peer(3),
                    java.time.Duration.ofSeconds(20), false));
            var ok = registry.get("peerset.request.latency").tags("kind", "peers", "outcome", "ok").timer();
            assertThat(ok.count()).isEqualTo(2);
            assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(200.0);
            assertThat(registry.get("peerset.request.latency").tags("kind", "peers", "outcome", "failed").timer()
                    .count()).isOne();
        }
        assertThat(NodeMetrics.requestKind(io.peerset.api.Request.BlocksByHash.class)).isEqualTo("blocks-by-hash");
    }

    @Test
    void manyPeersNeverAddMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NodeMetrics metrics = bind(registry)) {
            int meters = registry.getMeters().size();
            for (int n = 0; n < 1_000; n++) {
                node.fire(Events.of(n % Events.KINDS, n, n));
            }
            assertThat(registry.getMeters()).hasSize(meters);
        }
    }

    @Test
    void closeRemovesTheListenerAndEveryMeterAndIsIdempotent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("someone.else");
        NodeMetrics metrics = bind(registry);
        assertThat(node.listeners()).hasSize(1);
        // 14 status meters, 23 event counters, 63 handshake-failure and 3 inbound-drop counters,
        // 8 address-book counters, the traffic counters,
        // each latency timer, plus (in a registry without native histograms) a gauge per bucket
        int timers = 2 * io.peerset.api.Request.class.getPermittedSubclasses().length
                * (1 + NodeMetrics.LATENCY_BUCKETS.length);
        assertThat(registry.getMeters()).hasSize(1 + 14 + 23 + 63 + 4 + 1 + 8 + 6 + 10 + TRAFFIC_METERS + timers);
        assertThat(node.nodeListeners()).hasSize(1);

        metrics.close();
        assertThat(node.listeners()).isEmpty();
        assertThat(node.nodeListeners()).isEmpty();
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("someone.else");
        metrics.close();
        assertThat(registry.getMeters()).hasSize(1);

        // binding again after a close works (a restarted node)
        try (NodeMetrics again = bind(registry)) {
            assertThat(registry.getMeters()).hasSize(1 + 14 + 23 + 63 + 4 + 1 + 8 + 6 + 10 + TRAFFIC_METERS + timers);
        }
    }
}
