package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A DNS seeder among the initial peers: a host name and the port its addresses are dialled on
 * (reference section 3.2). Pure and immutable: parsing never resolves anything.
 *
 * <p>An entry of {@link NodeConfig#initialPeers()} is an IP literal exactly when
 * {@link PeerAddress#parse(String)} accepts it, the same test as core's {@code "configured"}
 * source, so every entry is handled by exactly one of the two sources.
 *
 * @param host the name as configured, in lower case (DNS names are case-insensitive)
 * @param port the port every address of this name is dialled on, 1..65535
 */
record SeedEntry(String host, int port) {

    /** RFC 1035: a label is 1..63 bytes. */
    private static final int MAX_LABEL_LENGTH = 63;

    /** RFC 1035: a name is at most 253 characters in text form, without the root's trailing dot. */
    private static final int MAX_NAME_LENGTH = 253;

    /** Validates. */
    SeedEntry {
        requireNonNull(host, "host");
        String problem = nameProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException("seeder name \"" + host + "\": " + problem);
        }
        Checks.inRange("port", port, 1, 65_535);
    }

    /**
     * Classifies an initial-peer entry.
     *
     * @param entry a {@code host:port} string of {@link NodeConfig#initialPeers()}
     * @return the seeder if the host is a name; empty if it is an IP literal (core's
     *         {@code "configured"} source dials those)
     * @throws IllegalArgumentException naming the entry if it is neither an IP literal nor a valid
     *                                  {@code name:port}
     */
    static Optional<SeedEntry> parse(String entry) {
        requireNonNull(entry, "entry");
        if (isIpLiteral(entry)) {
            return Optional.empty();
        }
        NodeConfig.checkHostPort(entry);
        int colon = entry.lastIndexOf(':');
        String host = entry.substring(0, colon);
        if (host.startsWith("[")) {
            throw new IllegalArgumentException("initial peer \"" + entry
                    + "\": invalid IPv6 literal (expected: [ipv6]:port, without a zone)");
        }
        String problem = nameProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException("initial peer \"" + entry + "\": " + problem);
        }
        return Optional.of(new SeedEntry(host.toLowerCase(Locale.ROOT), Integer.parseInt(entry.substring(colon + 1))));
    }

    /**
     * @param entry a {@code host:port} string
     * @return whether it is an IP literal with a port, as {@link PeerAddress#parse(String)} reads it
     */
    static boolean isIpLiteral(String entry) {
        try {
            PeerAddress.parse(entry);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks a host name's syntax: ASCII letters, digits, hyphens and underscores (seen in the
     * wild), in dot-separated labels of 1..63 characters, 253 at most, one optional trailing dot,
     * and a last label that is not all digits (that would be a malformed IPv4 literal, which a
     * resolver would otherwise send to DNS as a name).
     *
     * @param host a candidate name
     * @return null if valid, else what is wrong with it
     */
    static String nameProblem(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "longer than " + MAX_NAME_LENGTH + " characters";
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return "a label is empty or longer than " + MAX_LABEL_LENGTH + " characters";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '_' || c == '-';
                if (!ok) {
                    return "invalid character '" + c + "' (expected: letters, digits, '-', '_' and '.')";
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "the label \"" + label + "\" starts or ends with '-'";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "not an IP literal, and a name cannot end in an all-digit label";
        }
        return null;
    }

    /**
     * @param addresses what this name resolved to
     * @return those addresses with this entry's port, canonical ({@link PeerAddress}: IPv4-mapped
     *         IPv6 becomes IPv4), in order, duplicates removed
     */
    List<PeerAddress> candidates(List<InetAddress> addresses) {
        Set<PeerAddress> out = new LinkedHashSet<>();
        for (InetAddress address : addresses) {
            out.add(PeerAddress.of(new InetSocketAddress(address, port)));
        }
        return List.copyOf(out);
    }

    /** @return {@code host:port} */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
