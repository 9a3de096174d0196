package io.peerset.plugin.seedlist.internal;

import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real-time {@link Scheduler} and a blocking executor for the plugin's tests (the plugin depends on
 * the API alone, so core's scheduler is not at hand). Daemon threads; {@link #close()} stops them.
 */
final class TestScheduler implements Scheduler, AutoCloseable {

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "test-timer"));
    final ExecutorService blocking = Executors.newCachedThreadPool(r -> daemon(r, "test-blocking"));

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
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
    public void close() {
        timer.shutdownNow();
        blocking.shutdownNow();
    }
}
