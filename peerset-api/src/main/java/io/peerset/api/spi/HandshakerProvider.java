package io.peerset.api.spi;

import java.util.random.RandomGenerator;

/**
 * Service-provider interface for {@link Handshaker}s, found with {@link java.util.ServiceLoader} and
 * chosen by configured name, else by highest priority. peerset-core provides the Zcash handshake
 * ({@code "zcash"}).
 *
 * <p>Implementations have a public no-arg constructor and are thread-safe.
 */
public interface HandshakerProvider {

    /** @return a short unique name used in configuration */
    String name();

    /** @return the rank among available providers when none is named; higher wins */
    int priority();

    /**
     * Creates a handshaker. Starts no thread.
     *
     * @param config    what we announce and what we require
     * @param scheduler the time source and timers (the handshake budget, the version timestamp)
     * @param random    the source of nonces; production passes a {@link java.security.SecureRandom}
     * @return a handshaker whose nonce set is shared by every handshake it runs
     */
    Handshaker create(HandshakeConfig config, Scheduler scheduler, RandomGenerator random);
}
