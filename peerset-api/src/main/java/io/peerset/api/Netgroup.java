package io.peerset.api;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A network group: the addresses one operator is assumed to control together, so that peerset
 * spreads its connections over many of them (issue 16; Bitcoin Core's {@code GetGroup}). Made by
 * {@link Netgroups#of}; compared by value. Immutable; thread-safe.
 *
 * @param kind         what the group is
 * @param bits         the group's key: the prefix's bits (left-aligned in the low {@code prefixLength}
 *                     bits for {@link Kind#IPV4} and {@link Kind#IPV6}, the IPv4 address or the IPv6
 *                     /64 for {@link Kind#HOST}, the address and port for {@link Kind#LOCAL}, the AS
 *                     number for {@link Kind#AS})
 * @param prefixLength the prefix length for {@link Kind#IPV4}, {@link Kind#IPV6} and {@link Kind#HOST}
 *                     (32 or 64 there); 0 for {@link Kind#LOCAL} and {@link Kind#AS}
 */
public record Netgroup(Kind kind, long bits, int prefixLength) {

    /** What a group is. */
    public enum Kind {
        /** A routable IPv4 prefix (an IPv6 address with an IPv4 address inside it counts as that). */
        IPV4,
        /** A routable IPv6 prefix. */
        IPV6,
        /**
         * The autonomous system that announces a routable address, from the operator's
         * {@link Asmap} (an address the map does not cover keeps its prefix group).
         */
        AS,
        /**
         * One host of a range that is not routed on the Internet (private, shared, link-local,
         * unique-local, documentation): an IPv4 address, or an IPv6 /64. On a private network the
         * address says nothing about who runs a host, so each host is a group of its own and only
         * the per-IP limit applies.
         */
        HOST,
        /**
         * A loopback address and its port: nodes on one host (tests, {@code peerset demo}) are told
         * apart by port, so diversity never limits them.
         */
        LOCAL
    }

    /** Checks the kind. */
    public Netgroup {
        requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IPV4 -> ipv4(bits << (32 - prefixLength)) + "/" + prefixLength;
            case IPV6 -> ipv6High(bits << (64 - prefixLength)) + "/" + prefixLength;
            case AS -> "AS" + bits;
            case HOST -> prefixLength == 32 ? ipv4(bits) : ipv6High(bits) + "/64";
            case LOCAL -> (bits >>> 16 == 0 ? "[::1]" : ipv4(bits >>> 16)) + ":" + (bits & 0xFFFF);
        };
    }

    private static String ipv4(long v) {
        return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    private static String ipv6High(long high) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress().replaceAll("(:0)+$", "::").replace(":::", "::");
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes are always an address
        }
    }
}
