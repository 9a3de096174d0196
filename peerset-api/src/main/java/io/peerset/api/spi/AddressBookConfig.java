package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What an {@link AddressBookProvider} needs to create an {@link AddressBook}. Immutable and
 * thread-safe; build with {@link #builder(Network)}.
 */
public final class AddressBookConfig {

    /** Default ban duration: long enough to outlast a misbehaving session, short enough to forgive a reused IP. */
    public static final Duration DEFAULT_BAN_DURATION = Duration.ofHours(24);

    private final Network network;
    private final int capacity;
    private final int maxConnectionsPerIp;
    private final Duration banDuration;
    private final int maxBannedIps;
    private final Optional<PeerAddress> localListener;
    private final Optional<Path> cacheDir;

    private AddressBookConfig(Builder b) {
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

    @Override
    public String toString() {
        return "AddressBookConfig[network=" + network.name() + ", capacity=" + capacity
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", banDuration=" + banDuration
                + ", maxBannedIps=" + maxBannedIps + ", localListener="
                + localListener.map(PeerAddress::redacted).orElse("none") + ", cacheDir="
                + cacheDir.map(Path::toString).orElse("none") + "]";
    }

    /** Builds an {@link AddressBookConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private int capacity = PeerSetConstants.MAX_ADDRS_IN_ADDRESS_BOOK;
        private int maxConnectionsPerIp = PeerSetConstants.DEFAULT_MAX_CONNECTIONS_PER_IP;
        private Duration banDuration = DEFAULT_BAN_DURATION;
        private int maxBannedIps = PeerSetConstants.MAX_BANNED_IPS;
        private Optional<PeerAddress> localListener = Optional.empty();
        private Optional<Path> cacheDir = Optional.empty();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param capacity the maximum number of records; default 5000; range > 0
         * @return this builder
         */
        public Builder capacity(int capacity) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * @param max the per-IP connection limit; default 1; range > 0
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
         * @param duration how long a ban lasts; default 24 h; range > 0
         * @return this builder
         */
        public Builder banDuration(Duration duration) {
            requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("banDuration: " + duration + " (expected: > 0)");
            }
            this.banDuration = duration;
            return this;
        }

        /**
         * @param max the maximum number of banned IPs kept; default 20000; range > 0
         * @return this builder
         */
        public Builder maxBannedIps(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxBannedIps: " + max + " (expected: > 0)");
            }
            this.maxBannedIps = max;
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

        /** @return the configuration */
        public AddressBookConfig build() {
            return new AddressBookConfig(this);
        }
    }
}
