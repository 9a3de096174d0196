package io.peerset.inmemory;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
