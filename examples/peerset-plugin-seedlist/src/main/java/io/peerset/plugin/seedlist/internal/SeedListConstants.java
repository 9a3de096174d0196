package io.peerset.plugin.seedlist.internal;

import java.time.Duration;

/**
 * Every limit, default and timeout of the seed-list plugin, each with its reason (DESIGN.md §5.7).
 * A seed list comes from a file or from a server that may be hostile: every size is bounded before
 * anything is allocated for it, and every wait ends. {@code SeedListConstantsTest} checks the
 * relations between them.
 *
 * <p>Not API: the options ({@code SeedListOptions}) state the user-facing defaults and ranges.
 */
public final class SeedListConstants {

    private SeedListConstants() {
    }

    /** The plugin's name: its {@code [plugins.seed-list]} table, its source's name in logs and events. */
    public static final String NAME = "seed-list";

    /**
     * The provider's rank among candidate sources (it only orders them in logs): below the configured
     * addresses (100) and DNS seeders (50), above the peer cache (0).
     */
    public static final int PRIORITY = 40;

    /**
     * Default of {@code max_bytes}: 64 KiB holds over 1,300 lines of the longest form
     * ({@code [ffff:...]:65535}, 47 bytes), more than {@link #DEFAULT_MAX_PEERS}.
     */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    /** Largest {@code max_bytes}: 1 MiB, the largest configuration file peerset reads; a list beyond it is a mistake. */
    public static final int MAX_MAX_BYTES = 1 << 20;

    /**
     * Default of {@code max_peers}: as many as one {@code addr} message carries (the reference's
     * MAX_ADDRS_IN_MESSAGE), a fifth of the address book's default capacity.
     */
    public static final int DEFAULT_MAX_PEERS = 1_000;

    /** Largest {@code max_peers}: twice the address book's default capacity; more could only be evicted. */
    public static final int MAX_MAX_PEERS = 10_000;

    /** Default of {@code timeout}: twice the DNS seeders' 5 s, for a TLS handshake and a small download. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Shortest {@code timeout}: below a second a TLS handshake to a distant server fails by itself. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

    /** Longest {@code timeout}: the node's crawler starts without its candidate sources after 10 s anyway. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Longest line kept, in bytes: the longest entry ({@code [ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535})
     * is 47 bytes, so 256 leaves room for a comment and bounds the work per line.
     */
    public static final int MAX_LINE_BYTES = 256;

    /**
     * Largest signature file read: an Ed25519 signature is 64 bytes, 88 in Base64 and 128 in hex;
     * 1 KiB leaves room for line ends and a comment, and nothing more is read from the server.
     */
    public static final int MAX_SIGNATURE_BYTES = 1024;

    /** An Ed25519 signature's length in bytes (RFC 8032). */
    public static final int SIGNATURE_BYTES = 64;

    /** An Ed25519 public key's length in bytes (RFC 8032). */
    public static final int PUBLIC_KEY_BYTES = 32;

    /** Longest {@code source} or {@code signature}: longer than any sane path or URL, short enough for a log line. */
    public static final int MAX_LOCATION_LENGTH = 2048;

    /** How many bad lines a warning names (their count is always given): enough to find a pattern, short enough to read. */
    public static final int BAD_LINES_SHOWN = 5;
}
