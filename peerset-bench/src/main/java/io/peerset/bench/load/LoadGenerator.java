package io.peerset.bench.load;

import io.peerset.api.Request;
import io.peerset.api.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * The closed-loop load generator of {@link PeerSetLoad}: keeps K requests in flight against a
 * {@link Target} (the set's {@code call}, or a baseline's) for a warm-up and a measured window, and
 * records throughput and latency. Not thread-safe beyond what each driver documents.
 */
final class LoadGenerator {

    private static final long SECOND = 1_000_000_000L;

    private LoadGenerator() {
    }

    /** What the generator drives: the set's {@code call}, or the floor's. */
    @FunctionalInterface
    interface Target {
        CompletableFuture<? extends Response> call(Request<?> request);
    }

    /** The flags the measuring thread flips and the generator reads. */
    private static final class Control {
        volatile boolean running = true;
        volatile boolean measuring;
    }

    /**
     * @param completed requests completed normally in the measured window
     * @param failed    requests completed exceptionally in the window (never counted as throughput)
     * @param seconds   the window's length
     * @param loopTasks tasks the loop executor was given in the window (drains scheduled: each one
     *                  that found the loop idle woke its thread)
     * @param latency   the latency of every normally completed request of the window, ns
     */
    record Result(long completed, long failed, double seconds, long loopTasks, Histogram latency) {
        double rate() {
            return completed / seconds;
        }

        double tasksPerThousand() {
            return completed == 0 ? Double.NaN : 1000.0 * loopTasks / completed;
        }
    }

    /**
     * What a run watches besides its requests.
     *
     * @param check     run once after the warm-up (fails the run if the target is not as expected)
     * @param loopTasks counts the tasks given to the target's loop executor
     */
    record Watch(Runnable check, LongAdder loopTasks) {
    }

    /** The window of a run. */
    private record Window(double seconds, long loopTasks) {
    }

    /** Sleeps through the warm-up, runs the check, then measures for {@code seconds}. */
    private static Window window(Control control, int warmup, int seconds, Watch watch) throws InterruptedException {
        Thread.sleep(warmup * 1000L);
        watch.check().run();
        long tasks = watch.loopTasks().sum();
        long t0 = System.nanoTime();
        control.measuring = true;
        Thread.sleep(seconds * 1000L);
        control.measuring = false;
        long t1 = System.nanoTime();
        return new Window((t1 - t0) / 1e9, watch.loopTasks().sum() - tasks);
    }

    enum Driver {
        CALLER("caller") {
            @Override
            Result run(Target target, int k, int warmup, int seconds, Watch watch) throws Exception {
                return callerDriven(target, k, warmup, seconds, watch);
            }
        },
        CHAINED("chained") {
            @Override
            Result run(Target target, int k, int warmup, int seconds, Watch watch) throws Exception {
                return chained(target, k, warmup, seconds, watch);
            }
        };

        final String label;

        Driver(String label) {
            this.label = label;
        }

        abstract Result run(Target target, int k, int warmup, int seconds, Watch watch) throws Exception;

        static Driver of(String name) {
            for (Driver d : values()) {
                if (d.label.equals(name)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("driver: " + name + " (expected: caller or chained)");
        }
    }

    // ---- caller: one spinning load thread ----

    /**
     * One in-flight request of the caller driver. The completing thread writes {@code end} and
     * {@code failed}, then the volatile {@code done}; the load thread reads {@code done} first. Padded
     * so two slots rarely share a cache line (the loop writes one while the load thread scans
     * another).
     */
    private static final class Slot implements BiConsumer<Response, Throwable> {
        @SuppressWarnings("unused")
        long p0, p1, p2, p3, p4, p5, p6;
        final long id;
        long seq;
        long start;
        long end;
        boolean failed;
        volatile boolean done;
        @SuppressWarnings("unused")
        long q0, q1, q2, q3, q4, q5, q6;

        Slot(long id) {
            this.id = id;
        }

        void issue(Target target) {
            done = false;
            Request<?> request = new Request.Ping(id << 40 | seq++);
            start = System.nanoTime();
            target.call(request).whenComplete(this);
        }

        @Override
        public void accept(Response response, Throwable error) {
            end = System.nanoTime();
            failed = error != null;
            done = true;
        }
    }

    private static Result callerDriven(Target target, int k, int warmup, int seconds, Watch watch) throws Exception {
        Slot[] slots = new Slot[k];
        for (int i = 0; i < k; i++) {
            slots[i] = new Slot(i);
        }
        Control control = new Control();
        Histogram latency = new Histogram();
        long[] counts = new long[2]; // completed, failed: the load thread's, read after join
        Throwable[] crashed = new Throwable[1];
        Thread loader = new Thread(() -> {
            try {
                callerLoop(target, slots, control, latency, counts);
            } catch (Throwable t) {
                crashed[0] = t;
            }
        }, "load-caller");
        loader.setDaemon(true);
        loader.start();
        Window window;
        try {
            window = window(control, warmup, seconds, watch);
        } finally {
            control.running = false;
        }
        loader.join(TimeUnit.SECONDS.toMillis(60));
        if (loader.isAlive()) {
            throw new IllegalStateException("the load thread did not stop within 60 s");
        }
        if (crashed[0] != null) {
            throw new IllegalStateException("the load thread failed", crashed[0]);
        }
        return new Result(counts[0], counts[1], window.seconds(), window.loopTasks(), latency);
    }

    private static void callerLoop(Target target, Slot[] slots, Control control, Histogram latency, long[] counts) {
        for (Slot s : slots) {
            s.issue(target);
        }
        long completed = 0;
        long failed = 0;
        while (control.running) {
            boolean any = false;
            for (Slot s : slots) {
                if (s.done) {
                    any = true;
                    if (control.measuring) {
                        if (s.failed) {
                            failed++;
                        } else {
                            completed++;
                            latency.record(s.end - s.start);
                        }
                    }
                    s.issue(target);
                }
            }
            if (!any) {
                Thread.onSpinWait();
            }
        }
        counts[0] = completed;
        counts[1] = failed;
        long deadline = System.nanoTime() + 30 * SECOND;
        for (Slot s : slots) {
            while (!s.done) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("requests still in flight 30 s after the run");
                }
                Thread.onSpinWait();
            }
        }
    }

    // ---- chained: each completion issues the next from the completing thread ----

    /** Shared by the chains of one run; the counters are the completing thread's (the set's loop). */
    private static final class ChainRun {
        final Control control = new Control();
        final Histogram latency = new Histogram();
        final AtomicInteger outstanding;
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        final LongAdder failed = new LongAdder();
        final Target target;
        long completed;

        ChainRun(Target target, int k) {
            this.target = target;
            this.outstanding = new AtomicInteger(k);
        }
    }

    /**
     * One closed loop of the chained driver: one request in flight, the next issued by the previous
     * one's completion. A failure ends the chain (no retry storm, no recursion on inline failures).
     */
    private static final class Chain implements BiConsumer<Response, Throwable> {
        final ChainRun run;
        final long id;
        long seq;
        long start;

        Chain(ChainRun run, long id) {
            this.run = run;
            this.id = id;
        }

        void issue() {
            Request<?> request = new Request.Ping(id << 40 | seq++);
            start = System.nanoTime();
            run.target.call(request).whenComplete(this);
        }

        @Override
        public void accept(Response response, Throwable error) {
            long end = System.nanoTime();
            ChainRun r = run;
            boolean measuring = r.control.measuring;
            if (error != null) {
                if (measuring) {
                    r.failed.increment();
                }
            } else if (measuring) {
                r.completed++;
                r.latency.record(end - start);
            }
            if (error == null && r.control.running) {
                issue();
            } else if (r.outstanding.decrementAndGet() == 0) {
                r.drained.complete(null);
            }
        }
    }

    private static Result chained(Target target, int k, int warmup, int seconds, Watch watch) throws Exception {
        ChainRun run = new ChainRun(target, k);
        for (int i = 0; i < k; i++) {
            new Chain(run, i).issue();
        }
        Window window;
        try {
            window = window(run.control, warmup, seconds, watch);
        } finally {
            run.control.running = false;
        }
        run.drained.get(60, TimeUnit.SECONDS);
        return new Result(run.completed, run.failed.sum(), window.seconds(), window.loopTasks(), run.latency);
    }
}
