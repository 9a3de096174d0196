package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.peerset.wire.PeerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetgroupsTest {

    private static final Netgroups DEFAULTS = Netgroups.defaults();

    private static Netgroup group(String address) {
        return DEFAULTS.of(PeerAddress.parse(address));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // routable IPv4: the /16
            "1.2.3.4:8233, 1.2.0.0/16, IPV4",
            "11.5.255.254:8233, 11.5.0.0/16, IPV4",
            // IPv6 carrying an IPv4 address: grouped as that address
            "'[::ffff:1.2.3.4]:8233', 1.2.0.0/16, IPV4",
            "'[::ffff:0:1.2.3.4]:8233', 1.2.0.0/16, IPV4",
            "'[64:ff9b::102:304]:8233', 1.2.0.0/16, IPV4",
            "'[2002:102:304::1]:8233', 1.2.0.0/16, IPV4",
            // Teredo: the client's address is the last 32 bits, inverted (1.2.3.4 = fefd:fcfb)
            "'[2001:0:4136:e378:8000:63bf:fefd:fcfb]:8233', 1.2.0.0/16, IPV4",
            // routable IPv6: the /32
            "'[2a01:4f8:1:2::3]:8233', 2a01:4f8::/32, IPV6",
            "'[2606:4700::1111]:8233', 2606:4700::/32, IPV6",
            // loopback: address and port
            "127.0.0.1:18233, 127.0.0.1:18233, LOCAL",
            "'[::1]:18233', '[::1]:18233', LOCAL",
            // not routed: a group per host (IPv4) or /64 (IPv6)
            "10.1.2.3:8233, 10.1.2.3, HOST",
            "192.168.1.7:8233, 192.168.1.7, HOST",
            "172.20.0.5:8233, 172.20.0.5, HOST",
            "100.64.0.1:8233, 100.64.0.1, HOST",
            "169.254.1.1:8233, 169.254.1.1, HOST",
            "203.0.113.9:8233, 203.0.113.9, HOST",
            "'[fd00:1:2:3::9]:8233', fd00:1:2:3::/64, HOST",
            "'[fe80::1]:8233', fe80::/64, HOST",
            "'[2001:db8:5::1]:8233', 2001:db8:5::/64, HOST",
    })
    void groupsByTheRules(String address, String expected, Netgroup.Kind kind) {
        Netgroup g = group(address);
        assertThat(g.kind()).isEqualTo(kind);
        assertThat(g).hasToString(expected);
    }

    @Test
    void aTunnelledAddressIsInTheSameGroupAsItsIpv4Address() {
        assertThat(group("[2002:b05:102::1]:1")).isEqualTo(group("11.5.1.2:8233"));
        assertThat(group("[64:ff9b::b05:102]:1")).isEqualTo(group("11.5.200.1:8233"));
        assertThat(group("[2001:0:1:2:3:4:f4fa:fefd]:1")).isEqualTo(group("11.5.1.2:8233"));
    }

    @Test
    void loopbackNodesAreToldApartByPortAndPrivateHostsByAddress() {
        assertThat(group("127.0.0.1:1")).isNotEqualTo(group("127.0.0.1:2"));
        assertThat(group("10.0.0.1:1")).isEqualTo(group("10.0.0.1:2"));
        assertThat(group("10.0.0.1:1")).isNotEqualTo(group("10.0.0.2:1"));
        assertThat(group("[fd00::1]:1")).isEqualTo(group("[fd00::2]:1")); // one /64, one host
    }

    @Test
    void prefixLengthsAreConfigurable() {
        Netgroups wide = Netgroups.byPrefix(8, 16);
        assertThat(wide.of(PeerAddress.parse("11.5.1.2:1"))).isEqualTo(wide.of(PeerAddress.parse("11.200.1.2:1")))
                .hasToString("11.0.0.0/8");
        assertThat(wide.of(PeerAddress.parse("[2a01:4f8::1]:1"))).hasToString("2a01::/16");
        Netgroups hosts = Netgroups.byPrefix(32, 64);
        assertThat(hosts.of(PeerAddress.parse("11.5.1.2:1"))).hasToString("11.5.1.2/32")
                .isNotEqualTo(hosts.of(PeerAddress.parse("11.5.1.3:1")));
        assertThat(Netgroups.byPrefix(16, 32)).isSameAs(Netgroups.defaults());
    }

    @Test
    void outOfRangePrefixesAreRefusedWithTheRange() {
        assertThatThrownBy(() -> Netgroups.byPrefix(7, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipv4PrefixBits: 7");
        assertThatThrownBy(() -> Netgroups.byPrefix(16, 65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipv6PrefixBits: 65");
    }

    /** Two routable IPv4 addresses share a group exactly when their first {@code bits} bits agree. */
    @Test
    void routableIpv4AddressesShareAGroupExactlyWhenTheirPrefixesAgree() {
        // a in 11.0.0.0-99.255.255.255 (all routable), b the same address with some of its low bits
        // flipped, so that prefixes agree as often as they differ; drawing both from every int left
        // too few routable pairs (QuickTheories favours 0, -1 and the extremes), and the run gave up
        qt().withExamples(2_000).forAll(integers().between(0x0B00_0000, 0x63FF_FFFF), integers().all(),
                        integers().between(8, 31), integers().between(8, 32))
                .as((a, flip, shift, bits) -> new int[] {a, a ^ (flip >>> shift), bits})
                .check(t -> {
                    int a = t[0];
                    int b = t[1];
                    int bits = t[2];
                    if (!Netgroups.routableIpv4(a & 0xFFFF_FFFFL) || !Netgroups.routableIpv4(b & 0xFFFF_FFFFL)) {
                        return false; // the generator promises routable addresses
                    }
                    Netgroups g = Netgroups.byPrefix(bits, 32);
                    boolean same = g.of(ipv4(a)).equals(g.of(ipv4(b)));
                    boolean prefixesAgree = bits == 32 ? a == b : (a >>> (32 - bits)) == (b >>> (32 - bits));
                    return same == prefixesAgree && g.of(ipv4(a)).kind() == Netgroup.Kind.IPV4;
                });
    }

    /** Every address has a group, and an address's group is stable (the same address, the same group). */
    @Test
    void everyIpv6AddressHasAStableGroup() {
        qt().withExamples(2_000).forAll(integers().all(), integers().all(), integers().all(), integers().all())
                .check((a, b, c, d) -> {
                    byte[] ip = new byte[16];
                    int[] words = {a, b, c, d};
                    for (int i = 0; i < 16; i++) {
                        ip[i] = (byte) (words[i / 4] >>> (24 - 8 * (i % 4)));
                    }
                    PeerAddress address = PeerAddress.of(ip, 8233);
                    Netgroup g = DEFAULTS.of(address);
                    return g.equals(DEFAULTS.of(PeerAddress.of(ip.clone(), 1))) || g.kind() == Netgroup.Kind.LOCAL;
                });
    }

    private static PeerAddress ipv4(int v) {
        return PeerAddress.of(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, 8233);
    }
}
