package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetException;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Clock;
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
 * on the next tick, so memory follows the timers that are really pending.
 *
 * <p>Precision: a task runs at its delay (plus the operating system's wake-up latency), never
 * before, and never rounded up to a tick: within the current tick the thread parks until the
 * earliest deadline ({@link TimerWheel}). Rounding up cost a whole tick per pause, and the
 * reference's shortest interval is one tick (10 ms, {@code MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL},
 * reference section 2.4): the listener's pause measured 20 ms (issue 14, section 6). Only a task
 * due before the thread's next wake-up wakes it early; the usual 20 s request timer does not.
 *
 * <p>This is the only class of peerset-core that reads the system clock (DESIGN.md section 4):
 * {@link #instant()} is the UTC system clock, {@link #nanoTime()} is {@link System#nanoTime()}.
 *
 * <p>Tasks run on the timer thread and, by the {@link Scheduler} contract, only hand work over; a
 * task that throws is logged and does not stop the timer. Thread-safe. {@link #close()} stops the
 * thread; scheduling afterwards throws {@link PeerSetException}.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    /**
     * The wheel's tick: the timer thread wakes at least this often, and a timer leaves its bucket
     * for the precise queue when its tick begins. Not a rounding of delays.
     */
    public static final Duration TICK = Duration.ofMillis(10);

    /** Buckets of the wheel (a power of two): one revolution is 1,024 ticks, 10.24 s. */
    static final int WHEEL_SIZE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int EXPIRED = 2;

    private final Clock clock = Clock.systemUTC();
    private final long startNanos = System.nanoTime();
    private final Queue<Timer> added = new ConcurrentLinkedQueue<>();
    private final Queue<Timer> cancelled = new ConcurrentLinkedQueue<>();
    /** Read and written by the timer thread only. */
    private final TimerWheel wheel = new TimerWheel(TICK.toNanos(), WHEEL_SIZE);
    private final Thread thread;
    private volatile boolean closed;
    /**
     * Until when the timer thread parks ({@link Long#MIN_VALUE} while it is awake): a task due
     * earlier must wake it. Written after the thread last looked at {@link #added}, read by
     * {@link #schedule} after it adds, so one of the two sees the other's write. (Were both to
     * miss, the task would wait for the thread's next wake-up: late by less than one tick, never
     * lost.)
     */
    private volatile long parkedUntil = Long.MIN_VALUE;

    /** Starts the timer thread. */
    public SystemScheduler() {
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
        Checks.notNegative("delay", delay);
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
        if (timer.deadline < parkedUntil) {
            LockSupport.unpark(thread);
        }
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
            removeCancelled();
            transferAdded();
            wheel.expire(System.nanoTime() - startNanos);
            long wake = wheel.nextWake();
            parkedUntil = wake;
            long wait;
            if (added.isEmpty() && !closed && (wait = wake - (System.nanoTime() - startNanos)) > 0) {
                // Returns at the wake time, or early when schedule() or close() unparks (or spuriously):
                // either way the loop looks again.
                LockSupport.parkNanos(this, wait);
            }
            parkedUntil = Long.MIN_VALUE;
        }
    }

    private void transferAdded() {
        Timer timer;
        while ((timer = added.poll()) != null) {
            if (timer.state.get() == PENDING) {
                wheel.add(timer);
            }
        }
    }

    private void removeCancelled() {
        Timer timer;
        while ((timer = cancelled.poll()) != null) {
            wheel.remove(timer);
        }
    }

    /** One scheduled task: a timer of the wheel (timer thread only) and a cancel flag. */
    private final class Timer extends TimerWheel.Timer implements Cancellable {
        final Runnable task;
        final AtomicInteger state = new AtomicInteger(PENDING);

        Timer(Runnable task, long deadline) {
            super(deadline);
            this.task = task;
        }

        @Override
        void fire() {
            if (state.compareAndSet(PENDING, EXPIRED)) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("scheduled task failed", e);
                }
            }
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
}
