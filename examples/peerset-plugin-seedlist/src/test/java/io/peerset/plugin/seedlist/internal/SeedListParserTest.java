package io.peerset.plugin.seedlist.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SeedListParserTest {

    private static SeedList parse(String text) {
        return SeedListParser.parse(text.getBytes(StandardCharsets.UTF_8), 1 << 20, 1000);
    }

    @Test
    void readsAddressesCommentsAndBlankLines() {
        SeedList list = parse("""
                # Mainnet seeds, 2026-12
                203.0.113.7:8233
                  [2001:db8::1]:8233   # a comment after an address

                198.51.100.2:18233#no space needed
                """);
        assertThat(list.peers()).containsExactly(PeerAddress.parse("203.0.113.7:8233"),
                PeerAddress.parse("[2001:db8::1]:8233"), PeerAddress.parse("198.51.100.2:18233"));
        assertThat(list.badLines()).isZero();
        assertThat(list.truncatedAt()).isEmpty();
    }

    @Test
    void acceptsCrLfAByteOrderMarkAndNoFinalNewline() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] body = "1.2.3.4:8233\r\n5.6.7.8:8233".getBytes(StandardCharsets.US_ASCII);
        byte[] text = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, text, 0, 3);
        System.arraycopy(body, 0, text, 3, body.length);
        assertThat(SeedListParser.parse(text, 100, 10).peers()).containsExactly(PeerAddress.parse("1.2.3.4:8233"),
                PeerAddress.parse("5.6.7.8:8233"));
    }

    @Test
    void canonicalisesAndDropsDuplicates() {
        SeedList list = parse("[::ffff:1.2.3.4]:8233\n1.2.3.4:8233\n[2001:DB8::1]:1\n[2001:db8:0::1]:1\n");
        assertThat(list.peers()).containsExactly(PeerAddress.parse("1.2.3.4:8233"), PeerAddress.parse("[2001:db8::1]:1"));
        assertThat(list.duplicates()).isEqualTo(2);
        assertThat(list.badLines()).isZero();
    }

    @Test
    void skipsLinesThatAreNotAddressesAndNamesThemWithoutTheirText() {
        byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28, '\n'};
        String text = "dnsseed.z.cash:8233\n192.0.2.55\n192.0.2.55:0\n192.0.2.55:70000\n" + new String(notUtf8,
                StandardCharsets.ISO_8859_1) + "x".repeat(300) + "\n5.6.7.8:8233 9.9.9.9:1\n10.0.0.1:8233\n";
        SeedList list = SeedListParser.parse(text.getBytes(StandardCharsets.ISO_8859_1), 1 << 20, 1000);
        assertThat(list.peers()).containsExactly(PeerAddress.parse("10.0.0.1:8233"));
        assertThat(list.badLines()).isEqualTo(7);
        assertThat(list.problems()).hasSize(SeedListConstants.BAD_LINES_SHOWN).containsExactly(
                "line 1: not an IP address and port (expected: like 1.2.3.4:8233 or [2001:db8::1]:8233; host names are"
                        + " not resolved)",
                "line 2: not an IP address and port (expected: like 1.2.3.4:8233 or [2001:db8::1]:8233; host names are"
                        + " not resolved)",
                "line 3: port 0 (expected: 1..65535)",
                "line 4: not an IP address and port (expected: like 1.2.3.4:8233 or [2001:db8::1]:8233; host names are"
                        + " not resolved)",
                "line 5: not UTF-8");
        assertThat(String.join(" ", list.problems())).doesNotContain("192.0.2.55", "dnsseed");
    }

    @Test
    void aLineLongerThanTheBoundIsSkippedUnread() {
        SeedList list = parse("#" + " ".repeat(SeedListConstants.MAX_LINE_BYTES) + "\n1.2.3.4:1\n");
        assertThat(list.problems()).containsExactly("line 1: longer than 256 bytes");
        assertThat(list.peers()).hasSize(1);
    }

    @Test
    void stopsAtMaxPeersAndSaysWhere() {
        SeedList list = SeedListParser.parse("1.1.1.1:1\n2.2.2.2:2\n# c\n3.3.3.3:3\n".getBytes(StandardCharsets.US_ASCII),
                1000, 2);
        assertThat(list.peers()).hasSize(2);
        assertThat(list.truncatedAt()).isEqualTo(OptionalInt.of(3));
        SeedList exact = SeedListParser.parse("1.1.1.1:1\n2.2.2.2:2\n\n".getBytes(StandardCharsets.US_ASCII), 1000, 2);
        assertThat(exact.truncatedAt()).isEmpty();
    }

    @Test
    void refusesInputAboveItsBound() {
        assertThatThrownBy(() -> SeedListParser.parse(new byte[11], 10, 5)).isInstanceOf(SeedListException.class)
                .hasMessage("11 bytes (expected: at most 10)");
        assertThat(SeedListParser.parse(new byte[0], 10, 5).peers()).isEmpty();
    }
}
