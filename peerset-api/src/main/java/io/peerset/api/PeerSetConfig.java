package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Network;
import java.time.Duration;

/**
 * The peer set's settings (reference sections 3.1 and 5). Immutable and thread-safe; build with
 * {@link #builder(Network)}.
 */
public final class PeerSetConfig {

    /**
     * Default bound of the request queue: an application's burst (a syncer asking for hundreds of
     * blocks, a mempool's worth of transaction ids) fits, while a caller that outruns the network
     * is told at once instead of queueing without bound. The reference's buffer of 3 (Appendix A.13)
     * makes callers wait for a slot instead; peerset's callers never block.
     */
    public static final int DEFAULT_REQUEST_QUEUE_CAPACITY = 10_000;

    /**
     * Default time a request waits for a ready peer: no longer than it would wait for a peer's
     * answer ({@link PeerSetConstants#REQUEST_TIMEOUT}). The reference waits without limit and
     * leaves timeouts to the application.
     */
    public static final Duration DEFAULT_READY_TIMEOUT = PeerSetConstants.REQUEST_TIMEOUT;

    /** The longest ready timeout accepted: a day. */
    public static final Duration MAX_READY_TIMEOUT = Duration.ofHours(24);

    private final Network network;
    private final int initialTargetSize;
    private final int maxConnectionsPerIp;
    private final int requestQueueCapacity;
    private final Duration readyTimeout;

    private PeerSetConfig(Builder b) {
        this.network = b.network;
        this.initialTargetSize = b.initialTargetSize;
        this.maxConnectionsPerIp = b.maxConnectionsPerIp;
        this.requestQueueCapacity = b.requestQueueCapacity;
        this.readyTimeout = b.readyTimeout;
    }

    /**
     * @param network the network (its minimum versions; Regtest broadcasts to every peer)
     * @return a builder with the defaults
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return {@code peerset_initial_target_size}: the limits below are multiples of it */
    public int initialTargetSize() {
        return initialTargetSize;
    }

    /** @return the outbound connection limit: target × {@value PeerSetConstants#OUTBOUND_PEER_LIMIT_MULTIPLIER} */
    public int outboundLimit() {
        return initialTargetSize * PeerSetConstants.OUTBOUND_PEER_LIMIT_MULTIPLIER;
    }

    /** @return the inbound connection limit: target × {@value PeerSetConstants#INBOUND_PEER_LIMIT_MULTIPLIER} */
    public int inboundLimit() {
        return initialTargetSize * PeerSetConstants.INBOUND_PEER_LIMIT_MULTIPLIER;
    }

    /** @return the most peers the set holds: outbound + inbound limits */
    public int totalConnectionLimit() {
        return outboundLimit() + inboundLimit();
    }

    /** @return the most peers the set holds with one IP */
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** @return the most requests waiting in the set (queued and waiting for a ready peer) */
    public int requestQueueCapacity() {
        return requestQueueCapacity;
    }

    /** @return how long a request waits for a ready peer before it fails */
    public Duration readyTimeout() {
        return readyTimeout;
    }

    @Override
    public String toString() {
        return "PeerSetConfig[network=" + network.name() + ", initialTargetSize=" + initialTargetSize
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", requestQueueCapacity=" + requestQueueCapacity
                + ", readyTimeout=" + readyTimeout + "]";
    }

    /** Builds a {@link PeerSetConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private int initialTargetSize = PeerSetConstants.DEFAULT_PEERSET_INITIAL_TARGET_SIZE;
        private int maxConnectionsPerIp = PeerSetConstants.DEFAULT_MAX_CONNECTIONS_PER_IP;
        private int requestQueueCapacity = DEFAULT_REQUEST_QUEUE_CAPACITY;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param size {@code peerset_initial_target_size}; default 25; range 1..10,000
         * @return this builder
         */
        public Builder initialTargetSize(int size) {
            if (size <= 0 || size > 10_000) {
                throw new IllegalArgumentException("initialTargetSize: " + size + " (expected: 1..10000)");
            }
            this.initialTargetSize = size;
            return this;
        }

        /**
         * @param max the most peers with one IP; default 1; range &gt; 0
         * @return this builder
         */
        public Builder maxConnectionsPerIp(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxConnectionsPerIp: " + max + " (expected: > 0)");
            }
            this.maxConnectionsPerIp = max;
            return this;
        }

        /**
         * @param capacity the most requests waiting in the set; default 10,000; range &gt; 0
         * @return this builder
         */
        public Builder requestQueueCapacity(int capacity) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("requestQueueCapacity: " + capacity + " (expected: > 0)");
            }
            this.requestQueueCapacity = capacity;
            return this;
        }

        /**
         * @param timeout how long a request waits for a ready peer; default 20 s; range &gt; 0 and
         *                &lt;= 24 h (longer is no longer a timeout, and it keeps deadlines in range)
         * @return this builder
         */
        public Builder readyTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_READY_TIMEOUT) > 0) {
                throw new IllegalArgumentException("readyTimeout: " + timeout + " (expected: > 0 and <= PT24H)");
            }
            this.readyTimeout = timeout;
            return this;
        }

        /** @return the config */
        public PeerSetConfig build() {
            return new PeerSetConfig(this);
        }
    }
}
