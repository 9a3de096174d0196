package io.peerset.api.spi;

import java.time.Instant;

/**
 * The only source of time for peerset components (DESIGN.md section 4): nothing reads the system
 * clock directly, so the testkit can run whole networks under virtual time.
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock {

    /**
     * @return the current wall-clock time, used for what goes on the wire (the {@code version}
     *         timestamp, address last-seen times)
     */
    Instant instant();

    /**
     * @return a monotonic time in nanoseconds with an arbitrary origin, used for timeouts and
     *         round-trip times; only differences are meaningful
     */
    long nanoTime();
}
