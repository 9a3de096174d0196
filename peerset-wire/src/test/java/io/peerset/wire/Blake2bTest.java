package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BLAKE2b against RFC 7693's vector; ZIP-244's vectors exercise it further in TransactionIdsTest. */
class Blake2bTest {

    private static final byte[] NO_PERSONALIZATION = new byte[16];

    @Test
    void rfc7693AppendixA() {
        byte[] digest = new Blake2b(64, NO_PERSONALIZATION).update("abc".getBytes(StandardCharsets.US_ASCII)).digest();
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    @Test
    void theEmptyInputAndExactBlockMultiples() {
        // BLAKE2b-512("") from the reference implementation's test suite
        assertThat(HexFormat.of().formatHex(new Blake2b(64, NO_PERSONALIZATION).digest())).isEqualTo(
                "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                        + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
    }

    /** Feeding the same bytes in any split gives the same digest (the last block is kept for the final flag). */
    @Test
    void chunkingDoesNotChangeTheDigest() {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        byte[] personal = "ZTxIdHeadersHash".getBytes(StandardCharsets.US_ASCII);
        qt().forAll(integers().between(0, 1000), integers().between(1, 300)).checkAssert((length, chunk) -> {
            Blake2b whole = new Blake2b(32, personal).update(data, 0, length);
            Blake2b pieces = new Blake2b(32, personal);
            for (int at = 0; at < length; at += chunk) {
                pieces.update(data, at, Math.min(chunk, length - at));
            }
            assertThat(pieces.digest()).isEqualTo(whole.digest());
        });
    }

    @Test
    void badArgumentsAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> new Blake2b(0, NO_PERSONALIZATION)).hasMessage("outputLength: 0 (expected: 1..64)");
        assertThatThrownBy(() -> new Blake2b(32, new byte[15])).hasMessage("personalization: 15 bytes (expected: 16)");
        Blake2b used = new Blake2b(32, NO_PERSONALIZATION);
        used.digest();
        assertThatThrownBy(used::digest).isInstanceOf(IllegalStateException.class);
    }
}
