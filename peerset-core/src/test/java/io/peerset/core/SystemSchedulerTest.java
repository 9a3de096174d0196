package io.peerset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production scheduler: only zero and far-future delays, so nothing waits for real time. */
class SystemSchedulerTest {

    @Test
    void runsTasksOnOneDaemonThreadNamedPeersetTimer() throws Exception {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            CompletableFuture<Thread> ran = new CompletableFuture<>();
            scheduler.schedule(Duration.ZERO, () -> ran.complete(Thread.currentThread()));
            Thread thread = ran.get(10, TimeUnit.SECONDS);
            assertThat(thread.getName()).isEqualTo("peerset-timer");
            assertThat(thread.isDaemon()).isTrue();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheTimer() throws Exception {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            scheduler.schedule(Duration.ZERO, () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<Boolean> after = new CompletableFuture<>();
            scheduler.schedule(Duration.ZERO, () -> after.complete(true));
            assertThat(after.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void cancelPreventsAPendingTaskOnce() {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            Cancellable task = scheduler.schedule(Duration.ofDays(1), () -> {
            });
            assertThat(task.cancel()).isTrue();
            assertThat(task.cancel()).isFalse();
        }
    }

    @Test
    void readsTheSystemClock() {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            assertThat(scheduler.instant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
            long a = scheduler.nanoTime();
            assertThat(scheduler.nanoTime()).isGreaterThanOrEqualTo(a);
        }
    }

    @Test
    void rejectsNegativeDelaysAndSchedulingAfterClose() {
        SystemScheduler scheduler = new SystemScheduler();
        assertThatThrownBy(() -> scheduler.schedule(Duration.ofSeconds(-1), () -> {
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("delay: PT-1S (expected: >= 0)");
        scheduler.close();
        scheduler.close();
        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> {
        })).isInstanceOf(PeerSetException.class).hasMessageContaining("scheduler: closed");
    }
}
