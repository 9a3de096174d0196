package io.peerset.core.set;

import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-rate timer on the injected scheduler (DESIGN section 4: no component has a timer of its
 * own): the n-th run is due n periods after the start; a late run re-arms for the next due time,
 * so late ticks follow each other at once instead of drifting (reference 5.3's rotation). The task
 * runs on the scheduler's thread; a task that throws runs again at its next time.
 */
final class FixedRateTimer {

    private static final Logger log = LoggerFactory.getLogger(FixedRateTimer.class);

    private FixedRateTimer() {
    }

    /**
     * @param clock   the scheduler
     * @param every   the period
     * @param task    what to run
     * @param stopped checked before each run and each re-arm: once true, the timer stops
     * @return cancels the timer
     */
    static Cancellable start(Scheduler clock, Duration every, Runnable task, BooleanSupplier stopped) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Cancellable> current = new AtomicReference<>();
        long period = every.toNanos();
        long start = clock.nanoTime();
        long[] runs = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (cancelled.get() || stopped.getAsBoolean()) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("peer set: timer task failed; it runs again at its next time", e);
            }
            long next = start + ++runs[0] * period + period;
            if (!cancelled.get() && !stopped.getAsBoolean()) {
                current.set(clock.schedule(Duration.ofNanos(Math.max(0, next - clock.nanoTime())), tick[0]));
            }
        };
        current.set(clock.schedule(every, tick[0]));
        return () -> {
            boolean first = cancelled.compareAndSet(false, true);
            Cancellable c = current.get();
            if (c != null) {
                c.cancel();
            }
            return first;
        };
    }
}
