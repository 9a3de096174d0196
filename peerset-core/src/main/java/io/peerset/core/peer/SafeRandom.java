package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;

/**
 * Makes any injected {@link RandomGenerator} safe to share between connections that run on
 * different executors: every value is derived from {@link #nextLong()}, taken under the lock of
 * the wrapped generator itself. Locking the generator rather than the wrapper matters: one
 * generator is usually wrapped several times (by the handshaker, by every connection, by both
 * sides of {@link io.peerset.core.connect.IsolatedConnections}), and all those wrappers must exclude each
 * other. So a test may inject a seeded {@link java.util.SplittableRandom} and production a
 * {@link java.security.SecureRandom}.
 */
final class SafeRandom implements RandomGenerator {

    private final RandomGenerator delegate;

    private SafeRandom(RandomGenerator delegate) {
        this.delegate = delegate;
    }

    static RandomGenerator of(RandomGenerator random) {
        requireNonNull(random, "random");
        return random instanceof SafeRandom ? random : new SafeRandom(random);
    }

    @Override
    public long nextLong() {
        synchronized (delegate) {
            return delegate.nextLong();
        }
    }
}
