package io.peerset.wire;

import java.util.List;
import java.util.Optional;

/**
 * What {@code getblocks} and {@code getheaders} share: the same payload (reference section 7.3), a
 * protocol version, a block locator and a stop hash; only the command and the answer differ.
 *
 * <p>Implementations are immutable records.
 */
public interface LocatorMessage {

    /** @return the protocol version the sender wrote, u32 */
    long version();

    /** @return known block hashes, newest first, at most {@value WireLimits#MAX_LOCATOR_HASHES} */
    List<Hash32> locator();

    /** @return the last hash wanted, or {@link Hash32#ZERO} for "as many as allowed" */
    Hash32 stop();

    /** @return the stop hash, or empty when it is all zero */
    default Optional<Hash32> stopHash() {
        return stop().isZero() ? Optional.empty() : Optional.of(stop());
    }
}
