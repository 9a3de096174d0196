package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.Network;
import org.junit.jupiter.api.Test;

class AddressBookConstantsTest {

    @Test
    void theQueueTakesAFullAddrMessageAndAWholeBook() {
        assertThat(AddressBookConstants.UPDATE_QUEUE_CAPACITY)
                .isGreaterThanOrEqualTo(PeerSetConstants.MAX_ADDRS_IN_MESSAGE)
                .isGreaterThanOrEqualTo(PeerSetConstants.MAX_ADDRS_IN_ADDRESS_BOOK)
                .isGreaterThanOrEqualTo(PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE);
        assertThat(AddressBookConstants.MAX_CHANGES_PER_BATCH).isPositive()
                .isLessThanOrEqualTo(AddressBookConstants.UPDATE_QUEUE_CAPACITY);
    }

    @Test
    void foreignPortsNeverIncludeABuiltInDefaultPort() {
        for (Network n : Network.builtIns()) {
            assertThat(Network.FOREIGN_PORTS).doesNotContain(n.defaultPort());
        }
    }

    @Test
    void peerCacheRetriesFasterThanItRefreshes() {
        assertThat(AddressBookConstants.PEER_CACHE_RETRY_INTERVAL)
                .isLessThan(PeerSetConstants.PEER_DISK_CACHE_UPDATE_INTERVAL);
    }

    @Test
    void aFullPeerCacheIsReadWhole() {
        assertThat(AddressBookConstants.MAX_PEER_CACHE_LINE_BYTES).isEqualTo(48);
        assertThat(AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES)
                .isGreaterThanOrEqualTo(PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE * AddressBookConstants.MAX_PEER_CACHE_LINE_BYTES)
                .isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void windowsRelateAsTheReferenceRequires() {
        assertThat(AddressBookConstants.RECENTLY_LIVE).isEqualTo(PeerSetConstants.MIN_PEER_RECONNECTION_DELAY);
        assertThat(PeerSetConstants.CONCURRENT_ADDRESS_CHANGE_PERIOD)
                .isLessThan(PeerSetConstants.MIN_PEER_RECONNECTION_DELAY);
        assertThat(PeerSetConstants.TIMESTAMP_TRUNCATION).isLessThan(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP);
        assertThat(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP).isLessThan(PeerSetConstants.MAX_RECENT_PEER_AGE);
    }
}
