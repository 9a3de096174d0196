package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.Netgroups;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.PeerSetConstants;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What an {@link AddressBookProvider} needs to create an {@link AddressBook}. Immutable and
 * thread-safe; build with {@link #builder(Network)}, or with {@link #builder(NodeConfig)} from a
 * node's settings. The defaults and ranges are those of the options in {@link NodeOptions}.
 */
public final class AddressBookConfig {

    /** Default ban duration: {@link PeerSetConstants#DEFAULT_BAN_DURATION}. */
    public static final Duration DEFAULT_BAN_DURATION = PeerSetConstants.DEFAULT_BAN_DURATION;

    private final Network network;
    private final int capacity;
    private final int maxConnectionsPerIp;
    private final Duration banDuration;
    private final int maxBannedIps;
    private final Optional<PeerAddress> localListener;
    private final Optional<Path> cacheDir;
    private final boolean addressTables;
    private final int discourageScore;
    private final Netgroups netgroups;

    private AddressBookConfig(Builder b) {
        this.addressTables = b.addressTables;
        this.discourageScore = b.discourageScore;
        this.netgroups = b.netgroups;
        this.network = b.network;
        this.capacity = b.capacity;
        this.maxConnectionsPerIp = b.maxConnectionsPerIp;
        this.banDuration = b.banDuration;
        this.maxBannedIps = b.maxBannedIps;
        this.localListener = b.localListener;
        this.cacheDir = b.cacheDir;
    }

    /**
     * @param network the network whose address-validity rules apply (reference section 4.10)
     * @return a builder with the defaults
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /**
     * @param node a node's settings
     * @return a builder holding the address book's settings of that node: its network, capacity,
     *         per-IP limit, ban duration, ban list size and cache directory (the local listener is
     *         known only once it is bound)
     */
    public static Builder builder(NodeConfig node) {
        requireNonNull(node, "node");
        Builder b = new Builder(node.network()).capacity(node.addressBookCapacity())
                .maxConnectionsPerIp(node.peerSet().maxConnectionsPerIp()).banDuration(node.banDuration())
                .maxBannedIps(node.maxBannedIps()).addressTables(node.addressTables()).netgroups(node.netgroups())
                .discourageScore(node.discourageScore());
        node.cacheDir().ifPresent(b::cacheDir);
        return b;
    }

    /** @return the network whose address rules apply */
    public Network network() {
        return network;
    }

    /** @return the maximum number of records */
    public int capacity() {
        return capacity;
    }

    /** @return the per-IP connection limit; 1 turns on the outbound same-IP filter */
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** @return how long a ban lasts */
    public Duration banDuration() {
        return banDuration;
    }

    /** @return the maximum number of banned IPs kept (oldest evicted first) */
    public int maxBannedIps() {
        return maxBannedIps;
    }

    /** @return our listener address, offered in gossip answers when it is valid for outbound use */
    public Optional<PeerAddress> localListener() {
        return localListener;
    }

    /**
     * @return the cache directory; the peer cache file is {@code <cacheDir>/network/<network>.peers}
     *         (reference section 3.3); empty when there is no disk cache
     */
    public Optional<Path> cacheDir() {
        return cacheDir;
    }

    /**
     * @return whether the book keeps bucketed new and tried tables ({@code peerset.address_tables},
     *         docs/SECURITY.md); false for the reference's single list
     */
    public boolean addressTables() {
        return addressTables;
    }

    /**
     * @return the misbehaviour score from which an address is discouraged — never dialled (issue 16
     *         §1.5); 0 for never, the reference
     */
    public int discourageScore() {
        return discourageScore;
    }

    /** @return how addresses group into network groups (the tables' buckets depend on it) */
    public Netgroups netgroups() {
        return netgroups;
    }

    @Override
    public String toString() {
        return "AddressBookConfig[network=" + network.name() + ", capacity=" + capacity + ", addressTables=" + addressTables
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", banDuration=" + banDuration
                + ", maxBannedIps=" + maxBannedIps + ", localListener="
                + localListener.map(PeerAddress::redacted).orElse("none") + ", cacheDir="
                + cacheDir.map(Path::toString).orElse("none") + "]";
    }

    /** Builds an {@link AddressBookConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private int capacity = NodeOptions.ADDRESS_BOOK_CAPACITY.defaultValue();
        private int maxConnectionsPerIp = NodeOptions.MAX_CONNECTIONS_PER_IP.defaultValue();
        private Duration banDuration = NodeOptions.BAN_DURATION.defaultValue();
        private int maxBannedIps = NodeOptions.MAX_BANNED_IPS.defaultValue();
        private Optional<PeerAddress> localListener = Optional.empty();
        private Optional<Path> cacheDir = Optional.empty();
        private boolean addressTables = NodeOptions.ADDRESS_TABLES.defaultValue();
        private int discourageScore = NodeOptions.DISCOURAGE_SCORE.defaultValue();
        private Netgroups netgroups = Netgroups.defaults();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param capacity the maximum number of records; default 5000; range > 0
         * @return this builder
         */
        public Builder capacity(int capacity) {
            this.capacity = NodeOptions.ADDRESS_BOOK_CAPACITY.check("capacity", capacity);
            return this;
        }

        /**
         * @param max the per-IP connection limit; default 1; range > 0
         * @return this builder
         */
        public Builder maxConnectionsPerIp(int max) {
            this.maxConnectionsPerIp = NodeOptions.MAX_CONNECTIONS_PER_IP.check(max);
            return this;
        }

        /**
         * @param duration how long a ban lasts; default 24 h; range > 0
         * @return this builder
         */
        public Builder banDuration(Duration duration) {
            this.banDuration = NodeOptions.BAN_DURATION.check(duration);
            return this;
        }

        /**
         * @param max the maximum number of banned IPs kept; default 20000; range > 0
         * @return this builder
         */
        public Builder maxBannedIps(int max) {
            this.maxBannedIps = NodeOptions.MAX_BANNED_IPS.check(max);
            return this;
        }

        /**
         * @param address our bound listener address; default none
         * @return this builder
         */
        public Builder localListener(PeerAddress address) {
            this.localListener = Optional.of(requireNonNull(address, "address"));
            return this;
        }

        /**
         * @param dir the cache directory (for example {@code ~/.cache/zebra}); default none, which
         *            turns the peer cache file off
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Optional.of(requireNonNull(dir, "dir"));
            return this;
        }

        /**
         * @param on whether the book keeps bucketed new and tried tables; default true; false for the
         *           reference
         * @return this builder
         */
        public Builder addressTables(boolean on) {
            this.addressTables = on;
            return this;
        }

        /**
         * @param score the misbehaviour score from which an address is never dialled; 0 for never (the
         *              reference); default 50; range 0..99
         * @return this builder
         */
        public Builder discourageScore(int score) {
            this.discourageScore = NodeOptions.DISCOURAGE_SCORE.check(score);
            return this;
        }

        /**
         * @param groups how addresses group into network groups; default {@link Netgroups#defaults()}
         * @return this builder
         */
        public Builder netgroups(Netgroups groups) {
            this.netgroups = requireNonNull(groups, "groups");
            return this;
        }

        /** @return the configuration */
        public AddressBookConfig build() {
            return new AddressBookConfig(this);
        }
    }
}
