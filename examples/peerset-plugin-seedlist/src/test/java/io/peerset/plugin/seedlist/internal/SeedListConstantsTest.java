package io.peerset.plugin.seedlist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relations between the plugin's limits (DESIGN.md §5.7). */
class SeedListConstantsTest {

    /** The longest address line the format has. */
    private static final String LONGEST = PeerAddress.parse("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535").toString();

    @Test
    void aLineHoldsTheLongestAddressWithRoomForAComment() {
        assertThat(LONGEST.getBytes(StandardCharsets.US_ASCII)).hasSize(47);
        assertThat(SeedListConstants.MAX_LINE_BYTES).isGreaterThanOrEqualTo(4 * LONGEST.length());
    }

    @Test
    void theDefaultByteBoundHoldsTheDefaultNumberOfTheLongestLines() {
        assertThat(SeedListConstants.DEFAULT_MAX_BYTES).isGreaterThanOrEqualTo(
                SeedListConstants.DEFAULT_MAX_PEERS * (LONGEST.length() + 2)); // with \r\n
        assertThat(SeedListConstants.MAX_MAX_BYTES).isGreaterThanOrEqualTo(
                SeedListConstants.MAX_MAX_PEERS * (LONGEST.length() + 2));
        assertThat(SeedListConstants.DEFAULT_MAX_BYTES).isLessThanOrEqualTo(SeedListConstants.MAX_MAX_BYTES);
        assertThat(SeedListConstants.DEFAULT_MAX_PEERS).isLessThanOrEqualTo(SeedListConstants.MAX_MAX_PEERS);
    }

    @Test
    void theDefaultTimeoutIsInItsRange() {
        assertThat(SeedListConstants.DEFAULT_TIMEOUT).isBetween(SeedListConstants.MIN_TIMEOUT, SeedListConstants.MAX_TIMEOUT);
    }

    @Test
    void aSignatureFileHoldsEveryFormOfASignature() {
        int hexLine = 2 * SeedListConstants.SIGNATURE_BYTES + 2;
        assertThat(SeedListConstants.MAX_SIGNATURE_BYTES).isGreaterThanOrEqualTo(hexLine);
    }
}
