package io.peerset.core.peer;

import static io.peerset.core.peer.PeerRequestsTest.addresses;
import static io.peerset.core.peer.PeerRequestsTest.hash;
import static io.peerset.core.peer.ZcashHandshakerTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.peerset.api.HandshakeException;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.wire.GetAddrMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Once the transport's event loops are gone, a connection's executor rejects tasks. Nothing may
 * then throw on a caller's, timer's or application's thread, and nothing may wait forever: what
 * is pending completes with {@link PeerException.ConnectionDropped} (or the error stored first),
 * and a connector's future fails with {@link HandshakeException.Io}.
 */
class RejectingExecutorTest {

    private final PeerHarness h = new PeerHarness();

    @Test
    void aRejectedTimerHandOverFailsEverythingThatWaitsWithConnectionDropped() {
        PeerHarness.Accepted peer = h.acceptControlled();
        var waiting = peer.client().call(new Request.BlocksByHash(Set.of(hash(1))));
        h.scheduler.runUntilIdle();
        CompletableFuture<Void> ready = peer.client().ready();
        peer.connection().rejectTasks();

        h.scheduler.advance(Duration.ofSeconds(20)); // the receive timer cannot hand over: the loop is gone
        PeerException error = assertFails(waiting, PeerException.ConnectionDropped.class);
        assertThat(error).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(assertFails(ready, PeerException.class)).isSameAs(error);
        assertThat(peer.client().error()).containsSame(error);
        assertThat(peer.client().closeFuture().join()).isSameAs(error);
        assertThat(h.observer.failures).containsExactly(error);
        assertThat(peer.connection().isOpen()).isFalse();
        assertThat(peer.remote().closeReason()).isPresent();

        assertThat(assertFails(peer.client().call(new Request.Peers()), PeerException.class)).isSameAs(error);
        assertThatCode(() -> peer.client().close()).doesNotThrowAnyException();
        h.scheduler.advance(Duration.ofSeconds(120));
        assertThat(h.observer.failures).containsExactly(error);
    }

    @Test
    void closeDoesNotThrowAndCompletesWhatWaits() {
        PeerHarness.Accepted peer = h.acceptControlled();
        var waiting = peer.client().call(new Request.BlocksByHash(Set.of(hash(1))));
        h.scheduler.runUntilIdle();
        peer.connection().rejectTasks();

        assertThatCode(() -> peer.client().close()).doesNotThrowAnyException();
        PeerException error = assertFails(waiting, PeerException.ClientDropped.class);
        assertThat(peer.client().closeFuture()).isCompletedWithValue(error);
        assertThat(h.observer.failures).containsExactly(error);
        h.scheduler.runUntilIdle();
        assertThat(peer.remote().closeReason()).as("the transport connection is closed too").isPresent();
    }

    @Test
    void aCallIsAnsweredWithConnectionDroppedInsteadOfThrowing() {
        PeerHarness.Accepted peer = h.acceptControlled();
        peer.connection().rejectTasks();
        AtomicReference<CompletableFuture<Response.Peers>> call = new AtomicReference<>();
        assertThatCode(() -> call.set(peer.client().call(new Request.Peers()))).doesNotThrowAnyException();
        PeerException error = assertFails(call.get(), PeerException.ConnectionDropped.class);
        assertThat(peer.client().closeFuture()).isCompletedWithValue(error);
        assertThat(peer.client().isReady()).isFalse();
    }

    @Test
    void anInboundAnswerCompletedAfterTheLoopIsGoneFailsTheConnection() {
        CompletableFuture<Response> slow = new CompletableFuture<>();
        h.inbound.answerWith(r -> slow);
        PeerHarness.Accepted peer = h.acceptControlled();
        peer.remote().send(new GetAddrMessage());
        h.scheduler.runUntilIdle();
        assertThat(h.inbound.requests()).containsExactly(new Request.Peers());
        peer.connection().rejectTasks();

        // The application answers on its own thread; the hand-over to the loop is rejected.
        slow.complete(new Response.Peers(addresses(1, 40)));
        assertThat(peer.client().closeFuture()).isCompleted();
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ConnectionDropped.class);
    }

    @Test
    void aRejectedHandOverAfterTheHandshakeFailsTheAcceptWithIo() {
        PeerHarness.DialIn in = h.dialIn();
        ControlledConnection connection = new ControlledConnection(in.accepted());
        connection.rejectTasksAfter(1); // the handshake runs; the hand-over to the connection state machine is rejected
        CompletableFuture<PeerClient> client = h.connector().accept(connection);
        h.scheduler.runUntilIdle();
        HandshakeException.Io error = assertFails(client, HandshakeException.Io.class);
        assertThat(error).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(connection.sent).as("the handshake itself completed").containsExactly("version", "verack");
        assertThat(in.dialer().closeReason()).isPresent();
        assertThat(h.observer.events).isEmpty();
    }

    @Test
    void aRejectedHandshakeTimerFailsTheHandshakeWithIo() {
        PeerHarness.Remote remote = h.remote();
        PeerHarness.acceptScripted(remote, null); // accepts, never answers
        CompletableFuture<io.peerset.api.spi.Connection> dialled = h.local.connect(remote.address(), Duration.ofSeconds(3));
        h.scheduler.runUntilIdle();
        ControlledConnection connection = new ControlledConnection(dialled.join());
        connection.rejectTasksAfter(1); // the handshake starts; its timer's hand-over is rejected
        CompletableFuture<io.peerset.api.ConnectionInfo> handshake = h.handshaker().handshake(connection, Duration.ofSeconds(3));
        h.scheduler.advance(Duration.ofSeconds(3));
        assertThat(assertFails(handshake, HandshakeException.Io.class)).hasCauseInstanceOf(RejectedExecutionException.class);
        h.scheduler.runUntilIdle();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aHandshakeOnAConnectionWhoseLoopIsGoneFailsWithIo() {
        PeerHarness.DialIn in = h.dialIn();
        ControlledConnection connection = new ControlledConnection(in.accepted());
        connection.rejectTasks();
        CompletableFuture<PeerClient> client = h.connector().accept(connection);
        h.scheduler.runUntilIdle();
        assertFails(client, HandshakeException.Io.class);
        assertThat(in.dialer().closeReason()).isPresent();
    }
}
