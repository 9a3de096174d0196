package io.peerset.api.spi;

import io.peerset.api.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A source of initial peer addresses (reference section 3.2): configured addresses, DNS seeders, the
 * on-disk peer cache. Each address it yields enters the address book as
 * {@link AddressChange.NewInitial}.
 *
 * <p>Thread-safe. {@link #candidates()} must not block: slow work (DNS, disk) completes the future
 * later, on the source's own terms; failures complete it exceptionally.
 */
public interface CandidateSource extends AutoCloseable {

    /** @return a short name for logs, for example {@code "dns"} or {@code "disk-cache"} */
    String name();

    /** @return a future of the canonical addresses found; duplicates allowed, order meaningless */
    CompletableFuture<List<PeerAddress>> candidates();

    /**
     * Stops any work in progress (a DNS retry loop, for example); a pending {@link #candidates()}
     * future completes with what was found so far, possibly nothing. Idempotent; the default does
     * nothing.
     */
    @Override
    default void close() {
    }
}
