package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import java.net.InetAddress;
import java.time.Instant;

/**
 * One IP banned by an {@link io.peerset.api.spi.AddressBook} after its misbehaviour score reached the limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ip        the canonical IP; for IPv6, the first address of the banned /64 (a ban covers the
 *                  address's /64)
 * @param bannedAt  when the ban started (wall clock)
 * @param expiresAt when the ban ends (wall clock)
 */
public record BannedIp(InetAddress ip, Instant bannedAt, Instant expiresAt) {
    /** Validates. */
    public BannedIp {
        requireNonNull(ip, "ip");
        requireNonNull(bannedAt, "bannedAt");
        requireNonNull(expiresAt, "expiresAt");
        Checks.checkArgument(!expiresAt.isBefore(bannedAt), "expiresAt: %s (expected: >= bannedAt %s)", expiresAt,
                bannedAt);
    }
}
