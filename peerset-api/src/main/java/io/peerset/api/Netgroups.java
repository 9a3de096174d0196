package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * How addresses are grouped into {@link Netgroup}s: the unit of outbound diversity, of the address
 * tables' buckets and of inbound eviction. Made by the static factories; compared by
 * value; immutable and thread-safe.
 *
 * <p>The rules, after Bitcoin Core's {@code CNetAddr::GetGroup}:
 * <ul>
 *   <li>A routable IPv4 address: its {@code /ipv4PrefixBits} prefix (default /16).</li>
 *   <li>An IPv6 address that carries an IPv4 address — IPv4-mapped {@code ::ffff:0:0/96} (already an
 *       IPv4 address in a {@link PeerAddress}), SIIT {@code ::ffff:0:0:0/96}, NAT64
 *       {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} (bits 16–47) and Teredo {@code 2001::/32} (the
 *       last 32 bits inverted) — is grouped as that IPv4 address: an attacker cannot escape its
 *       IPv4 group by tunnelling.</li>
 *   <li>Any other routable IPv6 address: its {@code /ipv6PrefixBits} prefix (default /32, the size
 *       regional registries allocate to a provider).</li>
 *   <li>With an {@link Asmap} ({@link #withAsmap}, option {@code asmap}): a routable address the map
 *       gives an AS number — an IPv4 address, embedded or not, looked up as {@code ::ffff:a.b.c.d} —
 *       is grouped by that number ({@link Netgroup.Kind#AS}), as Bitcoin Core's {@code GetGroup}
 *       with {@code -asmap}; one the map does not cover keeps its prefix group.</li>
 *   <li>Loopback ({@code 127.0.0.0/8}, {@code ::1}): a group per address <em>and port</em>
 *       ({@link Netgroup.Kind#LOCAL}), so that tests and {@code peerset demo}, which run many nodes on
 *       127.0.0.1, are not limited by diversity (the per-IP limit is what they configure).</li>
 *   <li>Addresses the Internet does not route — {@code 0/8}, {@code 10/8}, {@code 100.64/10},
 *       {@code 169.254/16}, {@code 172.16/12}, {@code 192.0.0/24}, {@code 192.0.2/24},
 *       {@code 192.168/16}, {@code 198.18/15}, {@code 198.51.100/24}, {@code 203.0.113/24},
 *       {@code 224/3}; IPv6 {@code ::/8} (but the embedded forms above), {@code 100::/64},
 *       {@code 2001:db8::/32}, {@code fc00::/7}, {@code fe80::/10}, {@code fec0::/10},
 *       {@code ff00::/8}: a group per host ({@link Netgroup.Kind#HOST}; an IPv6 host is its /64).
 *       Bitcoin Core puts all of them in one group, which would allow one outbound peer on a private
 *       network; an attacker on the Internet gains nothing from them (gossiped private addresses
 *       are not reachable from the Internet).</li>
 * </ul>
 */
public final class Netgroups {

    /** The default IPv4 prefix length of a group: a /16, as Bitcoin Core. */
    public static final int DEFAULT_IPV4_PREFIX = 16;
    /** The default IPv6 prefix length of a group: a /32, as Bitcoin Core. */
    public static final int DEFAULT_IPV6_PREFIX = 32;

    private static final Netgroups DEFAULTS = new Netgroups(DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX, null);

    private final int ipv4Bits;
    private final int ipv6Bits;
    /** The operator's map, or null. */
    private final Asmap asmap;

    private Netgroups(int ipv4Bits, int ipv6Bits, Asmap asmap) {
        this.ipv4Bits = ipv4Bits;
        this.ipv6Bits = ipv6Bits;
        this.asmap = asmap;
    }

    /** @return IPv4 /16 and IPv6 /32 groups */
    public static Netgroups defaults() {
        return DEFAULTS;
    }

    /**
     * @param ipv4PrefixBits the IPv4 prefix length of a group; range 8..32
     * @param ipv6PrefixBits the IPv6 prefix length of a group; range 16..64
     * @return the grouping
     */
    public static Netgroups byPrefix(int ipv4PrefixBits, int ipv6PrefixBits) {
        Checks.inRange("ipv4PrefixBits", ipv4PrefixBits, 8, 32);
        Checks.inRange("ipv6PrefixBits", ipv6PrefixBits, 16, 64);
        return ipv4PrefixBits == DEFAULT_IPV4_PREFIX && ipv6PrefixBits == DEFAULT_IPV6_PREFIX
                ? DEFAULTS : new Netgroups(ipv4PrefixBits, ipv6PrefixBits, null);
    }

    /**
     * @param map the operator's IP-to-AS map
     * @return this grouping, with routable addresses the map covers grouped by their AS
     */
    public Netgroups withAsmap(Asmap map) {
        return new Netgroups(ipv4Bits, ipv6Bits, requireNonNull(map, "map"));
    }

    /** @return the IP-to-AS map, if any */
    public Optional<Asmap> asmap() {
        return Optional.ofNullable(asmap);
    }

    /** @return the IPv4 prefix length of a group */
    public int ipv4PrefixBits() {
        return ipv4Bits;
    }

    /** @return the IPv6 prefix length of a group */
    public int ipv6PrefixBits() {
        return ipv6Bits;
    }

    /**
     * @param address an address
     * @return its group
     */
    public Netgroup of(PeerAddress address) {
        requireNonNull(address, "address");
        byte[] ip = address.ip().getAddress();
        if (ip.length == 4) {
            return ofIpv4(intOf(ip, 0), address.port());
        }
        long high = longOf(ip, 0);
        long low = longOf(ip, 8);
        if (high == 0 && low == 1) {
            return new Netgroup(Netgroup.Kind.LOCAL, address.port(), 0);
        }
        int embedded = 0;
        boolean hasIpv4 = true;
        if (high == 0 && (low >>> 32) == 0xFFFF_0000L) { // SIIT ::ffff:0:a.b.c.d
            embedded = (int) low;
        } else if (high == 0x0064_FF9B_0000_0000L && (low >>> 32) == 0) { // NAT64 64:ff9b::/96
            embedded = (int) low;
        } else if ((high >>> 48) == 0x2002) { // 6to4
            embedded = (int) (high >>> 16);
        } else if ((high >>> 32) == 0x2001_0000L) { // Teredo: the client's IPv4, inverted
            embedded = ~(int) low;
        } else {
            hasIpv4 = false;
        }
        if (hasIpv4) {
            return ofIpv4(embedded, address.port());
        }
        if (!routableIpv6(high, low)) {
            return new Netgroup(Netgroup.Kind.HOST, high, 64);
        }
        if (asmap != null) {
            long asn = asmap.asn(address.ip());
            if (asn != 0) {
                return new Netgroup(Netgroup.Kind.AS, asn, 0);
            }
        }
        return new Netgroup(Netgroup.Kind.IPV6, high >>> (64 - ipv6Bits), ipv6Bits);
    }

    /**
     * The host the per-IP rules count (the per-IP connection limit and throttle, bans): an IPv4
     * address is itself; an IPv6 address counts as its /64, the smallest block one subscriber is
     * normally given, so that one host cannot pose as 2^64 (issue 16 §1.4).
     *
     * @param ip an address
     * @return {@code ip} for IPv4 and for an IPv6 address whose last 64 bits are zero; otherwise its
     *         /64's first address
     */
    public static InetAddress host(InetAddress ip) {
        requireNonNull(ip, "ip");
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return ip;
        }
        boolean hostBits = false;
        for (int i = 8; i < 16; i++) {
            hostBits |= b[i] != 0;
            b[i] = 0;
        }
        if (!hostBits) {
            return ip; // already the /64's first address: no second copy
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes are always an address
        }
    }

    private Netgroup ofIpv4(int ip, int port) {
        long v = ip & 0xFFFF_FFFFL;
        if ((v >>> 24) == 127) {
            return new Netgroup(Netgroup.Kind.LOCAL, (v << 16) | port, 0);
        }
        if (!routableIpv4(v)) {
            return new Netgroup(Netgroup.Kind.HOST, v, 32);
        }
        if (asmap != null) {
            long asn = asmap.asn(ipv4(ip));
            if (asn != 0) {
                return new Netgroup(Netgroup.Kind.AS, asn, 0);
            }
        }
        return new Netgroup(Netgroup.Kind.IPV4, v >>> (32 - ipv4Bits), ipv4Bits);
    }

    private static InetAddress ipv4(int ip) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 bytes are always an address
        }
    }

    /** @return whether an IPv4 address (not loopback) is routed on the Internet */
    static boolean routableIpv4(long v) {
        long a = v >>> 24;
        long b = (v >>> 16) & 0xFF;
        long c = (v >>> 8) & 0xFF;
        return !(a == 0 || a == 10 || a >= 224                       // this network, private, multicast and reserved
                || (a == 100 && (b & 0xC0) == 64)                     // 100.64/10 shared (carrier-grade NAT)
                || (a == 169 && b == 254)                             // link-local
                || (a == 172 && (b & 0xF0) == 16)                     // private
                || (a == 192 && b == 168)                             // private
                || (a == 192 && b == 0 && (c == 0 || c == 2))         // IETF assignments, TEST-NET-1
                || (a == 198 && (b & 0xFE) == 18)                     // benchmarking
                || (a == 198 && b == 51 && c == 100)                  // TEST-NET-2
                || (a == 203 && b == 0 && c == 113));                 // TEST-NET-3
    }

    /** @return whether an IPv6 address without an IPv4 address inside is routed on the Internet */
    static boolean routableIpv6(long high, long low) {
        long top8 = high >>> 56;
        long top16 = high >>> 48;
        return !(top8 == 0                                           // ::/8 (unspecified, loopback, old compatible forms)
                || (high == 0x0100_0000_0000_0000L)                   // 100::/64 discard
                || (high >>> 32) == 0x2001_0DB8L                      // documentation
                || (top8 & 0xFE) == 0xFC                              // unique local
                || (top16 & 0xFFC0) == 0xFE80                         // link-local
                || (top16 & 0xFFC0) == 0xFEC0                         // site-local (deprecated)
                || top8 == 0xFF);                                     // multicast
    }

    private static int intOf(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long longOf(byte[] b, int at) {
        return ((long) intOf(b, at) << 32) | (intOf(b, at + 4) & 0xFFFF_FFFFL);
    }

    /** Equal when they group every address the same way (same prefix lengths, same map). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Netgroups n && n.ipv4Bits == ipv4Bits && n.ipv6Bits == ipv6Bits
                && Objects.equals(n.asmap, asmap);
    }

    @Override
    public int hashCode() {
        return (ipv4Bits * 31 + ipv6Bits) * 31 + Objects.hashCode(asmap);
    }

    @Override
    public String toString() {
        return "Netgroups.byPrefix(" + ipv4Bits + ", " + ipv6Bits + ")" + (asmap == null ? "" : ".withAsmap(" + asmap + ")");
    }
}
