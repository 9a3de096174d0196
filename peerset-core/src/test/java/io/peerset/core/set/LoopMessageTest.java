package io.peerset.core.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.wire.PeerAddress;
import io.peerset.testkit.doubles.FakePeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The loop's dispatch covers every kind of {@link LoopMessage}: Java 17 has no exhaustive switch
 * over a sealed type, so this test holds one sample of each permitted subtype and fails when a new
 * subtype has no sample or is not handled by {@code DefaultPeerSet.handle}.
 */
class LoopMessageTest {

    private static List<LoopMessage> samples(Router router) {
        FakePeer peer = FakePeer.holding("10.0.0.9:8233");
        PeerEntry gone = new PeerEntry(peer, peer.info(), new PeakEwma(0));
        gone.removed = true; // every message about it is a no-op for the set's state
        List<LoopMessage> samples = new ArrayList<>();
        samples.add(Call.call(new Request.Peers()));
        samples.add(new Dispatch(router, gone, null, new Request.Peers(), 0, false));
        samples.add(new LoopMessage.AddPeer(FakePeer.holding("10.0.0.10:8233")));
        samples.add(new LoopMessage.PeerReady(gone));
        samples.add(new LoopMessage.PeerClosed(gone, new PeerException.ConnectionDropped()));
        samples.add(new LoopMessage.Inventory(PeerAddress.parse("10.0.0.9:8233"), List.of(),
                InventoryRegistry.Status.AVAILABLE));
        samples.add(new LoopMessage.Task(() -> { }));
        samples.add(LoopMessage.Shutdown.INSTANCE); // last: it closes the set
        return samples;
    }

    @Test
    void everyPermittedSubtypeHasASampleAndIsHandled() {
        SetHarness h = new SetHarness();
        Router router = h.set.router();
        List<LoopMessage> samples = samples(router);
        for (Class<?> kind : LoopMessage.class.getPermittedSubclasses()) {
            assertThat(samples).as("a sample of %s (add one above when adding a message kind)", kind.getName())
                    .anyMatch(kind::isInstance);
        }
        for (LoopMessage m : samples) {
            CompletableFuture<Boolean> handled = h.set.handleOnLoop(m);
            h.scheduler.runUntilIdle();
            assertThat(handled).as("DefaultPeerSet.handle handles a %s", m.getClass().getName())
                    .isCompletedWithValue(true);
        }
    }

    @Test
    void loopOnlyMethodsRefuseOtherThreads() {
        assumeTrue(DefaultPeerSet.class.desiredAssertionStatus(), "needs -ea (Surefire's default)");
        SetHarness h = new SetHarness();
        assertThat(h.set.inLoop()).isFalse();
        assertThatThrownBy(() -> h.set.handle(new LoopMessage.Task(() -> { }))).isInstanceOf(AssertionError.class);
        Response[] seen = new Response[1];
        h.set.handleOnLoop(new LoopMessage.Task(() -> seen[0] = new Response.Nil()));
        h.scheduler.runUntilIdle();
        assertThat(seen[0]).isNotNull();
    }
}
