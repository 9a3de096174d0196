package io.peerset.core.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.PeerSetConfig;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.common.SystemScheduler;
import io.peerset.wire.Network;
import io.peerset.testkit.doubles.FakePeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The set with real threads: its loop on a single-threaded executor (spinning, as in production),
 * two caller threads, and peers answered from four other threads, as connection I/O threads answer.
 * Every request completes, no peer ever gets two requests at once, and the queue's accounting ends
 * where it started.
 */
class PeerSetThreadsTest {

    @Test
    void everyRequestCompletesWithAnswersArrivingOnOtherThreads() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        ExecutorService answering = Executors.newFixedThreadPool(4);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (SystemScheduler scheduler = new SystemScheduler()) {
            DefaultPeerSet set = DefaultPeerSet.create(PeerSetConfig.builder(Network.MAINNET)
                    .requestQueueCapacity(1_000).build(), PeerSetContext.builder(scheduler, new SplittableRandom(9), loop)
                    .build());
            List<FakePeer> peers = new ArrayList<>();
            ConcurrentLinkedQueue<FakePeer> toAnswer = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 20; i++) {
                FakePeer p = FakePeer.holding("203.0.113." + (i + 1) + ":8233");
                peers.add(p);
                set.addPeer(p);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> set.status().ready() == 20);
            // answerers: complete whatever is in flight, from their own threads
            for (int t = 0; t < 4; t++) {
                answering.execute(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (FakePeer p : peers) {
                            if (p.hasInFlight()) {
                                try {
                                    p.answer();
                                } catch (IllegalStateException raced) {
                                    // another answerer took it first
                                }
                            }
                        }
                        Thread.onSpinWait();
                    }
                });
            }
            ConcurrentLinkedQueue<CompletableFuture<Response.Peers>> all = new ConcurrentLinkedQueue<>();
            for (int c = 0; c < 2; c++) {
                callers.execute(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        var f = set.call(new Request.Peers());
                        all.add(f);
                        if (i % 500 == 0) {
                            f.exceptionally(t -> null).join(); // let the queue drain now and then
                        }
                    }
                });
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().allMatch(CompletableFuture::isDone));
            long failed = all.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            assertThat(all).hasSize(40_000);
            assertThat(failed).as("only the queue bound may refuse, with Overloaded").isLessThan(40_000);
            all.stream().filter(CompletableFuture::isCompletedExceptionally).limit(1)
                    .forEach(f -> assertThat(f).failsWithin(Duration.ZERO).withThrowableThat()
                            .withCauseInstanceOf(io.peerset.api.PeerException.Overloaded.class));
            assertThat(peers).allSatisfy(p -> assertThat(p.violations()).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> set.status().ready() == 20
                    && set.status().waitingRequests() == 0);
            long served = peers.stream().mapToLong(p -> p.received().size()).sum();
            assertThat(served).isEqualTo(40_000 - failed);
            set.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> set.closeFuture().isDone());
        } finally {
            answering.shutdownNow();
            loop.shutdownNow();
        }
    }
}
