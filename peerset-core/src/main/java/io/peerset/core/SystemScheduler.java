package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: real time, and one daemon timer thread named
 * {@code "peerset-timer"} (a {@link ScheduledThreadPoolExecutor} that removes cancelled tasks at
 * once, so the many request timers that are cancelled before they fire never pile up).
 *
 * <p>This is the only class of peerset-core that reads the system clock (DESIGN.md section 4):
 * {@link #instant()} is the UTC system clock, {@link #nanoTime()} is {@link System#nanoTime()}.
 *
 * <p>Tasks run on the timer thread and, by the {@link Scheduler} contract, only hand work over; a
 * task that throws is logged and does not stop the timer. Thread-safe. {@link #close()} stops the
 * thread; scheduling afterwards throws {@link PeerSetException}.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);

    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final ScheduledThreadPoolExecutor executor;

    /** Starts the timer thread. */
    public SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "peerset-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        ScheduledFuture<?> future;
        try {
            future = executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("scheduled task failed", e);
                }
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new PeerSetException("scheduler: closed (expected: open; schedule before close())", e);
        }
        return () -> future.cancel(false);
    }

    /** Stops the timer thread; tasks not yet run never run. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
