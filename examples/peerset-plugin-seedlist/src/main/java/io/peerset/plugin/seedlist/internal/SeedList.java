package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * A parsed seed list: the addresses, in file order without duplicates, and what was skipped.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peers       the addresses, at most the {@code maxPeers} the list was parsed with
 * @param badLines    how many lines were neither an address, a comment nor blank
 * @param problems    the first {@link SeedListConstants#BAD_LINES_SHOWN} of them, each
 *                    {@code "line 3: not UTF-8"} (never the line's text: it may hold an IP address,
 *                    and logs redact those)
 * @param duplicates  how many address lines repeated an earlier one
 * @param truncatedAt the line at which {@code maxPeers} was reached with more text after it, if it was
 */
public record SeedList(List<PeerAddress> peers, int badLines, List<String> problems, int duplicates,
                       OptionalInt truncatedAt) {

    /** Validates and copies. */
    public SeedList {
        peers = List.copyOf(peers);
        problems = List.copyOf(problems);
        requireNonNull(truncatedAt, "truncatedAt");
    }
}
