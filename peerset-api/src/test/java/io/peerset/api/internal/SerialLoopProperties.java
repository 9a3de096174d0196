package io.peerset.api.internal;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SerialLoop} against a model (a FIFO of at most {@code capacity} items) over random
 * sequences of offers, drains and discards on an executor the test drives: an offer is refused
 * exactly when the model is full, each drain takes the oldest {@code min(maxBatch, waiting)} items,
 * items are handled once, in offer order, and waiting work always has a drain scheduled.
 */
class SerialLoopProperties {

    /** Operation codes: 0-5 offer, 6-8 run the scheduled drain (if any), 9 discard the inbox. */
    private static final int OPS = 10;

    @Test
    void aBoundedOrUnboundedLoopBehavesAsItsModel() {
        qt().withExamples(400)
                .forAll(integers().between(0, 6), integers().between(1, 5),
                        lists().of(integers().between(0, OPS - 1)).ofSizeBetween(0, 120))
                .checkAssert((capacityCode, maxBatch, ops) -> check(capacityCode, maxBatch, ops));
    }

    /** @param capacityCode 0 for an unbounded inbox, else the capacity */
    private static void check(int capacityCode, int maxBatch, List<Integer> ops) {
        ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        List<Integer> handled = new ArrayList<>();
        SerialLoop.OverflowPolicy policy = capacityCode == 0 ? SerialLoop.OverflowPolicy.unbounded()
                : SerialLoop.OverflowPolicy.refuseWhenFull(capacityCode);
        int capacity = capacityCode == 0 ? Integer.MAX_VALUE : capacityCode;
        List<SerialLoop<Integer>> loop = new ArrayList<>(1); // the handler reads the loop it belongs to
        loop.add(new SerialLoop<>(tasks::add, new SerialLoop.Handler<>() {
            @Override
            public void handle(Integer item) {
                if (!loop.get(0).inLoop()) {
                    throw new AssertionError("handled outside the loop's role");
                }
                handled.add(item);
            }

            @Override
            public void refused(RuntimeException error) {
                throw new AssertionError("this executor never refuses", error);
            }
        }, maxBatch, 0, policy));

        ArrayDeque<Integer> model = new ArrayDeque<>();
        List<Integer> expectedHandled = new ArrayList<>();
        int next = 0;
        for (int op : ops) {
            if (op < 6) {
                int item = next++;
                boolean accepted = loop.get(0).offer(item);
                boolean room = model.size() < capacity;
                if (accepted != room) {
                    throw new AssertionError("offer of " + item + " with " + model.size() + " waiting (capacity "
                            + policy + "): accepted " + accepted);
                }
                if (accepted) {
                    model.add(item);
                }
            } else if (op < 9) {
                Runnable task = tasks.poll();
                if (task != null) {
                    task.run();
                    for (int i = 0; i < maxBatch && !model.isEmpty(); i++) {
                        expectedHandled.add(model.poll());
                    }
                }
            } else {
                List<Integer> discarded = new ArrayList<>();
                int n = loop.get(0).discardInbox(discarded::add);
                if (n != discarded.size() || !discarded.equals(new ArrayList<>(model))) {
                    throw new AssertionError("discarded " + discarded + " (" + n + "), expected " + model);
                }
                model.clear();
            }
            if (!handled.equals(expectedHandled)) {
                throw new AssertionError("handled " + handled + ", expected " + expectedHandled);
            }
            if (tasks.size() > 1) {
                throw new AssertionError(tasks.size() + " drains scheduled at once");
            }
            if (!model.isEmpty() && tasks.isEmpty()) {
                throw new AssertionError(model.size() + " items wait and no drain is scheduled");
            }
            if (loop.get(0).inLoop()) {
                throw new AssertionError("the test thread holds the loop's role between drains");
            }
        }
    }
}
