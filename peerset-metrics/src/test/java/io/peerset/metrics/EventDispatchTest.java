package io.peerset.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.Request;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeMetrics}' dispatches cover every kind of {@link NodeEvent} and {@link PeerSetEvent}:
 * Java 17 has no exhaustive switch over a sealed type, so this test holds one sample of each
 * permitted subtype (through nested sealed interfaces such as {@link NodeEvent.AddressBookEvent})
 * and fails when a new kind has no sample or is neither counted nor explicitly ignored.
 */
class EventDispatchTest {

    private static final PeerAddress PEER = Events.peer(1);

    private static List<NodeEvent> nodeEvents() {
        return List.of(
                new NodeEvent.HandshakeFailed(PEER, false, Optional.of(HandshakeException.Step.VERSION),
                        FailureReason.TIMEOUT, "slow"),
                new NodeEvent.InboundDropped(PEER, NodeEvent.DropReason.values()[0]),
                new NodeEvent.InboundEvicted(PEER, PEER, "203.0.0.0/16", 3, 4, 8, 4, 10),
                new NodeEvent.AddressStateChanged(PEER, Optional.empty(), PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                new NodeEvent.AddressRemoved(PEER, PeerAddrState.FAILED, NodeEvent.AddressRemovalCause.EVICTED),
                new NodeEvent.IpBanned(PEER.ip(), PEER, 100, "invalid block", Instant.EPOCH),
                new NodeEvent.AddressDiscouraged(PEER, 50, "invalid block"),
                new NodeEvent.DialChosen(PEER, NodeEvent.DialReason.CRAWLER, "tried", "10.0.0.0/16"),
                new NodeEvent.ControlAction(NodeEvent.Action.BAN, "10.0.0.0/16", false, "until ..."));
    }

    private static List<PeerSetEvent> peerSetEvents() {
        List<PeerSetEvent> samples = new ArrayList<>();
        for (int kind = 0; kind < Events.KINDS; kind++) {
            samples.add(Events.of(kind, 1, kind));
        }
        samples.add(new PeerSetEvent.Answered(new Request.Peers(), PEER, Duration.ofMillis(5), true));
        return samples;
    }

    /** @return the record kinds of a sealed hierarchy: its permitted subtypes, nested sealed ones expanded */
    static List<Class<?>> leafKinds(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> kind : sealed.getPermittedSubclasses()) {
            if (kind.isSealed()) {
                out.addAll(leafKinds(kind));
            } else {
                out.add(kind);
            }
        }
        return out;
    }

    @Test
    void everyNodeEventKindHasASampleAndIsHandled() {
        List<NodeEvent> samples = nodeEvents();
        assertThat(leafKinds(NodeEvent.class)).as("the nested AddressBookEvent kinds are expanded")
                .contains(NodeEvent.IpBanned.class);
        for (Class<?> kind : leafKinds(NodeEvent.class)) {
            assertThat(samples).as("a sample of %s (add one above when adding an event kind)", kind.getName())
                    .anyMatch(kind::isInstance);
        }
        try (NodeMetrics metrics = NodeMetrics.create(new SimpleMeterRegistry())) {
            for (NodeEvent event : samples) {
                assertThat(metrics.onNodeEvent(event)).as("NodeMetrics.onNodeEvent handles a %s",
                        event.getClass().getName()).isTrue();
            }
        }
    }

    @Test
    void everyPeerSetEventKindHasASampleAndIsHandled() {
        List<PeerSetEvent> samples = peerSetEvents();
        for (Class<?> kind : leafKinds(PeerSetEvent.class)) {
            assertThat(samples).as("a sample of %s (add one above when adding an event kind)", kind.getName())
                    .anyMatch(kind::isInstance);
        }
        try (NodeMetrics metrics = NodeMetrics.create(new SimpleMeterRegistry())) {
            for (PeerSetEvent event : samples) {
                assertThat(metrics.onEvent(event)).as("NodeMetrics.onEvent handles a %s", event.getClass().getName())
                        .isTrue();
            }
        }
    }
}
