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
        assertThat(r.log).containsExactly("refused", "dead run", "item 1", "dead run", "dead run", "item 2");
        assertThat(r.loop.inLoop()).isFalse();
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
