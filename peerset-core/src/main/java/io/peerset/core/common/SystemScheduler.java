package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: real time, and one daemon timer thread named
 * {@code "peerset-timer"} driving a hashed timing wheel.
 *
 * <p>Why a wheel: every request and every send arms a 20 s timer that is almost always cancelled
 * within milliseconds, thousands of times per second. A heap-based timer
 * ({@link java.util.concurrent.ScheduledThreadPoolExecutor}) takes a lock and, each time a new
 * timer becomes the earliest, wakes its thread: two context switches per request on a small
 * machine. Here scheduling is a lock-free enqueue and cancelling a flag flip; the timer thread
 * wakes once per {@link #TICK} whatever the load, and expired or cancelled entries leave the wheel
 * on the next tick, so memory follows the timers that are really pending. The price is precision:
 * a task runs within one tick after its delay (never before), which is far below every interval of
 * the reference (the shortest is 10 ms, {@code MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL}).
 *
 * <p>This is the only class of peerset-core that reads the system clock (DESIGN.md section 4):
 * {@link #instant()} is the UTC system clock, {@link #nanoTime()} is {@link System#nanoTime()}.
 *
 * <p>Tasks run on the timer thread and, by the {@link Scheduler} contract, only hand work over; a
 * task that throws is logged and does not stop the timer. Thread-safe. {@link #close()} stops the
 * thread; scheduling afterwards throws {@link PeerSetException}.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    /** The wheel's resolution: a task runs at most this long after its delay has passed. */
    public static final Duration TICK = Duration.ofMillis(10);

    /** Buckets of the wheel (a power of two): one revolution is 1,024 ticks, 10.24 s. */
    static final int WHEEL_SIZE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int EXPIRED = 2;

    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final long tickNanos = TICK.toNanos();
    private final long startNanos = System.nanoTime();
    private final Queue<Timer> added = new ConcurrentLinkedQueue<>();
    private final Queue<Timer> cancelled = new ConcurrentLinkedQueue<>();
    private final Bucket[] wheel = new Bucket[WHEEL_SIZE];
    private final Thread thread;
    private volatile boolean closed;
    /** Ticks completed; read and written by the timer thread only. */
    private long tick;

    /** Starts the timer thread. */
    public SystemScheduler() {
        for (int i = 0; i < WHEEL_SIZE; i++) {
            wheel[i] = new Bucket();
        }
        thread = new Thread(this::run, "peerset-timer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Instant instant() {
        return clock.instant();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        requireNonNull(delay, "delay");
        requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        if (closed) {
            throw new PeerSetException("scheduler: closed (expected: open; schedule before close())");
        }
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        long now = System.nanoTime() - startNanos;
        Timer timer = new Timer(task, now + nanos < now ? Long.MAX_VALUE : now + nanos);
        added.add(timer);
        return timer;
    }

    /** Stops the timer thread; tasks not yet run never run. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            long nextTick = (tick + 1) * tickNanos;
            long wait;
            while (!closed && (wait = nextTick - (System.nanoTime() - startNanos)) > 0) {
                LockSupport.parkNanos(this, wait);
            }
            if (closed) {
                break;
            }
            removeCancelled();
            transferAdded();
            expire(wheel[(int) (tick & (WHEEL_SIZE - 1))], System.nanoTime() - startNanos);
            tick++;
        }
    }

    private void transferAdded() {
        Timer timer;
        while ((timer = added.poll()) != null) {
            if (timer.state.get() != PENDING) {
                continue;
            }
            // The tick at whose end the deadline has passed; never a tick already processed.
            long due = Math.max(timer.deadline / tickNanos, tick);
            timer.rounds = (due - tick) / WHEEL_SIZE;
            wheel[(int) (due & (WHEEL_SIZE - 1))].add(timer);
        }
    }

    private void removeCancelled() {
        Timer timer;
        while ((timer = cancelled.poll()) != null) {
            if (timer.bucket != null) {
                timer.bucket.remove(timer);
            }
        }
    }

    private void expire(Bucket bucket, long now) {
        Timer timer = bucket.head;
        while (timer != null) {
            Timer next = timer.next;
            if (timer.rounds > 0) {
                timer.rounds--;
            } else if (timer.deadline <= now) {
                bucket.remove(timer);
                if (timer.state.compareAndSet(PENDING, EXPIRED)) {
                    try {
                        timer.task.run();
                    } catch (RuntimeException | Error e) {
                        LOG.warn("scheduled task failed", e);
                    }
                }
            }
            timer = next;
        }
    }

    /** One scheduled task: a node of its bucket's list (timer thread only) and a cancel flag. */
    private final class Timer implements Cancellable {
        final Runnable task;
        /** Nanoseconds since the scheduler started. */
        final long deadline;
        final AtomicInteger state = new AtomicInteger(PENDING);
        long rounds;
        Bucket bucket;
        Timer previous;
        Timer next;

        Timer(Runnable task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public boolean cancel() {
            if (!state.compareAndSet(PENDING, CANCELLED)) {
                return false;
            }
            // The timer thread unlinks it on its next tick, so cancelled timers don't pile up.
            cancelled.add(this);
            return true;
        }
    }

    /** A doubly linked list of timers, touched by the timer thread only. */
    private static final class Bucket {
        Timer head;
        Timer tail;

        void add(Timer timer) {
            timer.bucket = this;
            timer.previous = tail;
            timer.next = null;
            if (tail == null) {
                head = timer;
            } else {
                tail.next = timer;
            }
            tail = timer;
        }

        void remove(Timer timer) {
            if (timer.bucket != this) {
                return;
            }
            if (timer.previous == null) {
                head = timer.next;
            } else {
                timer.previous.next = timer.next;
            }
            if (timer.next == null) {
                tail = timer.previous;
            } else {
                timer.next.previous = timer.previous;
            }
            timer.bucket = null;
            timer.previous = null;
            timer.next = null;
        }
    }
}
