package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference 4.11: gossiped times are shifted out of the future, or the batch is dropped. */
class CrawlerGossipTest {

    private static AddressEntry at(long seconds) {
        return new AddressEntry(Instant.ofEpochSecond(seconds), PeerServices.NETWORK, PeerAddress.parse("203.0.113.1:8233"));
    }

    @Test
    void futureTimesShiftTheWholeBatchBackAndUnderflowDropsIt() {
        Instant now = Instant.ofEpochSecond(1_000_000);
        List<AddressEntry> ok = List.of(at(999_000), at(999_999));
        assertThat(Crawler.shiftIntoThePast(ok, now)).isSameAs(ok);
        assertThat(Crawler.shiftIntoThePast(List.of(at(999_000), at(1_000_100)), now))
                .extracting(e -> e.lastSeen().getEpochSecond()).containsExactly(998_900L, 1_000_000L);
        assertThat(Crawler.shiftIntoThePast(List.of(at(50), at(2_000_000)), now)).as("50 - 1,000,000 < 1970").isEmpty();
        assertThat(Crawler.shiftIntoThePast(List.of(), now)).isEmpty();
    }
}
