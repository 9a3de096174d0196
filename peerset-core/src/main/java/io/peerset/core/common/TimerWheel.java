package io.peerset.core.common;

import io.peerset.api.internal.Checks;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The hashed timing wheel behind {@link SystemScheduler}, driven with explicit times (nanoseconds
 * since an origin of the driver's choosing) so that its arithmetic is tested without a clock: the
 * driver calls {@link #expire(long)} at {@link #nextWake()} or later, and every timer whose deadline
 * has passed runs then.
 *
 * <p>A timer waits in the bucket of the tick its deadline falls in, with the number of whole
 * revolutions still to wait; this keeps adding and removing O(1) for the many long timers that are
 * cancelled long before they are due. When its tick begins, the bucket's timers move to a small
 * queue ordered by deadline, and {@link #nextWake()} is the earliest of those deadlines: a timer
 * fires at its deadline, not at the end of its tick. (Firing at the end of the tick, as a plain
 * wheel does, made a 10 ms pause scheduled just after a tick boundary last 20 ms, and halved the
 * listener's rate under a flood: issue 14, section 6.)
 *
 * <p>Not thread-safe: the driver's (timer) thread only.
 */
final class TimerWheel {

    private final long tickNanos;
    private final int mask;
    private final Bucket[] wheel;
    /**
     * Timers whose tick has begun, by deadline and then by order of adding. Only timers of the
     * current tick (or late ones) are here, so it stays small whatever the number of long timers.
     */
    private final PriorityQueue<Timer> soon = new PriorityQueue<>(
            Comparator.<Timer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.sequence));
    /** The tick in progress: its bucket has been moved to {@link #soon}. */
    private long tick;
    private long added;

    /**
     * @param tickNanos the length of one bucket's tick, positive
     * @param size      buckets, a power of two
     */
    TimerWheel(long tickNanos, int size) {
        Checks.positive("tickNanos", tickNanos);
        Checks.checkArgument(size > 0 && Integer.bitCount(size) == 1, "size: %s (expected: a power of two)", size);
        this.tickNanos = tickNanos;
        this.mask = size - 1;
        this.wheel = new Bucket[size];
        for (int i = 0; i < size; i++) {
            wheel[i] = new Bucket();
        }
    }

    /** Adds a timer that is in no wheel. */
    void add(Timer timer) {
        timer.sequence = added++;
        long due = timer.deadline / tickNanos;
        if (due <= tick) {
            timer.soon = true;
            soon.add(timer);
        } else {
            // The bucket is next moved at tick (tick + 1 .. tick + size); each later pass is one revolution.
            timer.rounds = (due - tick - 1) / wheel.length;
            wheel[(int) (due & mask)].add(timer);
        }
    }

    /** Takes a timer out (it was cancelled); nothing if it already left. */
    void remove(Timer timer) {
        if (timer.bucket != null) {
            timer.bucket.remove(timer);
        } else if (timer.soon) {
            timer.removed = true; // leaves the queue when it comes first, within the tick
        }
    }

    /**
     * Moves on to the tick of {@code now} and runs ({@link Timer#fire()}) every timer whose
     * deadline has passed, earliest first.
     *
     * @param now nanoseconds since the origin
     */
    void expire(long now) {
        while ((tick + 1) * tickNanos <= now) {
            tick++;
            Bucket bucket = wheel[(int) (tick & mask)];
            Timer timer = bucket.head;
            while (timer != null) {
                Timer next = timer.next;
                if (timer.rounds > 0) {
                    timer.rounds--;
                } else {
                    bucket.remove(timer);
                    timer.soon = true;
                    soon.add(timer);
                }
                timer = next;
            }
        }
        Timer first;
        while ((first = soon.peek()) != null && first.deadline <= now) {
            soon.poll();
            first.soon = false;
            if (!first.removed) {
                first.fire();
            }
        }
    }

    /**
     * @return when {@link #expire(long)} has work next, in nanoseconds since the origin: the earliest
     *         deadline of the current tick, else the start of the next tick
     */
    long nextWake() {
        Timer first;
        while ((first = soon.peek()) != null && first.removed) {
            soon.poll();
            first.soon = false;
        }
        return first != null ? first.deadline : (tick + 1) * tickNanos;
    }

    /** One timer: a node of its bucket's list, and what to do when its deadline has passed. */
    abstract static class Timer {
        /** Nanoseconds since the origin. */
        final long deadline;
        private long sequence;
        private long rounds;
        private boolean soon;
        private boolean removed;
        private Bucket bucket;
        private Timer previous;
        private Timer next;

        Timer(long deadline) {
            this.deadline = deadline;
        }

        /** Called once, on the driver's thread, when the deadline has passed; must not throw. */
        abstract void fire();
    }

    /** A doubly linked list of timers. */
    private static final class Bucket {
        Timer head;
        Timer tail;

        void add(Timer timer) {
            timer.bucket = this;
            timer.previous = tail;
            timer.next = null;
            if (tail == null) {
                head = timer;
            } else {
                tail.next = timer;
            }
            tail = timer;
        }

        void remove(Timer timer) {
            if (timer.bucket != this) {
                return;
            }
            if (timer.previous == null) {
                head = timer.next;
            } else {
                timer.previous.next = timer.next;
            }
            if (timer.next == null) {
                tail = timer.previous;
            } else {
                timer.next.previous = timer.previous;
            }
            timer.bucket = null;
            timer.previous = null;
            timer.next = null;
        }
    }
}
