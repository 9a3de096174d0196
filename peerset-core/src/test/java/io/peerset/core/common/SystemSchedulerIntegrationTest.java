package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real timer thread keeps short delays (issue 14, section 6): medians of many real delays,
 * with bounds loose enough for a loaded two-core machine yet below what a tick of rounding costs
 * (a 10 ms pause took 20 ms). The exact arithmetic is {@link TimerWheelTest}'s.
 */
class SystemSchedulerIntegrationTest {

    private static final int SAMPLES = 40;

    /** The listener's pattern: each pause is scheduled by the task that ends the previous one. */
    @Test
    void chainedTenMillisecondPausesTakeAboutTenMillisecondsEach() throws Exception {
        long[] gaps = new long[SAMPLES];
        try (SystemScheduler scheduler = new SystemScheduler()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Runnable[] step = new Runnable[1];
            long[] last = {System.nanoTime()};
            int[] n = {0};
            step[0] = () -> {
                long now = System.nanoTime();
                gaps[n[0]++] = now - last[0];
                last[0] = now;
                if (n[0] < SAMPLES) {
                    scheduler.schedule(Duration.ofMillis(10), step[0]);
                } else {
                    done.complete(null);
                }
            };
            scheduler.schedule(Duration.ofMillis(10), step[0]);
            done.get(30, TimeUnit.SECONDS);
        }
        assertThat(Arrays.stream(gaps).min().orElseThrow()).as("never early").isGreaterThanOrEqualTo(10_000_000L);
        assertThat(median(gaps)).as("median gap, ns").isLessThan(15_000_000L);
    }

    /** A delay shorter than a tick, scheduled from another thread, wakes the parked timer thread. */
    @Test
    void aDelayShorterThanATickIsNotRoundedUpToTheTick() throws Exception {
        long[] delays = new long[SAMPLES];
        try (SystemScheduler scheduler = new SystemScheduler()) {
            for (int i = 0; i < SAMPLES; i++) {
                CompletableFuture<Long> ran = new CompletableFuture<>();
                long start = System.nanoTime();
                scheduler.schedule(Duration.ofMillis(2), () -> ran.complete(System.nanoTime() - start));
                delays[i] = ran.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Arrays.stream(delays).min().orElseThrow()).as("never early").isGreaterThanOrEqualTo(2_000_000L);
        assertThat(median(delays)).as("median delay, ns").isLessThan(7_000_000L);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
