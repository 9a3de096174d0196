package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import java.net.InetAddress;
import java.time.Instant;

/**
 * One ban of an address book: an IP banned after its misbehaviour score reached the limit, or an
 * address or block an operator banned ({@code PeerSetNode.ban}, issue 17).
 *
 * <p>Immutable and thread-safe.
 *
 * @param ip           the canonical IP; for a misbehaviour ban of an IPv6 address, the first address
 *                     of the banned /64 (such a ban covers the address's /64); for an operator's ban,
 *                     the block's first address
 * @param prefixLength the bits of {@code ip} the ban covers: a misbehaviour ban 32 (IPv4) or 64 (IPv6),
 *                     an operator's ban its block's prefix
 * @param bannedAt     when the ban started (wall clock)
 * @param expiresAt    when the ban ends (wall clock)
 * @param reason       why: the misbehaviour's reason or the operator's words; empty when unknown
 *                     (bans kept by earlier versions), at most {@link #MAX_REASON_LENGTH} printable
 *                     ASCII characters
 * @param byOperator   whether an operator set it (it then lasts its own duration and only an unban
 *                     or its expiry ends it) rather than the misbehaviour rule
 */
public record BannedIp(InetAddress ip, int prefixLength, Instant bannedAt, Instant expiresAt, String reason,
                       boolean byOperator) {

    /** The longest reason kept: it goes to the ban file, the admin API and logs. */
    public static final int MAX_REASON_LENGTH = 200;

    /** Validates. */
    public BannedIp {
        requireNonNull(ip, "ip");
        requireNonNull(bannedAt, "bannedAt");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(reason, "reason");
        Checks.inRange("prefixLength", prefixLength, 0, ip.getAddress().length * 8);
        Checks.checkArgument(!expiresAt.isBefore(bannedAt), "expiresAt: %s (expected: >= bannedAt %s)", expiresAt,
                bannedAt);
        Checks.checkArgument(reason.length() <= MAX_REASON_LENGTH && reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                "reason: %s characters (expected: at most %s printable ASCII)", reason.length(), MAX_REASON_LENGTH);
    }

    /**
     * A misbehaviour ban: the IP itself (IPv4) or its /64 (IPv6), no reason recorded.
     *
     * @param ip        the canonical IP (for IPv6, the /64's first address)
     * @param bannedAt  when the ban started
     * @param expiresAt when it ends
     */
    public BannedIp(InetAddress ip, Instant bannedAt, Instant expiresAt) {
        this(ip, ip.getAddress().length == 4 ? 32 : 64, bannedAt, expiresAt, "", false);
    }

    /** @return the block the ban covers (the IP's bits below the prefix ignored) */
    public Subnet subnet() {
        return Subnet.covering(ip, prefixLength);
    }

    /**
     * @param text any text
     * @return it as a reason: non-printable and non-ASCII characters replaced by '?', cut to
     *         {@link #MAX_REASON_LENGTH}
     */
    public static String reason(String text) {
        requireNonNull(text, "text");
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < text.length() && b.length() < MAX_REASON_LENGTH; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
