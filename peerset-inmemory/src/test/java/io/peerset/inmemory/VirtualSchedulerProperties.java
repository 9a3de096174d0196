package io.peerset.inmemory;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.spi.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualSchedulerProperties {

    @Test
    void tasksRunInDueOrderAtTheirDueTimeWhateverTheSubmissionOrder() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 50),
                integers().between(0, 12_000)).checkAssert((delays, horizon) -> {
            VirtualScheduler s = new VirtualScheduler();
            List<long[]> ran = new ArrayList<>();
            for (int i = 0; i < delays.size(); i++) {
                int index = i;
                long due = delays.get(i) * 1_000_000L;
                s.schedule(Duration.ofMillis(delays.get(i)), () -> ran.add(new long[] {due, s.nanoTime(), index}));
            }
            s.advance(Duration.ofMillis(horizon));
            long expectedRuns = delays.stream().filter(d -> d <= horizon).count();
            if (ran.size() != expectedRuns) {
                throw new AssertionError("ran " + ran.size() + " of " + expectedRuns);
            }
            for (int i = 0; i < ran.size(); i++) {
                long[] r = ran.get(i);
                if (r[0] != r[1]) {
                    throw new AssertionError("task due at " + r[0] + " ran at " + r[1]);
                }
                if (i > 0) {
                    long[] p = ran.get(i - 1);
                    if (p[0] > r[0] || (p[0] == r[0] && p[2] > r[2])) {
                        throw new AssertionError("out of order: " + p[2] + " before " + r[2]);
                    }
                }
            }
            if (s.nanoTime() != horizon * 1_000_000L) {
                throw new AssertionError("clock at " + s.nanoTime());
            }
        });
    }

    /**
     * Any mix of delays (zero ones included), cancellations and advances runs exactly the tasks that
     * were not cancelled, in (due time, submission) order, and the pending count always equals the
     * tasks neither run nor cancelled: the same as a plain sorted list would.
     */
    @Test
    void cancellationsRemoveExactlyTheCancelledTasksAndKeepTheOrder() {
        qt().withExamples(300).forAll(lists().of(integers().between(-30, 40)).ofSizeBetween(0, 120))
                .checkAssert(ops -> {
                    VirtualScheduler s = new VirtualScheduler();
                    List<long[]> model = new ArrayList<>(); // {due, seq}: scheduled, neither run nor cancelled
                    List<Cancellable> handles = new ArrayList<>();
                    List<long[]> ran = new ArrayList<>();
                    List<Long> expected = new ArrayList<>();
                    long seq = 0;
                    for (int op : ops) {
                        if (op >= 0 && op < 30) { // schedule, a third of them with no delay
                            long delay = op % 3 == 0 ? 0 : op;
                            long due = s.nanoTime() + delay;
                            long mySeq = seq++;
                            model.add(new long[] {due, mySeq});
                            handles.add(s.schedule(Duration.ofNanos(delay), () -> ran.add(new long[] {due, mySeq})));
                        } else if (op < 0) { // cancel one of the handles
                            if (handles.isEmpty()) {
                                continue;
                            }
                            int k = (-op * 7) % handles.size();
                            boolean wasPending = model.removeIf(m -> m[1] == k);
                            if (handles.get(k).cancel() != wasPending) {
                                throw new AssertionError("cancel of " + k + " returned " + !wasPending);
                            }
                        } else { // advance
                            long to = s.nanoTime() + (op - 30);
                            model.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                            while (!model.isEmpty() && model.get(0)[0] <= to) {
                                expected.add(model.remove(0)[1]);
                            }
                            s.advance(Duration.ofNanos(op - 30));
                        }
                        if (s.pendingTasks() != model.size()) {
                            throw new AssertionError("pending " + s.pendingTasks() + ", expected " + model.size());
                        }
                    }
                    List<Long> actual = ran.stream().map(r -> r[1]).toList();
                    if (!actual.equals(expected)) {
                        throw new AssertionError("ran " + actual + ", expected " + expected);
                    }
                });
    }

    /**
     * Thousands of timed tasks with few distinct due times (ties broken by submission) and more
     * cancellations than the sweep's slack: the heap's sweep and rebuild keep exactly the live
     * tasks, in (due time, submission) order.
     */
    @Test
    void aSweepOfManyCancelledTasksKeepsTheLiveOnesInOrder() {
        qt().withExamples(20).forAll(integers().between(1, 1_000_000), integers().between(2, 50))
                .checkAssert((seed, distinctDues) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    VirtualScheduler s = new VirtualScheduler();
                    int n = 3 * VirtualScheduler.CANCELLED_SLACK;
                    List<long[]> model = new ArrayList<>();
                    List<Cancellable> handles = new ArrayList<>();
                    List<Long> ran = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        long due = 1 + random.nextInt(distinctDues);
                        long id = i;
                        model.add(new long[] {due, id});
                        handles.add(s.schedule(Duration.ofNanos(due), () -> ran.add(id)));
                    }
                    for (int i = 0; i < n; i++) {
                        if (random.nextInt(4) != 0) { // three quarters: past the slack, so a sweep runs
                            handles.get(i).cancel();
                            long id = i;
                            model.removeIf(m -> m[1] == id);
                        }
                    }
                    if (s.pendingTasks() != model.size()) {
                        throw new AssertionError("pending " + s.pendingTasks() + ", expected " + model.size());
                    }
                    s.advance(Duration.ofNanos(distinctDues));
                    model.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                    List<Long> expected = model.stream().map(m -> m[1]).toList();
                    if (!ran.equals(expected)) {
                        throw new AssertionError("ran " + ran.size() + " tasks out of order or wrong ones, expected " + expected.size());
                    }
                });
    }
}
