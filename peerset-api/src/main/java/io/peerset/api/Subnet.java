package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of IP addresses, {@code network/prefixLength}, as operators write them for bans
 * ({@code 203.0.113.0/24}, {@code 2001:db8::/32}). The network address is canonical (an
 * IPv4-mapped IPv6 block is its IPv4 block) and has no bits set below the prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param network      the block's first address
 * @param prefixLength how many leading bits fix the block: 0..32 for IPv4, 0..128 for IPv6
 */
public record Subnet(InetAddress network, int prefixLength) {

    /** Validates: the prefix fits the family and no bit below it is set. */
    public Subnet {
        requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        Checks.inRange("prefixLength", prefixLength, 0, bits);
        byte[] b = network.getAddress();
        for (int i = prefixLength; i < bits; i++) {
            if ((b[i / 8] & (0x80 >>> (i % 8))) != 0) { // the message only when it fails: this runs per ban check
                throw new IllegalArgumentException("subnet: " + network.getHostAddress() + "/" + prefixLength
                        + " has bits set below its prefix (expected: "
                        + masked(network, prefixLength).getHostAddress() + "/" + prefixLength + ")");
            }
        }
    }

    /**
     * @param ip     any address of the block
     * @param prefix the prefix length
     * @return the block of that length holding {@code ip} (its bits below the prefix cleared)
     */
    public static Subnet covering(InetAddress ip, int prefix) {
        InetAddress canonical = canonical(requireNonNull(ip, "ip"));
        Checks.inRange("prefixLength", prefix, 0, canonical.getAddress().length * 8);
        return new Subnet(masked(canonical, prefix), prefix);
    }

    /**
     * @param ip an address
     * @return the block of that one address (/32 or /128)
     */
    public static Subnet host(InetAddress ip) {
        InetAddress canonical = canonical(requireNonNull(ip, "ip"));
        return new Subnet(canonical, canonical.getAddress().length * 8);
    }

    /**
     * Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 literal with or without brackets, with or
     * without {@code /n}. Host names are refused (nothing is resolved).
     *
     * @param text the block
     * @return it
     * @throws IllegalArgumentException if {@code text} is not one, or has bits set below its prefix
     */
    public static Subnet parse(String text) {
        requireNonNull(text, "text");
        String t = text.strip();
        int slash = t.indexOf('/');
        String ipText = slash < 0 ? t : t.substring(0, slash);
        InetAddress ip;
        try {
            boolean v6 = ipText.indexOf(':') >= 0 || ipText.startsWith("[");
            String bracketed = v6 && !ipText.startsWith("[") ? "[" + ipText + "]" : ipText;
            ip = PeerAddress.parse(bracketed + ":0").ip();
        } catch (IllegalArgumentException e) {
            throw bad(text);
        }
        if (slash < 0) {
            return host(ip);
        }
        String len = t.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}")) {
            throw bad(text);
        }
        int n = Integer.parseInt(len);
        int bits = ip.getAddress().length * 8;
        boolean mappedText = ip.getAddress().length == 4 && ipText.indexOf(':') >= 0;
        if (mappedText) {
            n -= 96; // ::ffff:1.2.3.0/120 is 1.2.3.0/24
        }
        if (n < 0 || n > bits) {
            throw new IllegalArgumentException("subnet: \"" + text + "\" (expected: a prefix length of 0.." + bits
                    + " for " + (bits == 32 ? "IPv4" : "IPv6") + ")");
        }
        return new Subnet(ip, n);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("subnet: \"" + text
                + "\" (expected: an IP literal, optionally /prefix, like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32)");
    }

    /**
     * @param ip an address
     * @return whether it lies in this block (an IPv4-mapped IPv6 address as its IPv4 address)
     */
    public boolean contains(InetAddress ip) {
        byte[] a = canonical(requireNonNull(ip, "ip")).getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    /** @return whether this block is a single address */
    public boolean isHost() {
        return prefixLength == network.getAddress().length * 8;
    }

    /** @return {@code network/prefixLength}, an IPv6 network without brackets */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress canonical(InetAddress ip) {
        return PeerAddress.of(ip.getAddress(), 0).ip();
    }

    private static InetAddress masked(InetAddress ip, int prefix) {
        byte[] b = ip.getAddress();
        for (int i = prefix; i < b.length * 8; i++) {
            b[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
