package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production scheduler (a timing wheel): zero and far-future delays, plus one short real delay
 * that checks a task never runs early.
 */
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

    @Test
    void aTaskNeverRunsBeforeItsDelayAndRunsWithinATickOrSo() throws Exception {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            long start = System.nanoTime();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(30), () -> ran.complete(System.nanoTime() - start));
            long elapsed = ran.get(10, TimeUnit.SECONDS);
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
    }

    @Test
    void cancelledTasksNeverRunAndOthersStillDo() throws Exception {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Cancellable> timers = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                timers.add(scheduler.schedule(Duration.ofMillis(i % 50), ran::incrementAndGet));
            }
            timers.forEach(Cancellable::cancel);
            CompletableFuture<Boolean> later = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(60), () -> later.complete(true));
            assertThat(later.get(10, TimeUnit.SECONDS)).isTrue();
            // Cancelled just after scheduling: at most the few that fired first ran.
            assertThat(ran.get()).isLessThan(10_000);
            int before = ran.get();
            CompletableFuture<Boolean> evenLater = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(60), () -> evenLater.complete(true));
            evenLater.get(10, TimeUnit.SECONDS);
            assertThat(ran.get()).isEqualTo(before);
        }
    }

    @Test
    void delaysBeyondOneRevolutionOfTheWheelWaitTheirRounds() {
        try (SystemScheduler scheduler = new SystemScheduler()) {
            CompletableFuture<Boolean> far = new CompletableFuture<>();
            scheduler.schedule(SystemScheduler.TICK.multipliedBy(SystemScheduler.WHEEL_SIZE + 5), () -> far.complete(true));
            CompletableFuture<Boolean> near = new CompletableFuture<>();
            scheduler.schedule(SystemScheduler.TICK.multipliedBy(10), () -> near.complete(true));
            near.join();
            assertThat(far).isNotDone();
        }
    }
}
