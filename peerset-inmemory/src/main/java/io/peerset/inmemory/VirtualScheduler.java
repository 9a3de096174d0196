package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A {@link Scheduler} whose clock moves only when a test says so: tasks run inside
 * {@link #runUntilIdle()} and {@link #advance(Duration)}, on the calling thread, in order of due
 * time and then of submission. A test that drives hundreds of connections through it is
 * deterministic and never waits real seconds.
 *
 * <p>It is also an {@link Executor} (a task submitted with {@link #execute(Runnable)} is due now),
 * which is how the in-memory transport serialises every connection on it.
 *
 * <p>Threading: {@link #schedule} and {@link #execute} may be called from any thread (they only
 * enqueue); {@link #runUntilIdle()} and {@link #advance(Duration)} must be called from one thread at a
 * time, and a task must not call them.
 */
public final class VirtualScheduler implements Scheduler, Executor {

    /** Where the virtual wall clock starts unless told otherwise: a fixed, round instant. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Tasks {@link #runUntilIdle()} may run before it concludes that tasks keep re-submitting
     * themselves at zero delay (a livelock in the code under test, not a test that is merely busy).
     */
    public static final int MAX_TASKS_PER_RUN = 10_000_000;

    private final Instant start;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private boolean running;
    /** The thread inside runUntilIdle/advance, while one is: the only thread that runs tasks. */
    private volatile Thread runner;

    /** A scheduler at {@link #DEFAULT_START}, nanoTime 0. */
    public VirtualScheduler() {
        this(DEFAULT_START);
    }

    /**
     * @param start the wall-clock instant at nanoTime 0
     */
    public VirtualScheduler(Instant start) {
        this.start = requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant instant() {
        return start.plusNanos(now);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        requireNonNull(delay, "delay");
        requireNonNull(task, "task");
        Checks.notNegative("delay", delay);
        long nanos = saturatedNanos(delay);
        synchronized (this) {
            long due = now + nanos < now ? Long.MAX_VALUE : now + nanos;
            Task t = new Task(due, sequence++, task);
            queue.add(t);
            return () -> cancel(t);
        }
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /**
     * Runs every task that is due now, including tasks they submit that are due now too.
     *
     * @return how many tasks ran
     * @throws IllegalStateException if more than {@value #MAX_TASKS_PER_RUN} tasks ran (a livelock)
     */
    public int runUntilIdle() {
        enter();
        try {
            int ran = 0;
            Task task;
            while ((task = pollDue()) != null) {
                if (++ran > MAX_TASKS_PER_RUN) {
                    throw new IllegalStateException("runUntilIdle: more than " + MAX_TASKS_PER_RUN
                            + " tasks at one instant (expected: the code under test to go idle)");
                }
                task.runnable.run();
            }
            return ran;
        } finally {
            exit();
        }
    }

    /**
     * Moves the clock forward by {@code duration}, running each task when its due time is reached,
     * in order; tasks due at the end instant run too.
     *
     * @param duration how far, not negative
     * @return how many tasks ran
     */
    public int advance(Duration duration) {
        Checks.notNegative("duration", duration);
        long target;
        synchronized (this) {
            target = now + saturatedNanos(duration);
        }
        int ran = runUntilIdle();
        while (true) {
            synchronized (this) {
                Task next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    break;
                }
                now = next.due;
            }
            ran += runUntilIdle();
        }
        return ran + runUntilIdle();
    }

    /**
     * Advances to the next task's due time (if any is scheduled) and runs what is due then.
     *
     * @return whether a task was scheduled
     */
    public boolean advanceToNextTask() {
        Duration delay;
        synchronized (this) {
            Task next = queue.peek();
            if (next == null) {
                return false;
            }
            delay = Duration.ofNanos(next.due - now);
        }
        advance(delay);
        return true;
    }

    /** @return tasks waiting to run, due now or later */
    public synchronized int pendingTasks() {
        return queue.size();
    }

    /** @return time elapsed since this scheduler was created */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now);
    }

    private synchronized Task pollDue() {
        Task next = queue.peek();
        if (next == null || next.due > now) {
            return null;
        }
        return queue.poll();
    }

    private synchronized boolean cancel(Task task) {
        return queue.remove(task);
    }

    private synchronized void enter() {
        if (running) {
            throw new IllegalStateException("runUntilIdle/advance called from a task or from two threads");
        }
        running = true;
        runner = Thread.currentThread();
    }

    /**
     * @return whether the caller is a task this scheduler is running (the executor's "event loop"):
     *         what loop-confined code asserts
     */
    public boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private synchronized void exit() {
        running = false;
        runner = null;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable runnable;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
