package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4:8233, 1.2.3.4:8233",
        "'[::ffff:1.2.3.4]:8233', 1.2.3.4:8233",
        "'[::1]:0', '[::1]:0'",
        "'[2001:0db8:0000:0000:0000:0000:0000:0001]:1', '[2001:db8::1]:1'",
        "'[2001:db8:0:1:0:0:1:1]:1', '[2001:db8:0:1::1:1]:1'",
        "'[::]:9050', '[::]:9050'",
        "'[1:0:0:2:0:0:0:3]:5', '[1:0:0:2::3]:5'",
    })
    void parsesAndPrintsCanonically(String input, String expected) {
        assertThat(PeerAddress.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void ipv4MappedBytesAreCanonicalised() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        PeerAddress a = PeerAddress.of(mapped, 8233);
        assertThat(a.isIpv4()).isTrue();
        assertThat(a).isEqualTo(PeerAddress.parse("127.0.0.1:8233"));
        assertThat(a.toIpv6Bytes()).isEqualTo(mapped);
        assertThat(a.redacted()).isEqualTo("v4redacted:8233");
    }

    @ParameterizedTest
    @CsvSource({"localhost:8233", "1.2.3:1", "1.2.3.4", "1.2.3.4:65536", "'[::1:1'", "256.1.1.1:1", "example.com:80"})
    void refusesNonLiterals(String input) {
        assertThatThrownBy(() -> PeerAddress.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: an IP literal and port");
    }

    @Test
    void redactionHidesTheIpUnlessTheOperatorAsksForIt() {
        PeerAddress v4 = PeerAddress.parse("203.0.113.6:8233");
        PeerAddress v6 = PeerAddress.parse("[2001:db8::1]:8233");
        assertThat(PeerAddress.showsInLogs()).isFalse();
        assertThat(v4.redacted()).isEqualTo("v4redacted:8233");
        assertThat(v6.redacted()).isEqualTo("v6redacted:8233");
        try {
            PeerAddress.showInLogs(true);
            assertThat(v4.redacted()).isEqualTo("203.0.113.6:8233");
            assertThat(v6.redacted()).isEqualTo("[2001:db8::1]:8233");
        } finally {
            PeerAddress.showInLogs(false);
        }
    }
}
