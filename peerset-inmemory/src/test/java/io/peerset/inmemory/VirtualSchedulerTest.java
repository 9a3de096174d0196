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

    @Test
    void cancelledTasksLeaveThePendingCountAtOnce() {
        Cancellable later = scheduler.schedule(Duration.ofSeconds(5), () -> { });
        Cancellable now = scheduler.schedule(Duration.ZERO, () -> { });
        scheduler.schedule(Duration.ofSeconds(1), () -> { });
        assertThat(scheduler.pendingTasks()).isEqualTo(3);
        assertThat(later.cancel()).isTrue();
        assertThat(now.cancel()).isTrue();
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        assertThat(later.cancel()).isFalse();
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        assertThat(scheduler.runUntilIdle()).isZero();
        assertThat(scheduler.advance(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void aTaskThatStartedCannotBeCancelled() {
        List<Boolean> cancelledFromInside = new ArrayList<>();
        Cancellable[] self = new Cancellable[1];
        self[0] = scheduler.schedule(Duration.ofSeconds(1), () -> cancelledFromInside.add(self[0].cancel()));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(cancelledFromInside).containsExactly(false);
        assertThat(self[0].cancel()).isFalse();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void equalDueTasksKeepSubmissionOrderAroundCancellations() {
        List<Integer> ran = new ArrayList<>();
        List<Cancellable> handles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            handles.add(scheduler.schedule(Duration.ofMillis(5), () -> ran.add(n)));
        }
        handles.get(0).cancel();
        handles.get(4).cancel();
        handles.get(9).cancel();
        for (int i = 10; i < 13; i++) {
            int n = i;
            scheduler.schedule(Duration.ofMillis(5), () -> ran.add(n));
        }
        scheduler.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly(1, 2, 3, 5, 6, 7, 8, 10, 11, 12);
    }

    @Test
    void tasksDueNowRunAfterEarlierTasksDueAtTheSameInstant() {
        List<String> ran = new ArrayList<>();
        scheduler.schedule(Duration.ofSeconds(1), () -> {
            ran.add("a");
            scheduler.execute(() -> ran.add("a's hand-over"));
        });
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("b"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("c"));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("a", "b", "c", "a's hand-over");
    }

    @Test
    void manyCancellationsAreSweptWithoutChangingOrderOrCount() {
        List<Integer> ran = new ArrayList<>();
        List<Cancellable> handles = new ArrayList<>();
        int n = 3 * VirtualScheduler.CANCELLED_SLACK;
        for (int i = 0; i < n; i++) {
            int k = i;
            handles.add(scheduler.schedule(Duration.ofMillis(i % 7), () -> ran.add(k)));
        }
        for (int i = 0; i < n; i++) {
            if (i % 4 != 0) {
                assertThat(handles.get(i).cancel()).isTrue();
            }
        }
        assertThat(scheduler.pendingTasks()).isEqualTo(n / 4);
        scheduler.advance(Duration.ofMillis(7));
        List<Integer> expected = new ArrayList<>();
        for (int due = 0; due < 7; due++) {
            for (int i = 0; i < n; i += 4) {
                if (i % 7 == due) {
                    expected.add(i);
                }
            }
        }
        assertThat(ran).isEqualTo(expected);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void advanceToNextTaskSkipsCancelledTasks() {
        scheduler.schedule(Duration.ofSeconds(1), () -> { }).cancel();
        scheduler.schedule(Duration.ofSeconds(3), () -> { });
        assertThat(scheduler.advanceToNextTask()).isTrue();
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(3));
        scheduler.schedule(Duration.ofSeconds(1), () -> { }).cancel();
        assertThat(scheduler.advanceToNextTask()).isFalse();
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }
}
