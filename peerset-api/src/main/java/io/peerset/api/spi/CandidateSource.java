package io.peerset.api.spi;

import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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

    /**
     * A source with nothing to close, made of a name and a function (configured addresses, a file
     * read on an executor, a test's fixed answer).
     *
     * @param name       the source's name, for logs
     * @param candidates called on each {@link #candidates()}; must not block
     * @return the source; its {@code toString()} is its name
     */
    static CandidateSource of(String name, Supplier<CompletableFuture<List<PeerAddress>>> candidates) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(candidates, "candidates");
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<List<PeerAddress>> candidates() {
                return candidates.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
