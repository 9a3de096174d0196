package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerSetConstants;
import org.junit.jupiter.api.Test;

/** Relations between the connection timeouts (reference section 2.4) and this module's constants. */
class CoreConstantsTest {

    @Test
    void liveness_window_is_heartbeat_plus_three_request_timeouts() {
        assertThat(PeerSetConstants.MIN_PEER_RECONNECTION_DELAY)
                .isEqualTo(PeerSetConstants.HEARTBEAT_INTERVAL.plus(PeerSetConstants.REQUEST_TIMEOUT.multipliedBy(3)));
    }

    @Test
    void handshake_fits_in_a_request_timeout() {
        assertThat(PeerSetConstants.HANDSHAKE_TIMEOUT).isLessThanOrEqualTo(PeerSetConstants.REQUEST_TIMEOUT);
    }

    @Test
    void a_heartbeat_ping_queued_behind_a_request_still_answers_before_the_heartbeat_timeout() {
        // Worst case: the caller's request waits its full timeout, then the ping waits its own.
        assertThat(PeerSetConstants.REQUEST_TIMEOUT.multipliedBy(2)).isLessThan(PeerSetConstants.HEARTBEAT_INTERVAL);
    }

    @Test
    void the_inbound_service_answers_before_the_peer_gives_up() {
        assertThat(PeerSetConstants.INBOUND_SERVICE_TIMEOUT).isLessThan(PeerSetConstants.REQUEST_TIMEOUT);
    }

    @Test
    void overload_probabilities_are_ordered() {
        assertThat(PeerSetConstants.MIN_OVERLOAD_DROP_PROBABILITY).isPositive()
                .isLessThan(PeerSetConstants.MAX_OVERLOAD_DROP_PROBABILITY);
        assertThat(PeerSetConstants.MAX_OVERLOAD_DROP_PROBABILITY).isLessThan(1.0);
    }

    @Test
    void a_peers_answer_is_a_small_part_of_the_cache() {
        assertThat(PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT).isEqualTo(37)
                .isLessThan(PeerSetConstants.MAX_CONNECTION_ADDRESS_CACHE);
        assertThat(PeerSetConstants.MAX_CONNECTION_ADDRESS_CACHE).isEqualTo(PeerSetConstants.MAX_ADDRS_IN_MESSAGE);
    }

    @Test
    void local_queue_holds_the_callers_slot_and_the_heartbeats() {
        assertThat(CoreConstants.MAX_QUEUED_LOCAL_REQUESTS).isEqualTo(2);
        assertThat(CoreConstants.MESSAGE_DEMAND).isEqualTo(1);
        assertThat(CoreConstants.MDC_PEER_KEY).isEqualTo("peer");
    }
}
