package io.peerset.core;

/**
 * The hashed timing wheel behind {@link SystemScheduler}, driven with explicit times (nanoseconds
 * since an origin of the driver's choosing) so that its arithmetic is tested without a clock: the
 * driver calls {@link #expire(long)} at {@link #nextWake()} or later, and every timer whose deadline
 * has passed runs then.
 *
 * <p>A timer is in the bucket of the tick its deadline falls in, with the number of whole
 * revolutions still to wait. A bucket is looked at when its tick has ended.
 *
 * <p>Not thread-safe: the driver's (timer) thread only.
 */
final class TimerWheel {

    private final long tickNanos;
    private final int mask;
    private final Bucket[] wheel;
    /** Ticks completed. */
    private long tick;

    /**
     * @param tickNanos the resolution, positive
     * @param size      buckets, a power of two
     */
    TimerWheel(long tickNanos, int size) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos: " + tickNanos + " (expected: > 0)");
        }
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: a power of two)");
        }
        this.tickNanos = tickNanos;
        this.mask = size - 1;
        this.wheel = new Bucket[size];
        for (int i = 0; i < size; i++) {
            wheel[i] = new Bucket();
        }
    }

    /** Adds a timer that is in no wheel. */
    void add(Timer timer) {
        // The tick at whose end the deadline has passed; never a tick already processed.
        long due = Math.max(timer.deadline / tickNanos, tick);
        timer.rounds = (due - tick) / wheel.length;
        wheel[(int) (due & mask)].add(timer);
    }

    /** Takes a timer out (it was cancelled); nothing if it already left. */
    void remove(Timer timer) {
        if (timer.bucket != null) {
            timer.bucket.remove(timer);
        }
    }

    /**
     * Processes every tick that has ended by {@code now}, running ({@link Timer#fire()}) the timers
     * whose deadline has passed.
     *
     * @param now nanoseconds since the origin
     */
    void expire(long now) {
        while ((tick + 1) * tickNanos <= now) {
            expire(wheel[(int) (tick & mask)], now);
            tick++;
        }
    }

    /** @return when {@link #expire(long)} has work next, in nanoseconds since the origin */
    long nextWake() {
        return (tick + 1) * tickNanos;
    }

    private static void expire(Bucket bucket, long now) {
        Timer timer = bucket.head;
        while (timer != null) {
            Timer next = timer.next;
            if (timer.rounds > 0) {
                timer.rounds--;
            } else if (timer.deadline <= now) {
                bucket.remove(timer);
                timer.fire();
            }
            timer = next;
        }
    }

    /** One timer: a node of its bucket's list, and what to do when its deadline has passed. */
    abstract static class Timer {
        /** Nanoseconds since the origin. */
        final long deadline;
        private long rounds;
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
