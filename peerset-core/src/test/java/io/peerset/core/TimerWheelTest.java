package io.peerset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timing wheel's arithmetic on simulated time: the test plays the timer thread, waking exactly
 * at {@link TimerWheel#nextWake()}, so every assertion is exact and nothing waits.
 */
class TimerWheelTest {

    static final long MS = 1_000_000L;
    static final long TICK = 10 * MS;
    static final int SIZE = 8;

    /** Records when (in simulated time) each timer fired. */
    static final class Recorder {
        final TimerWheel wheel;
        long now;
        final List<String> fired = new ArrayList<>();
        final List<Long> firedAt = new ArrayList<>();

        Recorder(TimerWheel wheel) {
            this.wheel = wheel;
        }

        TimerWheel.Timer timer(String name, long deadline, Runnable then) {
            return new TimerWheel.Timer(deadline) {
                @Override
                void fire() {
                    fired.add(name);
                    firedAt.add(now);
                    then.run();
                }
            };
        }

        TimerWheel.Timer add(String name, long deadline) {
            TimerWheel.Timer t = timer(name, deadline, () -> { });
            wheel.add(t);
            return t;
        }

        /** Plays the timer thread until {@code until}: wakes at each nextWake and expires. */
        void runUntil(long until) {
            while (wheel.nextWake() <= until) {
                now = Math.max(now, wheel.nextWake());
                wheel.expire(now);
            }
            now = until;
            wheel.expire(now);
        }
    }

    @Test
    void aTimerNeverFiresBeforeItsDeadline() {
        Recorder r = new Recorder(new TimerWheel(TICK, SIZE));
        for (long d : new long[] {0, 1, TICK - 1, TICK, TICK + 1, 3 * TICK + 7, SIZE * TICK + 5}) {
            r.add("t" + d, d);
        }
        r.runUntil(20 * TICK);
        assertThat(r.fired).hasSize(7);
        for (int i = 0; i < r.fired.size(); i++) {
            long deadline = Long.parseLong(r.fired.get(i).substring(1));
            assertThat(r.firedAt.get(i)).as(r.fired.get(i)).isGreaterThanOrEqualTo(deadline);
        }
    }

    @Test
    void delaysBeyondOneRevolutionWaitTheirRounds() {
        Recorder r = new Recorder(new TimerWheel(TICK, SIZE));
        r.add("far", (2 * SIZE + 3) * TICK);
        r.add("near", 3 * TICK);
        r.runUntil(2 * SIZE * TICK);
        assertThat(r.fired).containsExactly("near");
        r.runUntil(3 * SIZE * TICK);
        assertThat(r.fired).containsExactly("near", "far");
    }

    @Test
    void aRemovedTimerNeverFires() {
        Recorder r = new Recorder(new TimerWheel(TICK, SIZE));
        TimerWheel.Timer t = r.add("gone", 2 * TICK);
        r.add("kept", 2 * TICK);
        r.wheel.remove(t);
        r.wheel.remove(t);
        r.runUntil(5 * TICK);
        assertThat(r.fired).containsExactly("kept");
    }

    @Test
    void rejectsABadShape() {
        assertThatThrownBy(() -> new TimerWheel(0, 8)).hasMessage("tickNanos: 0 (expected: > 0)");
        assertThatThrownBy(() -> new TimerWheel(TICK, 6)).hasMessage("size: 6 (expected: a power of two)");
    }
}
