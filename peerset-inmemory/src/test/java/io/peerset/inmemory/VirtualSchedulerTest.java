package io.peerset.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();

    @Test
    void nothingRunsUntilTheTestDrivesIt() {
        List<String> ran = new ArrayList<>();
        scheduler.execute(() -> ran.add("now"));
        scheduler.schedule(Duration.ofSeconds(3), () -> ran.add("3s"));
        assertThat(ran).isEmpty();
        assertThat(scheduler.runUntilIdle()).isEqualTo(1);
        assertThat(ran).containsExactly("now");
        scheduler.advance(Duration.ofMillis(2999));
        assertThat(ran).containsExactly("now");
        scheduler.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("now", "3s");
        assertThat(scheduler.nanoTime()).isEqualTo(3_000_000_000L);
        assertThat(scheduler.instant()).isEqualTo(VirtualScheduler.DEFAULT_START.plusSeconds(3));
    }

    @Test
    void tasksSeeTheirOwnDueTimeAndMayScheduleMore() {
        List<Long> seen = new ArrayList<>();
        scheduler.schedule(Duration.ofSeconds(1), () -> {
            seen.add(scheduler.nanoTime());
            scheduler.schedule(Duration.ofSeconds(1), () -> seen.add(scheduler.nanoTime()));
        });
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(seen).containsExactly(1_000_000_000L, 2_000_000_000L);
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void cancelledTasksNeverRun() {
        List<String> ran = new ArrayList<>();
        Cancellable c = scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
        assertThat(c.cancel()).isTrue();
        assertThat(c.cancel()).isFalse();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void sameDueTimeRunsInSubmissionOrder() {
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            scheduler.schedule(Duration.ofMillis(5), () -> ran.add(n));
        }
        scheduler.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void rejectsNegativeDelaysAndReentrantDriving() {
        assertThatThrownBy(() -> scheduler.schedule(Duration.ofNanos(-1), () -> { }))
                .hasMessage("delay: PT-0.000000001S (expected: >= 0)");
        scheduler.execute(scheduler::runUntilIdle);
        assertThatThrownBy(scheduler::runUntilIdle).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void advanceToNextTaskJumpsExactlyThere() {
        scheduler.schedule(Duration.ofSeconds(59), () -> { });
        assertThat(scheduler.advanceToNextTask()).isTrue();
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(59));
        assertThat(scheduler.advanceToNextTask()).isFalse();
    }
}
