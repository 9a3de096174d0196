package io.peerset.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.PeerSets;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerSetContext;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scenario: 75 real peer connections (handshake, connection state machine, client) on
 * the in-memory network under virtual time, each remote a scripted peer answering pings after its
 * own delay, all in one peer set. The load moves to the fast peers, and no request is lost.
 */
class PeerSetScenarioTest {

    @Test
    void loadMovesToTheFastPeersOverRealConnections() {
        PeerHarness h = new PeerHarness();
        List<PeerSetEvent> events = new ArrayList<>();
        CorePeerSet set = PeerSets.create(PeerSetConfig.builder(PeerHarness.NETWORK).build(),
                PeerSetContext.builder(h.scheduler, new SplittableRandom(5), h.scheduler).listener(events::add)
                        .loopSpins(0).build());
        Map<Long, Integer> pingsPerPeer = new ConcurrentHashMap<>();
        List<PeerHarness.Peer> peers = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            PeerHarness.Peer p = h.connect();
            long index = i;
            Duration delay = Duration.ofMillis(i < 15 ? 10 : 1_000);
            p.remote().respond(PingMessage.class, ping -> {
                if (ping.nonce() > 0 && ping.nonce() <= 2_000) { // ours, not the heartbeat's random nonces
                    pingsPerPeer.merge(index, 1, Integer::sum);
                }
                h.scheduler.schedule(delay, () -> p.remote().send(new PongMessage(ping.nonce())));
                return List.of();
            });
            peers.add(p);
            set.addPeer(p.client());
        }
        h.scheduler.runUntilIdle();
        assertThat(set.status().ready()).isEqualTo(75);

        int total = 2_000;
        AtomicInteger started = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Response.Pong>> futures = new ArrayList<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started.getAndIncrement() < total) {
                var f = set.call(new Request.Ping(started.get()));
                futures.add(f);
                f.whenComplete((r, t) -> {
                    if (t != null) {
                        failed.incrementAndGet();
                    }
                    next[0].run();
                });
            }
        };
        for (int i = 0; i < 20; i++) {
            next[0].run();
        }
        while (futures.stream().anyMatch(f -> !f.isDone()) && h.scheduler.advanceToNextTask()) {
            // virtual time moves from one delivery to the next
        }
        assertThat(futures).hasSize(total).allMatch(CompletableFuture::isDone);
        assertThat(failed.get()).isZero();
        long fast = 0;
        for (long i = 0; i < 15; i++) {
            fast += pingsPerPeer.getOrDefault(i, 0);
        }
        long all = pingsPerPeer.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(all).isGreaterThanOrEqualTo(total);
        assertThat((double) fast / all).as("share of the 15 fast peers (a fair share is 20%%)").isGreaterThan(0.35);
        assertThat(events).filteredOn(e -> e instanceof PeerSetEvent.PeerRemoved).isEmpty();
        set.close();
        h.scheduler.runUntilIdle();
        assertThat(peers).allSatisfy(p -> assertThat(p.client().error()).isPresent());
    }
}
