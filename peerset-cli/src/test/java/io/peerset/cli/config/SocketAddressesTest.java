package io.peerset.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SocketAddressesTest {

    @ParameterizedTest(name = "\"{0}\" with default port {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // reference section 3.1 (zebrad's parse_config_listen_addr)
        "0.0.0.0              | 8233  | 0.0.0.0:8233",
        "0.0.0.0:9999         | 8233  | 0.0.0.0:9999",
        "0.0.0.0              | 18233 | 0.0.0.0:18233",
        "0.0.0.0:8233         | 18233 | 0.0.0.0:8233",
        "[::]                 | 8233  | [::]:8233",
        "[::]:9999            | 8233  | [::]:9999",
        "[::]                 | 18233 | [::]:18233",
        "[::1]:8233           | 8233  | [::1]:8233",
        "[2001:db8::1]:8233   | 8233  | [2001:db8::1]:8233",
        // zebrad's last resort: an unbracketed IPv6 address is a bare IP
        "::                   | 8233  | [::]:8233",
        "2001:db8::1          | 18233 | [2001:db8::1]:18233",
        "::1:8233             | 8233  | [::1:8233]:8233",
        // canonical: IPv4-mapped IPv6 becomes IPv4
        "[::ffff:192.0.2.1]:8233 | 8233 | 192.0.2.1:8233",
        "127.0.0.1:0          | 8233  | 127.0.0.1:0",
        "255.255.255.255:65535| 8233  | 255.255.255.255:65535",
        "[2001:DB8::A]        | 53    | [2001:db8::a]:53",
    })
    void parsesAsZebradDoes(String text, int defaultPort, String expected) {
        assertThat(SocketAddresses.parse(text, defaultPort)).hasToString(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is a host name")
    @ValueSource(strings = {"localhost", "localhost:8233", "example.com", "seeder.zec.rocks:8233", "node-1.local."})
    void refusesHostNamesSayingSo(String text) {
        assertThatThrownBy(() -> SocketAddresses.parse(text, 8233))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\" is a host name")
                .hasMessageContaining("expected: an IP address");
    }

    @ParameterizedTest(name = "\"{0}\" refused")
    @ValueSource(strings = {"", " 0.0.0.0", "0.0.0.0 ", "1.2.3", "1.2.3.4.5", "256.0.0.1", "010.0.0.1", "1.2.3.4:",
        "1.2.3.4:-1", "1.2.3.4:+80", "[::1", "::1]", "[[::1]]:8233", "[1.2.3.4]:8233", "[::1]:8233:1", "*:8233",
        ":8233", "fe80::1%eth0"})
    void refusesWhatIsNoAddress(String text) {
        assertThatThrownBy(() -> SocketAddresses.parse(text, 8233))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected:");
    }

    @Test
    void namesAPortOutOfRange() {
        assertThatThrownBy(() -> SocketAddresses.parse("1.2.3.4:65536", 8233))
                .hasMessageContaining("port 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> SocketAddresses.parse("[::1]:99999", 8233))
                .hasMessageContaining("port 99999 (expected: 0..65535)");
    }
}
