package io.peerset.core.peer;

import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.Scheduler;
import java.util.random.RandomGenerator;

/**
 * Provides the Zcash handshake ({@link ZcashHandshaker}) under the name {@value #NAME}, priority
 * {@value #PRIORITY}. Declared in this module's descriptor; found with
 * {@link java.util.ServiceLoader}. Stateless and thread-safe; {@link #create} starts no thread.
 */
public final class ZcashHandshakerProvider implements HandshakerProvider {

    /** The provider's name in configuration. */
    public static final String NAME = "zcash";

    /** The provider's rank when none is named. */
    public static final int PRIORITY = 100;

    /** For {@link java.util.ServiceLoader}. */
    public ZcashHandshakerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Handshaker create(HandshakeConfig config, Scheduler scheduler, RandomGenerator random) {
        return new ZcashHandshaker(config, scheduler, random);
    }
}
