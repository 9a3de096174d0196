package io.peerset.api;

import static io.peerset.api.PeerSetConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The consistency rules of reference section 2.4 (Zebra's constants tests, 9.1). */
class PeerSetConstantsTest {

    @Test
    void livePeerDurationMatchesHeartbeatAndRequestTimeouts() {
        assertThat(MIN_PEER_RECONNECTION_DELAY).isEqualTo(Duration.ofSeconds(119))
                .isEqualTo(HEARTBEAT_INTERVAL.plus(REQUEST_TIMEOUT.multipliedBy(3)));
    }

    @Test
    void timeoutsAreConsistent() {
        assertThat(HANDSHAKE_TIMEOUT).isLessThanOrEqualTo(REQUEST_TIMEOUT);
        assertThat(EWMA_DEFAULT_RTT).isGreaterThan(REQUEST_TIMEOUT);
        assertThat(EWMA_DECAY_TIME).isGreaterThan(REQUEST_TIMEOUT);
    }

    @Test
    void eachCandidateIsAttemptedAboutOncePerLivenessWindow() {
        double ratio = (double) MIN_PEER_RECONNECTION_DELAY.toMillis()
                / (MAX_ADDRS_IN_ADDRESS_BOOK * MIN_OUTBOUND_PEER_CONNECTION_INTERVAL.toMillis());
        assertThat(ratio).isBetween(0.2, 2.0);
    }

    @Test
    void peerAgeLimitsAreConsistent() {
        assertThat(MAX_PEER_ACTIVE_FOR_GOSSIP).isLessThanOrEqualTo(MAX_RECENT_PEER_AGE);
    }

    @Test
    void addressLimitsAreConsistent() {
        assertThat(MAX_ADDRS_IN_ADDRESS_BOOK).isGreaterThanOrEqualTo(GET_ADDR_FANOUT * MAX_ADDRS_IN_MESSAGE);
        assertThat(MAX_ADDRS_IN_ADDRESS_BOOK / ADDR_RESPONSE_LIMIT_DENOMINATOR).isGreaterThan(MAX_ADDRS_IN_MESSAGE);
        assertThat(MAX_ADDRS_IN_ADDRESS_BOOK).isLessThanOrEqualTo(TYPICAL_MAINNET_ADDRESS_BOOK_SIZE);
        assertThat(MAX_ADDRS_IN_MESSAGE).isEqualTo(io.peerset.wire.WireLimits.MAX_ADDRS_IN_MESSAGE);
        assertThat(PEER_ADDR_RESPONSE_LIMIT).isEqualTo(37);
    }

    @Test
    void inventoryRotationIsShorterThanBlockSpacing() {
        assertThat(INVENTORY_ROTATION_INTERVAL).isLessThan(TARGET_BLOCK_SPACING);
    }

    @Test
    void peerConnectionLimitsAreConsistent() {
        assertThat(INBOUND_PEER_LIMIT_MULTIPLIER).isGreaterThan(OUTBOUND_PEER_LIMIT_MULTIPLIER);
        int inbound = DEFAULT_PEERSET_INITIAL_TARGET_SIZE * INBOUND_PEER_LIMIT_MULTIPLIER;
        int outbound = DEFAULT_PEERSET_INITIAL_TARGET_SIZE * OUTBOUND_PEER_LIMIT_MULTIPLIER;
        assertThat(inbound - outbound).isGreaterThanOrEqualTo(50);
        assertThat(inbound + outbound).isEqualTo(200);
    }

    @Test
    void overloadProbabilitiesAreOrdered() {
        assertThat(MIN_OVERLOAD_DROP_PROBABILITY).isGreaterThan(0).isLessThan(MAX_OVERLOAD_DROP_PROBABILITY);
        assertThat(MAX_OVERLOAD_DROP_PROBABILITY).isLessThanOrEqualTo(1);
    }

    @Test
    void inboundServiceAnswersBeforeTheRemoteRequestTimesOut() {
        // A remote peer gives us REQUEST_TIMEOUT to answer; our service must have its say well before.
        assertThat(INBOUND_SERVICE_TIMEOUT).isLessThan(REQUEST_TIMEOUT);
    }

    @Test
    void connectionAddressCacheHoldsAtLeastOneAddrAndOneResponse() {
        assertThat(MAX_CONNECTION_ADDRESS_CACHE).isGreaterThanOrEqualTo(MAX_ADDRS_IN_MESSAGE)
                .isGreaterThanOrEqualTo(PEER_ADDR_RESPONSE_LIMIT);
    }
}
