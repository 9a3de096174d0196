package io.peerset.api.spi;

import java.time.Duration;

/**
 * Timers for peerset components: every timeout, interval and retry pause is scheduled here, never
 * with a thread of its own or a sleep (DESIGN.md section 4). Production uses real time; the
 * testkit's virtual scheduler runs tasks only when a test advances its clock.
 *
 * <p>Implementations are thread-safe. Tasks run on a thread of the scheduler and must only hand
 * work over (to a connection's executor, to the peer-set loop): they must not block.
 */
public interface Scheduler extends Clock {

    /**
     * Runs {@code task} once, {@code delay} from now.
     *
     * @param delay how long to wait, not negative
     * @param task  what to run; must not block
     * @return a handle that cancels the task if it has not run yet
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    Cancellable schedule(Duration delay, Runnable task);
}
