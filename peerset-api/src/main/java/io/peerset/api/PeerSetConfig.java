package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The peer set's settings (reference sections 3.1 and 5), each an option of {@link NodeOptions}
 * ({@link NodeOptions#peerSet()}). Immutable and thread-safe; build with {@link #builder(Network)}.
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
    /** A value for each of {@link NodeOptions#peerSet()}. */
    private final Map<ConfigOption<?>, Object> values;

    private PeerSetConfig(Builder b) {
        this.network = b.network;
        Map<ConfigOption<?>, Object> all = new LinkedHashMap<>();
        for (ConfigOption<?> option : NodeOptions.peerSet()) {
            all.put(option, b.values.containsKey(option) ? b.values.get(option) : option.defaultValue(network).orElseThrow());
        }
        this.values = Collections.unmodifiableMap(all);
    }

    /**
     * @param network the network (its minimum versions; Regtest broadcasts to every peer)
     * @return a builder with the defaults
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /** @return a builder holding every setting of this configuration */
    public Builder toBuilder() {
        Builder b = new Builder(network);
        b.values.putAll(values);
        return b;
    }

    /**
     * @param option one of {@link NodeOptions#peerSet()}
     * @param <T>    its value type
     * @return its value (always present)
     * @throws IllegalArgumentException if {@code option} is not a setting of the peer set
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> value(ConfigOption<T> option) {
        checkOption(option);
        return Optional.of((T) values.get(option));
    }

    private <T> T get(ConfigOption<T> option) {
        return value(option).orElseThrow();
    }

    private static void checkOption(ConfigOption<?> option) {
        requireNonNull(option, "option");
        Checks.checkArgument(NodeOptions.peerSet().contains(option),
                "option: %s (expected: one of NodeOptions.peerSet())", option.path());
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return {@code peerset_initial_target_size}: the limits below are multiples of it */
    public int initialTargetSize() {
        return get(NodeOptions.PEERSET_INITIAL_TARGET_SIZE);
    }

    /** @return the outbound connection limit: target × {@value PeerSetConstants#OUTBOUND_PEER_LIMIT_MULTIPLIER} */
    public int outboundLimit() {
        return initialTargetSize() * PeerSetConstants.OUTBOUND_PEER_LIMIT_MULTIPLIER;
    }

    /** @return the inbound connection limit: target × {@value PeerSetConstants#INBOUND_PEER_LIMIT_MULTIPLIER} */
    public int inboundLimit() {
        return initialTargetSize() * PeerSetConstants.INBOUND_PEER_LIMIT_MULTIPLIER;
    }

    /**
     * @return the most peers the set holds: outbound + inbound limits; also the bound of the
     *         handshake's nonce set (reference section 6.1)
     */
    public int totalConnectionLimit() {
        return outboundLimit() + inboundLimit();
    }

    /** @return the most peers the set holds with one IP */
    public int maxConnectionsPerIp() {
        return get(NodeOptions.MAX_CONNECTIONS_PER_IP);
    }

    /** @return the most requests waiting in the set (queued and waiting for a ready peer) */
    public int requestQueueCapacity() {
        return get(NodeOptions.REQUEST_QUEUE_CAPACITY);
    }

    /** @return how long a request waits for a ready peer before it fails */
    public Duration readyTimeout() {
        return get(NodeOptions.READY_TIMEOUT);
    }

    /** Equal when for the same network with the same settings. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PeerSetConfig c && c.network.equals(network) && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return "PeerSetConfig[network=" + network.name() + ", initialTargetSize=" + initialTargetSize()
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp() + ", requestQueueCapacity=" + requestQueueCapacity()
                + ", readyTimeout=" + readyTimeout() + "]";
    }

    /**
     * Builds a {@link PeerSetConfig}. Each setter's default and range are those of its option in
     * {@link NodeOptions}. Not thread-safe.
     */
    public static final class Builder {
        private final Network network;
        private final Map<ConfigOption<?>, Object> values = new LinkedHashMap<>();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * Sets any setting of the peer set, for code that handles settings generically.
         *
         * @param option one of {@link NodeOptions#peerSet()}
         * @param value  its value, in its range
         * @param <T>    its value type
         * @return this builder
         * @throws IllegalArgumentException if the option is not the peer set's or the value is out of range
         */
        public <T> Builder set(ConfigOption<T> option, T value) {
            checkOption(option);
            values.put(option, option.check(value));
            return this;
        }

        /**
         * @param size {@code peerset_initial_target_size}; default 25; range 1..10,000
         * @return this builder
         */
        public Builder initialTargetSize(int size) {
            return set(NodeOptions.PEERSET_INITIAL_TARGET_SIZE, size);
        }

        /**
         * @param max the most peers with one IP; default 1; range &gt; 0
         * @return this builder
         */
        public Builder maxConnectionsPerIp(int max) {
            return set(NodeOptions.MAX_CONNECTIONS_PER_IP, max);
        }

        /**
         * @param capacity the most requests waiting in the set; default 10,000; range &gt; 0
         * @return this builder
         */
        public Builder requestQueueCapacity(int capacity) {
            return set(NodeOptions.REQUEST_QUEUE_CAPACITY, capacity);
        }

        /**
         * @param timeout how long a request waits for a ready peer; default 20 s; range &gt; 0 and
         *                &lt;= 24 h (longer is no longer a timeout, and it keeps deadlines in range)
         * @return this builder
         */
        public Builder readyTimeout(Duration timeout) {
            return set(NodeOptions.READY_TIMEOUT, timeout);
        }

        /** @return the config */
        public PeerSetConfig build() {
            return new PeerSetConfig(this);
        }
    }
}
