package io.peerset.transport.netty;

import static io.peerset.transport.netty.NettyTransportConstants.ACCEPT_RETRY_DELAY;
import static io.peerset.transport.netty.NettyTransportConstants.CLOSE_FLUSH_TIMEOUT;
import static io.peerset.transport.netty.NettyTransportConstants.EVENT_LOOP_SHUTDOWN_TIMEOUT;
import static io.peerset.transport.netty.NettyTransportConstants.INITIAL_READ_BUFFER_SIZE;
import static io.peerset.transport.netty.NettyTransportConstants.MAX_READ_BUFFER_SIZE;
import static io.peerset.transport.netty.NettyTransportConstants.MAX_UNCLAIMED_INBOUND_CONNECTIONS;
import static io.peerset.transport.netty.NettyTransportConstants.MIN_READ_BUFFER_SIZE;
import static io.peerset.transport.netty.NettyTransportConstants.OWNED_PAYLOAD_THRESHOLD;
import static io.peerset.transport.netty.NettyTransportConstants.TRANSPORT_CLOSE_GRACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.WireLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The relations between the transport's constants that their reasons rely on. */
class NettyTransportConstantsTest {

    @Test
    void ownedPayloadsAreLargeFramesOnly() {
        // Never used before the handshake (a version message is tiny), always for a block-sized one.
        assertThat(OWNED_PAYLOAD_THRESHOLD).isGreaterThan(WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH)
                .isLessThan(WireLimits.MAX_PAYLOAD_LENGTH);
        // The accumulation buffer then holds at most a small frame plus one read.
        assertThat(OWNED_PAYLOAD_THRESHOLD).isEqualTo(MAX_READ_BUFFER_SIZE);
    }

    @Test
    void readBuffersAreOrderedAndHoldAHeader() {
        assertThat(MIN_READ_BUFFER_SIZE).isGreaterThanOrEqualTo(WireLimits.HEADER_LENGTH);
        assertThat(INITIAL_READ_BUFFER_SIZE).isBetween(MIN_READ_BUFFER_SIZE, MAX_READ_BUFFER_SIZE);
        assertThat(INITIAL_READ_BUFFER_SIZE).isGreaterThanOrEqualTo(WireLimits.HEADER_LENGTH + WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH);
    }

    @Test
    void unclaimedConnectionsAreAFewNotACap() {
        assertThat(MAX_UNCLAIMED_INBOUND_CONNECTIONS).isBetween(1, 16);
    }

    @Test
    void closingTheTransportWaitsLessThanAConnectionWouldFlush() {
        assertThat(TRANSPORT_CLOSE_GRACE).isLessThan(CLOSE_FLUSH_TIMEOUT);
        assertThat(TRANSPORT_CLOSE_GRACE.plus(EVENT_LOOP_SHUTDOWN_TIMEOUT)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void acceptRetryIsShortAndNotASpin() {
        assertThat(ACCEPT_RETRY_DELAY).isBetween(PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL,
                PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL);
    }

    @Test
    void closeFlushWaitsAsLongAsASend() {
        assertThat(CLOSE_FLUSH_TIMEOUT).isEqualTo(PeerSetConstants.REQUEST_TIMEOUT);
    }

    @Test
    void dnsSeedingWaitsAsTheReferenceSays() {
        // Reference section 3.2: 5 s per name, 5 s before the whole set is asked again.
        assertThat(NettyTransportConstants.DNS_LOOKUP_TIMEOUT).isEqualTo(Duration.ofSeconds(5))
                .isEqualTo(PeerSetConstants.DNS_LOOKUP_TIMEOUT);
        assertThat(NettyTransportConstants.DNS_RETRY_PAUSE).isEqualTo(NettyTransportConstants.DNS_LOOKUP_TIMEOUT);
    }

    @Test
    void aDnsQueryEndsBeforeItsNameTimesOut() {
        // So that one unanswered family (A or AAAA) does not cost the other family's answers.
        assertThat(NettyTransportConstants.DNS_QUERY_TIMEOUT_PERCENT).isBetween(50, 99);
        assertThat(DnsSeedCandidateSourceProvider.queryTimeout(NettyTransportConstants.DNS_LOOKUP_TIMEOUT))
                .isLessThan(NettyTransportConstants.DNS_LOOKUP_TIMEOUT);
    }

    @Test
    void aNameMayAskBothFamiliesAndFollowACname() {
        assertThat(NettyTransportConstants.DNS_MAX_QUERIES_PER_RESOLVE).isBetween(4, 16);
        assertThat(NettyTransportConstants.DNS_IO_THREADS).isEqualTo(1);
    }

    @Test
    void theDnsSourceRanksBetweenTheConfiguredPeersAndTheDiskCache() {
        // core's "configured" source is 100, peerset-addressbook's "disk-cache" 0.
        assertThat(NettyTransportConstants.DNS_PROVIDER_PRIORITY).isBetween(1, 99);
    }
}
