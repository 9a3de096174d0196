package io.peerset.core.peer;

import static io.peerset.core.peer.Fixtures.BLOCK_1687113;
import static io.peerset.core.peer.PeerRequestsTest.addresses;
import static io.peerset.core.peer.PeerRequestsTest.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.GetDataMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Reference sections 6.8 and 8: a peer that stops reading holds back its own stream. Nothing more
 * is read until the answer to the previous message is written, nor while the connection is not
 * writable, and a write that never completes closes the connection at the send timeout.
 */
class BackpressureTest {

    private static final Duration MS = Duration.ofMillis(1);

    private final PeerHarness h = new PeerHarness();

    @Test
    void aPeerThatStopsReadingWhileItFloodsPingsIsNoLongerReadAndIsCutAtTheSendTimeout() {
        PeerHarness.Accepted peer = h.acceptControlled();
        h.net.stallWrites(peer.connection().localAddress());
        for (int i = 0; i < 1_000; i++) {
            peer.remote().send(new PingMessage(i));
        }
        h.scheduler.runUntilIdle();
        assertThat(peer.connection().count(peer.connection().received, "ping")).as("pings read").isEqualTo(1);
        assertThat(peer.connection().count(peer.connection().sent, "pong")).as("pongs queued").isEqualTo(1);

        h.scheduler.advance(Duration.ofSeconds(20).minus(MS));
        assertThat(peer.client().error()).isEmpty();
        assertThat(peer.connection().count(peer.connection().sent, "pong")).isEqualTo(1);
        h.scheduler.advance(MS);
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ConnectionSendTimeout.class);
        assertThat(peer.connection().isOpen()).isFalse();
        assertThat(peer.remote().poll(PongMessage.class)).as("the held pong was never written").isEmpty();
    }

    @Test
    void aPeerThatStopsReadingWhileItStreamsGetdataGetsOneAnswerQueued() {
        h.inbound.answerWith(r -> CompletableFuture.completedFuture(
                new Response.Blocks(List.of(BLOCK_1687113, BLOCK_1687113), List.of(hash(9)))));
        PeerHarness.Accepted peer = h.acceptControlled();
        h.net.stallWrites(peer.connection().localAddress());
        for (int i = 0; i < 200; i++) {
            peer.remote().send(new GetDataMessage(List.of(new InventoryItem.Block(hash(i)))));
        }
        h.scheduler.runUntilIdle();
        assertThat(h.inbound.requests()).as("getdata served").hasSize(1);
        assertThat(peer.connection().sent.subList(2, peer.connection().sent.size()))
                .as("one answer queued: two blocks and a notfound").containsExactly("block", "block", "notfound");
        h.scheduler.advance(Duration.ofSeconds(20));
        assertThat(peer.client().error()).containsInstanceOf(PeerException.ConnectionSendTimeout.class);
        assertThat(h.inbound.requests()).hasSize(1);
    }

    @Test
    void readingResumesOnceTheAnswerIsWritten() {
        PeerHarness.Accepted peer = h.acceptControlled();
        h.net.stallWrites(peer.connection().localAddress());
        peer.remote().send(new PingMessage(1));
        peer.remote().send(new PingMessage(2));
        peer.remote().send(new PingMessage(3));
        h.scheduler.runUntilIdle();
        assertThat(peer.connection().count(peer.connection().received, "ping")).isEqualTo(1);
        h.scheduler.advance(Duration.ofSeconds(10));
        h.net.resumeWrites(peer.connection().localAddress());
        h.scheduler.runUntilIdle();
        assertThat(peer.remote().received().subList(2, peer.remote().received().size()))
                .containsExactly(new PongMessage(1), new PongMessage(2), new PongMessage(3));
        h.scheduler.advance(Duration.ofSeconds(15));
        assertThat(peer.client().error()).as("the send timer stopped with the write").isEmpty();
    }

    @Test
    void nothingIsReadWhileTheConnectionIsNotWritable() {
        h.inbound.answerWith(r -> CompletableFuture.completedFuture(new Response.Peers(addresses(2, 30))));
        PeerHarness.Accepted peer = h.acceptControlled();
        peer.connection().writable(false);
        h.scheduler.runUntilIdle();
        peer.remote().send(new GetAddrMessage());
        peer.remote().send(new GetAddrMessage());
        peer.remote().send(new PingMessage(5));
        h.scheduler.runUntilIdle();
        // The demand asked before the change still delivers one message; then nothing.
        assertThat(h.inbound.requests()).hasSize(1);
        assertThat(peer.connection().received.subList(2, peer.connection().received.size())).containsExactly("getaddr");

        peer.connection().writable(true);
        h.scheduler.runUntilIdle();
        assertThat(h.inbound.requests()).hasSize(2);
        assertThat(peer.remote().received().subList(2, peer.remote().received().size())).containsExactly(
                new AddrMessage(addresses(2, 30)), new AddrMessage(addresses(2, 30)), new PongMessage(5));
        assertThat(peer.client().error()).isEmpty();
    }

    @Test
    void responsesToOurRequestsStillArriveWhenNothingIsStalled() {
        PeerHarness.Accepted peer = h.acceptControlled();
        peer.remote().answerPings();
        for (int i = 0; i < 50; i++) {
            peer.remote().send(new PingMessage(i));
        }
        var pong = peer.client().call(new Request.Ping(4242));
        h.scheduler.runUntilIdle();
        assertThat(pong.join()).isInstanceOf(Response.Pong.class);
        assertThat(peer.remote().received().stream().filter(m -> m instanceof PongMessage)).hasSize(50);
        assertThat(peer.client().error()).isEmpty();
        assertThat(peer.connection().isOpen()).isTrue();
    }
}
