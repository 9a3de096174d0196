package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
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

    /**
     * Cancelled tasks the queues may hold before they are swept out at once (besides as many as
     * there are live tasks): a cancelled task costs no more than a flag until then, and the sweep's
     * linear cost is spread over at least as many cancellations as it removes.
     */
    static final int CANCELLED_SLACK = 1_024;

    private final Instant start;
    /**
     * Tasks due later than the instant they were submitted at, in (due, submission) order. A heap
     * whose keys sit in primitive arrays: with link latencies nearly every delivery has a due time
     * of its own, and a heap of task objects made each sift a chain of cache misses (the largest
     * single cost of a 1,000-node simulation before).
     */
    private final TimedHeap timed = new TimedHeap();
    /**
     * Tasks submitted with no delay, in submission order: due at the instant they were submitted, so
     * already in (due, submission) order without a heap. Most tasks are these (hand-overs, deliveries
     * without latency).
     */
    private final ArrayDeque<Task> immediate = new ArrayDeque<>();
    /** Written under the lock; read without it by {@link #nanoTime()} and {@link #instant()}. */
    private volatile long now;
    private long sequence;
    /** Tasks in the queues that are neither cancelled nor started. */
    private int live;
    /** Cancelled tasks still in the queues (removed lazily: see {@link #CANCELLED_SLACK}). */
    private int cancelled;
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
    public Instant instant() {
        return start.plusNanos(now);
    }

    @Override
    public long nanoTime() {
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
            Task t = new Task(this, due, sequence++, task);
            if (nanos == 0) {
                immediate.add(t);
            } else {
                timed.add(t);
            }
            live++;
            return t;
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
                Runnable r = task.runnable;
                task.runnable = null; // a handle kept by the code that scheduled it holds no garbage
                r.run();
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
                // a task in the immediate queue was submitted from another thread since
                // runUntilIdle returned: it is due now, so the clock stays
                if (peekImmediate() == null) {
                    Task next = peekTimed();
                    if (next == null || next.due > target) {
                        now = target;
                        break;
                    }
                    now = next.due;
                }
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
            Task next = peekImmediate();
            if (next == null) {
                next = peekTimed();
            }
            if (next == null) {
                return false;
            }
            delay = Duration.ofNanos(Math.max(0, next.due - now));
        }
        advance(delay);
        return true;
    }

    /** @return tasks waiting to run, due now or later (cancelled tasks are not counted) */
    public synchronized int pendingTasks() {
        return live;
    }

    /** @return time elapsed since this scheduler was created */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /**
     * Takes the next task due now: the earlier (by due time, then submission) of the two queues'
     * heads. The immediate queue is in that order by construction, since the clock never goes back.
     */
    private synchronized Task pollDue() {
        Task first = peekImmediate();
        Task timedFirst = peekTimed();
        if (timedFirst != null && timedFirst.due <= now && (first == null || timedFirst.compareTo(first) < 0)) {
            first = pollTimed();
        } else if (first != null) {
            immediate.poll();
        } else {
            return null;
        }
        first.state = Task.STARTED;
        live--;
        return first;
    }

    /** @return the immediate queue's first task that is not cancelled, dropping the cancelled ones before it */
    private Task peekImmediate() {
        Task t;
        while ((t = immediate.peek()) != null && t.state == Task.CANCELLED) {
            immediate.poll();
            cancelled--;
        }
        return t;
    }

    /** @return the timed tasks' first that is not cancelled, dropping the cancelled ones before it */
    private Task peekTimed() {
        Task t;
        while ((t = timed.peek()) != null && t.state == Task.CANCELLED) {
            timed.poll();
            cancelled--;
        }
        return t;
    }

    /** Takes the task {@link #peekTimed()} just returned. */
    private Task pollTimed() {
        return timed.poll();
    }

    /**
     * Marks a task cancelled in O(1) instead of searching the queue for it; it is dropped when it
     * reaches a queue's head, or in a sweep once cancelled tasks outnumber live ones (and the slack).
     */
    private synchronized boolean cancel(Task task) {
        if (task.state != Task.PENDING) {
            return false;
        }
        task.state = Task.CANCELLED;
        task.runnable = null; // what the task holds is garbage now, even while the task waits for a sweep
        live--;
        cancelled++;
        if (cancelled > live + CANCELLED_SLACK) {
            timed.removeCancelled();
            immediate.removeIf(t -> t.state == Task.CANCELLED);
            cancelled = 0;
        }
        return true;
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

    /**
     * A 4-ary min-heap of tasks by (due, seq), the keys copied into primitive arrays so that a sift
     * reads contiguous longs instead of one task object per level. Guarded by the scheduler's lock.
     */
    private static final class TimedHeap {
        private long[] due = new long[64];
        private long[] seq = new long[64];
        private Task[] tasks = new Task[64];
        private int size;

        Task peek() {
            return size == 0 ? null : tasks[0];
        }

        void add(Task t) {
            if (size == tasks.length) {
                int n = size * 2;
                due = Arrays.copyOf(due, n);
                seq = Arrays.copyOf(seq, n);
                tasks = Arrays.copyOf(tasks, n);
            }
            siftUp(size++, t);
        }

        Task poll() {
            if (size == 0) {
                return null;
            }
            Task first = tasks[0];
            Task last = tasks[--size];
            tasks[size] = null;
            if (size > 0) {
                siftDown(0, last);
            }
            return first;
        }

        /** Drops every cancelled task and restores the heap (Floyd's construction, linear). */
        void removeCancelled() {
            int n = 0;
            for (int i = 0; i < size; i++) {
                Task t = tasks[i];
                if (t.state != Task.CANCELLED) {
                    tasks[n] = t;
                    due[n] = t.due;
                    seq[n] = t.seq;
                    n++;
                }
            }
            Arrays.fill(tasks, n, size, null);
            size = n;
            for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
                siftDown(i, tasks[i]);
            }
        }

        private boolean less(long d, long s, int j) {
            return d < due[j] || (d == due[j] && s < seq[j]);
        }

        private void siftUp(int i, Task t) {
            long d = t.due;
            long s = t.seq;
            while (i > 0) {
                int parent = (i - 1) >>> 2;
                if (!less(d, s, parent)) {
                    break;
                }
                set(i, tasks[parent], due[parent], seq[parent]);
                i = parent;
            }
            set(i, t, d, s);
        }

        private void siftDown(int i, Task t) {
            long d = t.due;
            long s = t.seq;
            while (true) {
                int first = (i << 2) + 1;
                if (first >= size) {
                    break;
                }
                int best = first;
                int end = Math.min(first + 4, size);
                for (int c = first + 1; c < end; c++) {
                    if (due[c] < due[best] || (due[c] == due[best] && seq[c] < seq[best])) {
                        best = c;
                    }
                }
                if (!(due[best] < d || (due[best] == d && seq[best] < s))) {
                    break;
                }
                set(i, tasks[best], due[best], seq[best]);
                i = best;
            }
            set(i, t, d, s);
        }

        private void set(int i, Task t, long d, long s) {
            tasks[i] = t;
            due[i] = d;
            seq[i] = s;
        }
    }

    /** A submitted task, and the handle that cancels it. Its mutable fields are guarded by the scheduler's lock. */
    private static final class Task implements Comparable<Task>, Cancellable {
        static final byte PENDING = 0;
        static final byte STARTED = 1;
        static final byte CANCELLED = 2;

        final VirtualScheduler scheduler;
        final long due;
        final long seq;
        Runnable runnable;
        byte state = PENDING;

        Task(VirtualScheduler scheduler, long due, long seq, Runnable runnable) {
            this.scheduler = scheduler;
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public boolean cancel() {
            return scheduler.cancel(this);
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
