package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.PeerSetConstants;
import java.time.Duration;

/**
 * The timeouts of one node's peer connections (reference section 6.5). Immutable and thread-safe;
 * build with {@link #builder()}, take {@link #defaults()}, or a node's with {@link #from(NodeConfig)}.
 *
 * <p>Each setting is an option of {@link NodeOptions} ({@code request_timeout},
 * {@code heartbeat_interval}, {@code inbound_service_timeout}, {@code handshake_timeout}), which
 * gives its default and range; the setters validate with messages like
 * {@code "requestTimeout: PT0S (expected: > 0)"}. The defaults are the reference's; other values
 * exist for tests, tools (for example a short handshake budget in {@code peerset ping}) and
 * private networks, not for tuning a production node.
 */
public final class ConnectionConfig {

    private static final ConnectionConfig DEFAULTS = builder().build();

    private final Duration requestTimeout;
    private final Duration heartbeatInterval;
    private final Duration inboundServiceTimeout;
    private final Duration handshakeTimeout;

    private ConnectionConfig(Builder b) {
        this.requestTimeout = b.requestTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.inboundServiceTimeout = b.inboundServiceTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** @return the reference's values: 20 s, 59 s, 5 s, 3 s */
    public static ConnectionConfig defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param node a node's settings
     * @return that node's connection timeouts
     */
    public static ConnectionConfig from(NodeConfig node) {
        requireNonNull(node, "node");
        return builder().requestTimeout(node.requestTimeout()).heartbeatInterval(node.heartbeatInterval())
                .inboundServiceTimeout(node.inboundServiceTimeout()).handshakeTimeout(node.handshakeTimeout()).build();
    }

    /** @return a builder holding this config's values */
    public Builder toBuilder() {
        return new Builder().requestTimeout(requestTimeout).heartbeatInterval(heartbeatInterval)
                .inboundServiceTimeout(inboundServiceTimeout).handshakeTimeout(handshakeTimeout);
    }

    /**
     * @return how long a request waits for its response (it alone then fails with
     *         {@code ConnectionReceiveTimeout}; a ping's timeout closes the connection), and how long
     *         any message may take to send (then {@code ConnectionSendTimeout} closes it)
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the heartbeat period, which is also the heartbeat's own timeout */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return how long the application's inbound service may take before it counts as overloaded */
    public Duration inboundServiceTimeout() {
        return inboundServiceTimeout;
    }

    /** @return the whole handshake budget; for outbound connections it includes the connect */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionConfig c && c.requestTimeout.equals(requestTimeout)
                && c.heartbeatInterval.equals(heartbeatInterval)
                && c.inboundServiceTimeout.equals(inboundServiceTimeout)
                && c.handshakeTimeout.equals(handshakeTimeout);
    }

    @Override
    public int hashCode() {
        return ((requestTimeout.hashCode() * 31 + heartbeatInterval.hashCode()) * 31
                + inboundServiceTimeout.hashCode()) * 31 + handshakeTimeout.hashCode();
    }

    @Override
    public String toString() {
        return "ConnectionConfig[requestTimeout=" + requestTimeout + ", heartbeatInterval=" + heartbeatInterval
                + ", inboundServiceTimeout=" + inboundServiceTimeout + ", handshakeTimeout=" + handshakeTimeout + "]";
    }

    /** Builds a {@link ConnectionConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration requestTimeout = NodeOptions.REQUEST_TIMEOUT.defaultValue();
        private Duration heartbeatInterval = NodeOptions.HEARTBEAT_INTERVAL.defaultValue();
        private Duration inboundServiceTimeout = NodeOptions.INBOUND_SERVICE_TIMEOUT.defaultValue();
        private Duration handshakeTimeout = NodeOptions.HANDSHAKE_TIMEOUT.defaultValue();

        private Builder() {
        }

        /**
         * @param timeout default {@link PeerSetConstants#REQUEST_TIMEOUT} (20 s); must be positive
         * @return this
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = NodeOptions.REQUEST_TIMEOUT.check(timeout);
            return this;
        }

        /**
         * @param interval default {@link PeerSetConstants#HEARTBEAT_INTERVAL} (59 s); must be positive
         * @return this
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = NodeOptions.HEARTBEAT_INTERVAL.check(interval);
            return this;
        }

        /**
         * @param timeout default {@link PeerSetConstants#INBOUND_SERVICE_TIMEOUT} (5 s); must be positive
         * @return this
         */
        public Builder inboundServiceTimeout(Duration timeout) {
            this.inboundServiceTimeout = NodeOptions.INBOUND_SERVICE_TIMEOUT.check(timeout);
            return this;
        }

        /**
         * @param timeout default {@link PeerSetConstants#HANDSHAKE_TIMEOUT} (3 s, connect included);
         *                must be positive
         * @return this
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = NodeOptions.HANDSHAKE_TIMEOUT.check(timeout);
            return this;
        }

        /** @return the config */
        public ConnectionConfig build() {
            return new ConnectionConfig(this);
        }
    }
}
