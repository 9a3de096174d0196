package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.Request;
import io.peerset.testkit.doubles.FakeNode;
import io.peerset.wire.PeerAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-24T18:40:01.123Z");
    private static final PeerAddress A = PeerAddress.parse("203.0.113.7:8233");
    private static final PeerAddress B = PeerAddress.parse("[2001:db8::1]:8233");

    /** One sample of every event kind, so a new kind without a sample fails {@link #everyKindHasASample}. */
    private static List<Record> samples() {
        Request<?> peers = new Request.Peers();
        return List.of(
                new PeerSetEvent.PeerAdded(A, true, 170_120),
                new PeerSetEvent.PeerRejected(A, PeerSetEvent.RejectReason.PER_IP_LIMIT),
                new PeerSetEvent.PeerRemoved(A, PeerSetEvent.RemovalReason.FAILED,
                        Optional.of(new PeerException.ConnectionClosed(new java.io.IOException("Connection reset by peer")))),
                new PeerSetEvent.Routed(peers, A, PeerSetEvent.Routing.LOAD_BALANCED),
                new PeerSetEvent.Answered(peers, A, Duration.ofMillis(12), true),
                new PeerSetEvent.Broadcast(peers, 3, List.of(A, B), 1),
                new PeerSetEvent.DemandSignalled(2, false),
                new PeerSetEvent.RequestExpired(peers, new PeerException.ServiceShutdown()),
                new PeerSetEvent.NotFoundInRegistry(peers),
                new PeerSetEvent.MinimumVersionChanged(170_100, 170_120),
                new NodeEvent.HandshakeFailed(B, false, Optional.of(HandshakeException.Step.VERACK), FailureReason.TIMEOUT, "slow"),
                new NodeEvent.InboundDropped(A, NodeEvent.DropReason.PER_IP_THROTTLE),
                new NodeEvent.InboundEvicted(A, B, "203.0.0.0/16", 3, 4, 8, 4, 10),
                new NodeEvent.AddressStateChanged(A, Optional.empty(), PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                new NodeEvent.AddressRemoved(A, PeerAddrState.FAILED, NodeEvent.AddressRemovalCause.EVICTED),
                new NodeEvent.IpBanned(A.ip(), A, 100, "invalid block", T.plus(Duration.ofHours(24))),
                new NodeEvent.AddressDiscouraged(A, 50, "invalid block"),
                new NodeEvent.DialChosen(A, NodeEvent.DialReason.ANCHOR, "anchors", "10.0.0.0/16"),
                new NodeEvent.ControlAction(NodeEvent.Action.RELOAD_SOURCES, "", false, "12 address(es) from 2 source(s)"));
    }

    @Test
    void everyKindHasASample() {
        List<Class<?>> kinds = new ArrayList<>(List.of(PeerSetEvent.class.getPermittedSubclasses()));
        for (Class<?> k : NodeEvent.class.getPermittedSubclasses()) {
            if (k.isInterface()) {
                kinds.addAll(List.of(k.getPermittedSubclasses()));
            } else {
                kinds.add(k);
            }
        }
        assertThat(samples()).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(kinds);
    }

    @Test
    void everyEventIsOneJsonObjectNamedAfterItsRecordWithItsComponents() throws Exception {
        for (Record event : samples()) {
            String line = EventLog.line(event, T);
            assertThat(line).doesNotContain("\n");
            JsonNode json = MAPPER.readTree(line);
            assertThat(json.get("time").asText()).isEqualTo("2026-11-24T18:40:01.123Z");
            assertThat(json.get("event").asText()).isEqualTo(event.getClass().getSimpleName());
        }
    }

    @Test
    void componentsAreWrittenForPeople() {
        assertThat(EventLog.line(new PeerSetEvent.PeerRemoved(A, PeerSetEvent.RemovalReason.BANNED, Optional.empty()), T))
                .isEqualTo("{\"time\":\"2026-11-24T18:40:01.123Z\",\"event\":\"PeerRemoved\","
                        + "\"peer\":\"203.0.113.7:8233\",\"reason\":\"banned\"}");
        assertThat(EventLog.line(new NodeEvent.HandshakeFailed(B, true, Optional.of(HandshakeException.Step.VERSION),
                FailureReason.OBSOLETE_VERSION, "obsolete protocol version 170002"), T))
                .isEqualTo("{\"time\":\"2026-11-24T18:40:01.123Z\",\"event\":\"HandshakeFailed\","
                        + "\"address\":\"[2001:db8::1]:8233\",\"inbound\":true,\"step\":\"version\","
                        + "\"reason\":\"obsolete-version\",\"message\":\"obsolete protocol version 170002\"}");
        assertThat(EventLog.line(new NodeEvent.IpBanned(A.ip(), A, 100, "invalid block", T), T))
                .isEqualTo("{\"time\":\"2026-11-24T18:40:01.123Z\",\"event\":\"IpBanned\",\"ip\":\"203.0.113.7\","
                        + "\"address\":\"203.0.113.7:8233\",\"score\":100,\"reason\":\"invalid block\","
                        + "\"until\":\"2026-11-24T18:40:01.123Z\"}");
        assertThat(EventLog.line(new NodeEvent.AddressStateChanged(A, Optional.of(PeerAddrState.ATTEMPT_PENDING),
                PeerAddrState.RESPONDED), T)).contains("\"previous\":\"connecting\",\"current\":\"connected\"");
        // one spelling of every code, the enums' own (issue 14 §5)
        assertThat(EventLog.line(new NodeEvent.InboundDropped(A, NodeEvent.DropReason.PER_IP_THROTTLE), T))
                .endsWith("\"reason\":\"per-ip-throttle\"}");
        assertThat(EventLog.line(new PeerSetEvent.PeerRejected(A, PeerSetEvent.RejectReason.DUPLICATE_ADDRESS), T))
                .endsWith("\"reason\":\"duplicate-address\"}");
        assertThat(EventLog.line(new NodeEvent.AddressStateChanged(A, Optional.empty(),
                PeerAddrState.NEVER_ATTEMPTED_GOSSIPED), T)).endsWith("\"current\":\"never-connected\"}");
        assertThat(EventLog.line(new PeerSetEvent.Answered(new Request.Peers(), A, Duration.ofMillis(12), true), T))
                .contains("\"request\":\"Peers\"", "\"latencyMs\":12.0");
        assertThat(EventLog.line(new NodeEvent.ControlAction(NodeEvent.Action.BAN, "203.0.113.0/24", true, "why"), T))
                .endsWith("\"event\":\"ControlAction\",\"action\":\"ban\",\"target\":\"203.0.113.0/24\","
                        + "\"refused\":true,\"detail\":\"why\"}");
        assertThat(EventLog.line(new PeerSetEvent.Broadcast(new Request.Peers(), 3, List.of(A, B), 1), T))
                .contains("\"peers\":[\"203.0.113.7:8233\",\"[2001:db8::1]:8233\"]");
    }

    @Test
    void anErrorIsItsMessageWithItsCauses() {
        assertThat(EventLog.line(samples().get(2), T)).contains(
                "\"error\":\"Peer closed connection: Connection reset by peer\"");
    }

    @Test
    void aCauseWhoseMessageTheErrorAlreadyQuotesIsWrittenOnce() throws Exception {
        // issue 14: a codec refusal read "Serialization error: X: X" (the exception quotes its cause)
        io.peerset.wire.WireFormatException wire = new io.peerset.wire.WireFormatException("getblocks",
                "version", 232, "70015 (expected: the negotiated version 170160)");
        String line = EventLog.line(new PeerSetEvent.PeerRemoved(A, PeerSetEvent.RemovalReason.FAILED,
                Optional.of(new PeerException.Serialization(wire))), T);
        assertThat(MAPPER.readTree(line).get("error").asText()).isEqualTo(
                "Serialization error: getblocks: version at offset 232: 70015 (expected: the negotiated version 170160)");
    }

    @Test
    void anyReasonAndMessageStaysOneValidLine() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 200), integers().between(0, 255))
                .checkAssert((text, last) -> {
                    PeerAddress address = PeerAddress.parse("198.51.100." + last + ":8233");
                    String line = EventLog.line(new NodeEvent.IpBanned(address.ip(), address, 100, text, T), T);
                    assertThat(line).doesNotContain("\n", "\r");
                    try {
                        JsonNode json = MAPPER.readTree(line);
                        assertThat(json.get("reason").asText()).isEqualTo(text);
                        assertThat(json.get("address").asText()).isEqualTo(address.toString());
                        assertThat(PeerAddress.parse(json.get("address").asText())).isEqualTo(address);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(line, e);
                    }
                });
    }

    @Test
    void appendsEveryEventButThePerRequestOnesThenStopsListeningOnClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        FakeNode node = new FakeNode(A);
        EventLog log = EventLog.open(file, Clock.fixed(T, ZoneOffset.UTC));
        log.start(node);
        for (Record event : samples()) {
            if (event instanceof PeerSetEvent e) {
                node.fire(e);
            } else {
                node.fire((NodeEvent) event);
            }
        }
        log.close();
        log.close();
        assertThat(node.listeners()).isEmpty();
        assertThat(node.nodeListeners()).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).as("appended, not overwritten").isEqualTo("{\"earlier\":true}");
        assertThat(lines.subList(1, lines.size())).hasSize(samples().size() - 2)
                .noneMatch(l -> l.contains("\"event\":\"Routed\"") || l.contains("\"event\":\"Answered\""));
        assertThat(log.written()).isEqualTo(samples().size() - 2);
        assertThat(log.dropped()).isZero();
        assertThat(log.failure()).isEmpty();
    }

    @Test
    void textUtf8CannotEncodeIsReplacedAndTheLogGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        FakeNode node = new FakeNode(A);
        EventLog log = EventLog.open(file, Clock.fixed(T, ZoneOffset.UTC));
        log.start(node);
        node.fire(new NodeEvent.IpBanned(A.ip(), A, 100, "lone \uD800 surrogate", T));
        node.fire(new NodeEvent.InboundDropped(B, NodeEvent.DropReason.BANNED));
        log.close();
        assertThat(log.failure()).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.get(0)).get("reason").asText()).isEqualTo("lone ? surrogate");
        assertThat(lines.get(1)).contains("\"event\":\"InboundDropped\"");
    }

    @Test
    void aFullQueueDropsAndTheFileSaysHowMany(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        FakeNode node = new FakeNode(A);
        EventLog log = EventLog.open(file, Clock.fixed(T, ZoneOffset.UTC));
        log.start(node);
        NodeEvent event = new NodeEvent.InboundDropped(A, NodeEvent.DropReason.INBOUND_LIMIT);
        int fired = 3 * EventLog.QUEUE_CAPACITY;
        for (int i = 0; i < fired; i++) {
            node.fire(event);
        }
        log.close();
        List<String> lines = Files.readAllLines(file);
        long recorded = lines.stream().filter(l -> l.contains("InboundDropped")).count();
        long droppedInFile = lines.stream().filter(l -> l.contains("EventsDropped"))
                .mapToLong(l -> {
                    try {
                        return MAPPER.readTree(l).get("count").asLong();
                    } catch (java.io.IOException e) {
                        throw new AssertionError(l, e);
                    }
                }).sum();
        assertThat(recorded + log.dropped()).as("every event written or counted").isEqualTo(fired);
        assertThat(droppedInFile).isEqualTo(log.dropped());
    }

    @Test
    void anUnwritablePathIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> EventLog.open(dir.resolve("missing").resolve("events.jsonl"), Clock.systemUTC()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
