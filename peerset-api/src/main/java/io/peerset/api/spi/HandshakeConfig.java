package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.UpgradeSchedule;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * What a node announces in its {@code version} message and what it requires of the remote one
 * (reference sections 6.2 and 6.3). Immutable; build with {@link #builder(Network)}, with
 * {@link #builder(NodeConfig)} from a node's settings, or use {@link #isolated(Network, String)}
 * for one-off connections that reveal nothing (section 6.13). The user agent, services and relay
 * flag take their defaults and ranges from the options in {@link NodeOptions}.
 */
public final class HandshakeConfig {

    /** The default user agent: {@link PeerSetConstants#DEFAULT_USER_AGENT}. */
    public static final String DEFAULT_USER_AGENT = PeerSetConstants.DEFAULT_USER_AGENT;

    private final Network network;
    private final String userAgent;
    private final PeerServices services;
    private final boolean relay;
    private final PeerAddress listenAddress;
    private final PeerAddress externalAddress;
    private final ChainTip chainTip;
    private final UpgradeSchedule upgrades;
    private final boolean anonymous;
    private final boolean requireServicesWhileSyncing;
    private final int nonceSetCapacity;

    private HandshakeConfig(Builder b) {
        this.network = b.network;
        this.userAgent = b.userAgent;
        this.services = b.services;
        this.relay = b.relay;
        this.listenAddress = b.listenAddress;
        this.externalAddress = b.externalAddress;
        this.chainTip = b.chainTip;
        this.upgrades = b.upgrades != null ? b.upgrades : UpgradeSchedule.of(b.network);
        this.anonymous = b.anonymous;
        this.requireServicesWhileSyncing = b.requireServicesWhileSyncing;
        this.nonceSetCapacity = b.nonceSetCapacity;
    }

    /**
     * @param network the network
     * @return a builder with a node's defaults (services {@code NODE_NETWORK}, relay on)
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /**
     * @param node a node's settings
     * @return a builder holding what that node announces (user agent, services, relay flag,
     *         external address) and a nonce set as large as its total connection limit, as the
     *         reference bounds it (section 6.1); the listen address and chain tip are the node's
     *         to add once known
     */
    public static Builder builder(NodeConfig node) {
        requireNonNull(node, "node");
        Builder b = new Builder(node.network()).userAgent(node.userAgent()).services(node.services())
                .relay(node.relay()).nonceSetCapacity(node.peerSet().totalConnectionLimit()).upgrades(node.upgrades());
        node.externalAddress().ifPresent(b::externalAddress);
        return b;
    }

    /**
     * The settings of an isolated connection (reference section 6.13): services 0, relay off, both
     * version addresses {@code 0.0.0.0:<default port>}, no chain tip, no services requirement.
     *
     * @param network   the network
     * @param userAgent the user agent to send, often empty
     * @return the config
     */
    public static HandshakeConfig isolated(Network network, String userAgent) {
        return builder(network).userAgent(userAgent).services(PeerServices.NONE).relay(false)
                .anonymous(true).requireServicesWhileSyncing(false).build();
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return the user agent we send */
    public String userAgent() {
        return userAgent;
    }

    /** @return the services we announce */
    public PeerServices services() {
        return services;
    }

    /** @return the relay flag we send */
    public boolean relay() {
        return relay;
    }

    /** @return the address we listen on, announced when no external address is configured */
    public PeerAddress listenAddress() {
        return listenAddress;
    }

    /** @return the address we announce instead of the listen address, if configured */
    public Optional<PeerAddress> externalAddress() {
        return Optional.ofNullable(externalAddress);
    }

    /** @return the source of our start height and of the syncing state */
    public ChainTip chainTip() {
        return chainTip;
    }

    /** @return the minimum peer version of each upgrade (issue 17 §3); default the network's built-in ones */
    public UpgradeSchedule upgrades() {
        return upgrades;
    }

    /** @return whether both version addresses are hidden as {@code 0.0.0.0:<default port>} */
    public boolean anonymous() {
        return anonymous;
    }

    /** @return whether outbound peers must serve blocks ({@code NODE_NETWORK}) while we sync */
    public boolean requireServicesWhileSyncing() {
        return requireServicesWhileSyncing;
    }

    /** @return how many recent nonces are remembered to detect self-connections */
    public int nonceSetCapacity() {
        return nonceSetCapacity;
    }

    @Override
    public String toString() {
        return "HandshakeConfig[network=" + network.name() + ", userAgent=" + userAgent + ", services="
                + services + ", relay=" + relay + ", anonymous=" + anonymous + "]";
    }

    /** Builds a {@link HandshakeConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private String userAgent = NodeOptions.USER_AGENT.defaultValue();
        private PeerServices services = NodeOptions.SERVICES.defaultValue();
        private boolean relay = NodeOptions.RELAY.defaultValue();
        private PeerAddress listenAddress;
        private PeerAddress externalAddress;
        private ChainTip chainTip = ChainTip.unknown();
        private UpgradeSchedule upgrades;
        private boolean anonymous;
        private boolean requireServicesWhileSyncing = true;
        private int nonceSetCapacity = PeerSetConstants.DEFAULT_PEERSET_INITIAL_TARGET_SIZE
                * (PeerSetConstants.OUTBOUND_PEER_LIMIT_MULTIPLIER + PeerSetConstants.INBOUND_PEER_LIMIT_MULTIPLIER);

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
            try {
                this.listenAddress = new PeerAddress(InetAddress.getByAddress(new byte[16]), network.defaultPort());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * @param agent default {@value #DEFAULT_USER_AGENT}; at most 256 UTF-8 bytes
         * @return this
         */
        public Builder userAgent(String agent) {
            this.userAgent = NodeOptions.USER_AGENT.check(requireNonNull(agent, "agent"));
            return this;
        }

        /**
         * @param services default {@code NODE_NETWORK}
         * @return this
         */
        public Builder services(PeerServices services) {
            this.services = NodeOptions.SERVICES.check(requireNonNull(services, "services"));
            return this;
        }

        /**
         * @param relay default true: ask peers to relay transaction inventory
         * @return this
         */
        public Builder relay(boolean relay) {
            this.relay = relay;
            return this;
        }

        /**
         * @param address default {@code [::]:<network default port>}
         * @return this
         */
        public Builder listenAddress(PeerAddress address) {
            this.listenAddress = requireNonNull(address, "address");
            return this;
        }

        /**
         * @param address announced instead of the listen address; default none
         * @return this
         */
        public Builder externalAddress(PeerAddress address) {
            this.externalAddress = requireNonNull(address, "address");
            return this;
        }

        /**
         * @param schedule the minimum peer version of each upgrade; default the network's built-in ones
         * @return this
         */
        public Builder upgrades(UpgradeSchedule schedule) {
            this.upgrades = requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param tip default {@link ChainTip#unknown()} (start height 0, syncing)
         * @return this builder
         */
        public Builder chainTip(ChainTip tip) {
            this.chainTip = requireNonNull(tip, "tip");
            return this;
        }

        /**
         * @param anonymous default false; true hides both version addresses (isolated connections)
         * @return this
         */
        public Builder anonymous(boolean anonymous) {
            this.anonymous = anonymous;
            return this;
        }

        /**
         * @param require default true: while syncing, reject outbound peers without
         *                {@code NODE_NETWORK} (reference section 6.3)
         * @return this
         */
        public Builder requireServicesWhileSyncing(boolean require) {
            this.requireServicesWhileSyncing = require;
            return this;
        }

        /**
         * @param capacity default 200 (the default total connection limit; {@link #builder(NodeConfig)}
         *                 takes the node's); valid range 1..1,000,000
         * @return this
         */
        public Builder nonceSetCapacity(int capacity) {
            this.nonceSetCapacity = Checks.inRange("nonceSetCapacity", capacity, 1, 1_000_000);
            return this;
        }

        /** @return the config */
        public HandshakeConfig build() {
            return new HandshakeConfig(this);
        }
    }
}
