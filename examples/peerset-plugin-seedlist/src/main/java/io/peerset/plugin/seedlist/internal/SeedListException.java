package io.peerset.plugin.seedlist.internal;

import io.peerset.api.PeerSetException;

/**
 * A seed list that cannot be used: unreadable or unreachable, larger than its bound, answered with
 * something other than HTTP 200, not answered in time, or (for a signed list) not verified by the
 * configured key. The message names the list (its path or URL), the limit and what to do, for example
 * {@code "seed list https://seeds.example.org/mainnet.txt: more than 65536 bytes (expected: at most
 * plugins.seed-list.max_bytes = 65536; raise it or shorten the list)"}.
 *
 * <p>It fails the source's {@code candidates()} future, never thrown across threads; the node then
 * logs it and goes on with its other candidate sources. Lines of a list that are not addresses are
 * not errors: they are skipped, counted and named in one warning. Unchecked; immutable.
 */
public final class SeedListException extends PeerSetException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the list and the limit
     */
    public SeedListException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the list and the limit
     * @param cause   the underlying failure
     */
    public SeedListException(String message, Throwable cause) {
        super(message, cause);
    }
}
