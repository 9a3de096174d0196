package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@link Subnet}: what an operator's ban names (issue 17). */
class SubnetTest {

    @Test
    void parsesAddressesAndBlocksOfBothFamilies() throws Exception {
        assertThat(Subnet.parse("203.0.113.7")).isEqualTo(new Subnet(InetAddress.getByName("203.0.113.7"), 32));
        assertThat(Subnet.parse("203.0.113.0/24").toString()).isEqualTo("203.0.113.0/24");
        assertThat(Subnet.parse("2001:db8::/32").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(Subnet.parse("[2001:db8::1]").prefixLength()).isEqualTo(128);
        assertThat(Subnet.parse("::ffff:203.0.113.0/120")).as("IPv4-mapped is IPv4")
                .isEqualTo(Subnet.parse("203.0.113.0/24"));
        assertThat(Subnet.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void refusesWhatIsNotABlockWithTheReason() {
        assertThatThrownBy(() -> Subnet.parse("example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subnet: \"example.com\" (expected: an IP literal");
        assertThatThrownBy(() -> Subnet.parse("203.0.113.0/33")).hasMessageContaining("0..32 for IPv4");
        assertThatThrownBy(() -> Subnet.parse("203.0.113.1/24")).hasMessageContaining("bits set below its prefix")
                .hasMessageContaining("expected: 203.0.113.0/24");
        assertThatThrownBy(() -> Subnet.parse("1.2.3.4/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subnet.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsExactlyTheAddressesSharingThePrefix() {
        Subnet b = Subnet.parse("198.51.100.0/23");
        assertThat(b.contains(ip("198.51.101.255"))).isTrue();
        assertThat(b.contains(ip("198.51.102.0"))).isFalse();
        assertThat(b.contains(ip("::ffff:198.51.100.9"))).isTrue();
        assertThat(b.contains(ip("2001:db8::1"))).as("another family").isFalse();
        assertThat(Subnet.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
    }

    @Test
    void aBlockContainsAnAddressIffTheirLeadingBitsAgree() {
        qt().forAll(longs().all(), longs().all(), integers().between(0, 32)).checkAssert((a, b, n) -> {
            InetAddress x = v4((int) (long) a);
            InetAddress y = v4((int) (long) b);
            Subnet block = new Subnet(mask(x, n), n);
            assertThat(block.contains(x)).isTrue();
            long mask = n == 0 ? 0 : (0xffffffffL << (32 - n)) & 0xffffffffL;
            boolean same = ((a.intValue() & mask) == (b.intValue() & mask));
            assertThat(block.contains(y)).isEqualTo(same);
            assertThat(Subnet.parse(block.toString())).isEqualTo(block);
        });
    }

    @Test
    void parsingArbitraryTextEitherGivesABlockOrSaysWhy() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 50)).checkAssert(text -> {
            try {
                Subnet s = Subnet.parse(text);
                assertThat(s.contains(s.network())).isTrue();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("subnet: ");
            }
        });
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress v4(int bits) {
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(bits).array());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress mask(InetAddress ip, int n) {
        int bits = ByteBuffer.wrap(ip.getAddress()).getInt();
        int m = n == 0 ? 0 : (int) ((0xffffffffL << (32 - n)) & 0xffffffffL);
        return v4(bits & m);
    }
}
