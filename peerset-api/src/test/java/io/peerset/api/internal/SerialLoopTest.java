package io.peerset.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SerialLoop}: one drain at a time, batches, the loop-local queue, the loop's role, refusal. */
class SerialLoopTest {

    /** An executor the test drives: tasks wait until {@link #runAll()}. */
    private static final class Manual implements java.util.concurrent.Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int runAll() {
            int n = 0;
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
                n++;
            }
            return n;
        }
    }

    /** Records what the loop does. */
    private static class Recorder implements SerialLoop.Handler<Integer> {
        final List<String> log = new ArrayList<>();
        SerialLoop<Integer> loop;

        @Override
        public void handle(Integer item) {
            assertThat(loop.inLoop()).isTrue();
            log.add("item " + item);
        }

        @Override
        public void drainStarting() {
            log.add("start");
        }

        @Override
        public void drainEnded() {
            log.add("end");
        }

        @Override
        public void refused(RuntimeException error) {
            assertThat(loop.inLoop()).isTrue();
            log.add("refused");
        }

        @Override
        public void deadRunStarting() {
            log.add("dead run");
        }

        @Override
        public void deadRunEnded() {
            log.add("dead end");
        }
    }

    @Test
    void oneDrainTaskAtATimeInOrderInBatches() {
        Manual executor = new Manual();
        Recorder r = new Recorder();
        r.loop = new SerialLoop<>(executor, r, 2, 0);
        for (int i = 0; i < 5; i++) {
            r.loop.submit(i);
        }
        assertThat(executor.tasks).as("the flag keeps it to one task").hasSize(1);
        assertThat(r.loop.inLoop()).isFalse();
        assertThat(executor.runAll()).as("a batch of 2, then it schedules itself again").isEqualTo(3);
        assertThat(r.log).containsExactly("start", "item 0", "item 1", "end", "start", "item 2", "item 3", "end",
                "start", "item 4", "end");
    }

    @Test
    void itemsSubmittedOnTheLoopAreHandledInTheSameDrain() {
        Manual executor = new Manual();
        Recorder r = new Recorder() {
            @Override
            public void handle(Integer item) {
                super.handle(item);
                if (item < 3) {
                    loop.submitLocal(item + 10);
                }
            }
        };
        r.loop = new SerialLoop<>(executor, r, 100, 0);
        r.loop.submit(1);
        r.loop.submit(2);
        assertThat(executor.runAll()).isEqualTo(1);
        assertThat(r.log).containsExactly("start", "item 1", "item 11", "item 2", "item 12", "end");
    }

    @Test
    void aRefusingExecutorHandsEveryItemToTheSubmittingThread() {
        Recorder r = new Recorder();
        r.loop = new SerialLoop<>(task -> {
            throw new RejectedExecutionException("shut down");
        }, r, 100, 0);
        r.loop.submit(1);
        assertThat(r.loop.isDead()).isTrue();
        r.loop.submit(2);
        // the refusing submit runs the dead loop twice (once on refusal, once as any submit to a dead
        // loop does): the handler's dead-run hook must be idempotent
        assertThat(r.log).containsExactly("refused", "dead run", "item 1", "dead end", "dead run", "dead end",
                "dead run", "item 2", "dead end");
        assertThat(r.loop.inLoop()).isFalse();
    }

    @Test
    void aDeadLoopTakesWhatItsHandlerSubmitsInTheRunInProgressNotReEntrantly() {
        Recorder r = new Recorder() {
            @Override
            public void handle(Integer item) {
                super.handle(item);
                if (item == 1) {
                    loop.submit(2); // would nest a second dead run inside this one
                    log.add("after submit");
                }
            }

            @Override
            public void deadRunEnded() {
                super.deadRunEnded();
                if (!log.contains("item 3")) {
                    loop.submit(3); // e.g. a listener told at the end of the run submits again
                }
            }
        };
        r.loop = new SerialLoop<>(task -> {
            throw new RejectedExecutionException("shut down");
        }, r, 100, 0);
        r.loop.submit(1);
        assertThat(r.log).containsExactly("refused", "dead run", "item 1", "after submit", "item 2", "dead end",
                "dead run", "item 3", "dead end", "dead run", "dead end");
    }

    @Test
    void aBoundedInboxRefusesWhileFullAndTakesItemsAgainOnceTheLoopHasTakenSome() {
        Manual executor = new Manual();
        Recorder r = new Recorder();
        r.loop = new SerialLoop<>(executor, r, 2, 0, SerialLoop.OverflowPolicy.refuseWhenFull(3));
        assertThat(r.loop.offer(1)).isTrue();
        assertThat(r.loop.offer(2)).isTrue();
        assertThat(r.loop.offer(3)).isTrue();
        assertThat(r.loop.offer(4)).as("three wait: full").isFalse();
        assertThatThrownBy(() -> r.loop.submit(5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inbox full at 3 items");
        Runnable first = executor.tasks.poll();
        first.run(); // one batch of 2: two places free
        assertThat(r.loop.offer(6)).isTrue();
        assertThat(r.loop.offer(7)).isTrue();
        assertThat(r.loop.offer(8)).isFalse();
        executor.runAll();
        assertThat(r.log).containsExactly("start", "item 1", "item 2", "end", "start", "item 3", "item 6", "end",
                "start", "item 7", "end");
    }

    @Test
    void loopLocalItemsDoNotCountAgainstTheBound() {
        Manual executor = new Manual();
        Recorder r = new Recorder() {
            @Override
            public void handle(Integer item) {
                super.handle(item);
                if (item < 10) {
                    loop.submitLocal(item + 10);
                    loop.submitLocal(item + 20);
                }
            }
        };
        r.loop = new SerialLoop<>(executor, r, 100, 0, SerialLoop.OverflowPolicy.refuseWhenFull(1));
        assertThat(r.loop.offer(1)).isTrue();
        executor.runAll();
        assertThat(r.log).containsExactly("start", "item 1", "item 11", "item 21", "end");
        assertThat(r.loop.offer(2)).as("the one place is free again").isTrue();
    }

    @Test
    void discardingTheInboxHandsBackWhatWaitsInOrderAndFreesItsPlaces() {
        Manual executor = new Manual();
        Recorder r = new Recorder();
        r.loop = new SerialLoop<>(executor, r, 100, 0, SerialLoop.OverflowPolicy.refuseWhenFull(2));
        r.loop.offer(1);
        r.loop.offer(2);
        List<Integer> discarded = new ArrayList<>();
        assertThat(r.loop.discardInbox(discarded::add)).isEqualTo(2);
        assertThat(discarded).containsExactly(1, 2);
        assertThat(r.loop.offer(3)).isTrue();
        assertThat(r.loop.offer(4)).isTrue();
        executor.runAll();
        assertThat(r.log).containsExactly("start", "item 3", "item 4", "end");
    }

    @Test
    void overflowPoliciesValidateAndDescribeThemselves() {
        assertThat(SerialLoop.OverflowPolicy.unbounded().capacity()).isEmpty();
        assertThat(SerialLoop.OverflowPolicy.refuseWhenFull(5).capacity()).hasValue(5);
        assertThat(SerialLoop.OverflowPolicy.refuseWhenFull(5)).hasToString("refuseWhenFull(5)");
        assertThat(SerialLoop.OverflowPolicy.unbounded()).hasToString("unbounded");
        assertThatThrownBy(() -> SerialLoop.OverflowPolicy.refuseWhenFull(0))
                .hasMessage("capacity: 0 (expected: > 0 and < 2^31 - 1)");
        assertThatThrownBy(() -> new SerialLoop<>(Runnable::run, new Recorder(), 1, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("overflow");
    }

    @Test
    void withRealThreadsOnlyTheDrainingThreadIsInTheLoop() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger handled = new AtomicInteger();
            AtomicInteger outside = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<SerialLoop<Integer>> loop = new AtomicReference<>();
            loop.set(new SerialLoop<>(executor, new SerialLoop.Handler<>() {
                @Override
                public void handle(Integer item) {
                    if (!loop.get().inLoop()) {
                        outside.incrementAndGet();
                    }
                    if (handled.incrementAndGet() == 4000) {
                        done.countDown();
                    }
                }

                @Override
                public void refused(RuntimeException error) {
                }
            }, 64, 100));
            Thread[] callers = new Thread[4];
            for (int t = 0; t < callers.length; t++) {
                callers[t] = new Thread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        loop.get().submit(i);
                        assertThat(loop.get().inLoop()).isFalse();
                    }
                });
                callers[t].start();
            }
            for (Thread c : callers) {
                c.join();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(outside).hasValue(0);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void validatesItsBounds() {
        Recorder r = new Recorder();
        assertThatThrownBy(() -> new SerialLoop<>(Runnable::run, r, 0, 0))
                .hasMessage("maxBatch: 0 (expected: > 0)");
        assertThatThrownBy(() -> new SerialLoop<>(Runnable::run, r, 1, -1))
                .hasMessage("spins: -1 (expected: >= 0)");
    }
}
