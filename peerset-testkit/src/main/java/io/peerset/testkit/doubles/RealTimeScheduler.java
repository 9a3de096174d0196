package io.peerset.testkit.doubles;

import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real-time {@link Scheduler} on one daemon thread, for tests of modules that cannot reach core's
 * {@code SystemScheduler} (the transports, plugins that depend on the API alone) and whose subject
 * waits on real sockets, so virtual time does not apply.
 *
 * <p>Thread-safe; {@link #close()} stops the thread (tasks not yet run are dropped).
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;

    /** @param threadName the timer thread's name, for test failures' thread dumps */
    public RealTimeScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
