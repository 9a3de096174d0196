package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything a running node needs (reference section 3.1, plus peerset's own settings): the
 * network, the listener, where initial peers come from, the peer cache, the peer set's limits, the
 * crawler's interval and the listener's pacing. Immutable and thread-safe; build with
 * {@link #builder(Network)}.
 *
 * <p>The file form (a zebrad.toml {@code [network]} section plus a {@code [peerset]} section) is
 * read by the command-line tool; this class is the programmatic form both end in.
 */
public final class NodeConfig {

    /** The default Mainnet seeders of zebrad 6.3.0 (reference section 3.1). */
    public static final List<String> DEFAULT_MAINNET_PEERS = List.of(
            "dnsseed.str4d.xyz:8233",
            "dnsseed.z.cash:8233",
            "mainnet.seeder.shieldedinfra.net:8233",
            "mainnet.seeder.zfnd.org:8233",
            "seeder.zec.rocks:8233");

    /** The default Testnet seeders (used for every network that is not Mainnet; reference section 3.1). */
    public static final List<String> DEFAULT_TESTNET_PEERS = List.of(
            "dnsseed.testnet.z.cash:18233",
            "seeder.testnet.zec.rocks:18233",
            "testnet.seeder.zfnd.org:18233");

    private final Network network;
    private final PeerAddress listenAddress;
    private final Optional<PeerAddress> externalAddress;
    private final List<String> initialPeers;
    private final Optional<Path> cacheDir;
    private final PeerSetConfig peerSet;
    private final Duration crawlInterval;
    private final Duration crawlRateLimit;
    private final boolean dnsSeeding;
    private final Optional<InetSocketAddress> dnsServer;
    private final Duration acceptPause;
    private final Duration rejectPause;
    private final String userAgent;
    private final Optional<String> transport;

    private NodeConfig(Builder b) {
        this.network = b.network;
        this.listenAddress = b.listenAddress != null ? b.listenAddress
                : new PeerAddress(anyAddress(), b.network.defaultPort());
        this.externalAddress = b.externalAddress;
        this.initialPeers = b.initialPeers != null ? b.initialPeers : defaultInitialPeers(b.network);
        this.cacheDir = b.cacheDir;
        this.peerSet = b.peerSet != null ? b.peerSet : PeerSetConfig.builder(b.network).build();
        if (!this.peerSet.network().equals(b.network)) {
            throw new IllegalArgumentException("peerSet: configured for " + this.peerSet.network().name()
                    + " (expected: " + b.network.name() + ")");
        }
        this.crawlInterval = b.crawlInterval;
        this.crawlRateLimit = b.crawlRateLimit;
        this.dnsSeeding = b.dnsSeeding;
        this.dnsServer = b.dnsServer;
        this.acceptPause = b.acceptPause;
        this.rejectPause = b.rejectPause;
        this.userAgent = b.userAgent;
        this.transport = b.transport;
    }

    private static InetAddress anyAddress() {
        return PeerAddress.parse("[::]:0").ip();
    }

    /**
     * @param network the network to join
     * @return a builder with the reference's defaults for that network
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /**
     * @param network a network
     * @return the default seeders: Mainnet's for Mainnet, Testnet's for every other network
     *         (on Regtest only loopback results are kept, reference section 3.2)
     */
    public static List<String> defaultInitialPeers(Network network) {
        return network.equals(Network.MAINNET) ? DEFAULT_MAINNET_PEERS : DEFAULT_TESTNET_PEERS;
    }

    /**
     * The operating system's default cache directory, as zebrad chooses it (reference section 3.1,
     * {@code cache_dir = true}): {@code $XDG_CACHE_HOME/zebra} or {@code ~/.cache/zebra} on Linux,
     * {@code ~/Library/Caches/zebra} on macOS, {@code %LOCALAPPDATA%\zebra} on Windows, else
     * {@code ./cache/zebra}.
     *
     * @return the directory (not created)
     */
    public static Path defaultCacheDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("mac") && home != null) {
            return Path.of(home, "Library", "Caches", "zebra");
        }
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return local != null ? Path.of(local, "zebra") : Path.of("cache", "zebra");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "zebra");
        }
        return home != null ? Path.of(home, ".cache", "zebra") : Path.of("cache", "zebra");
    }

    /** @return a builder holding every setting of this configuration (to change a few of them) */
    public Builder toBuilder() {
        Builder b = new Builder(network).listenAddress(listenAddress).initialPeers(initialPeers).peerSet(peerSet)
                .crawlInterval(crawlInterval).crawlRateLimit(crawlRateLimit).dnsSeeding(dnsSeeding).acceptPacing(acceptPause, rejectPause)
                .userAgent(userAgent);
        b.externalAddress = externalAddress;
        b.cacheDir = cacheDir;
        b.dnsServer = dnsServer;
        b.transport = transport;
        return b;
    }

    /** @return the network to join */
    public Network network() {
        return network;
    }

    /** @return where to listen; default {@code [::]:<network default port>}; port 0 = any free port */
    public PeerAddress listenAddress() {
        return listenAddress;
    }

    /** @return the address announced in {@code version} messages instead of the listener's */
    public Optional<PeerAddress> externalAddress() {
        return externalAddress;
    }

    /**
     * @return the initial peers as {@code host:port} strings: IP literals are dialled as they are,
     *         names are DNS seeders; default {@link #defaultInitialPeers(Network)}
     */
    public List<String> initialPeers() {
        return initialPeers;
    }

    /** @return the cache directory of the peer cache file; empty = no peer cache read or written */
    public Optional<Path> cacheDir() {
        return cacheDir;
    }

    /** @return the peer set's limits (its target size is {@code peerset_initial_target_size}) */
    public PeerSetConfig peerSet() {
        return peerSet;
    }

    /** @return {@code crawl_new_peer_interval}: the crawler's timer period; default 61 s */
    public Duration crawlInterval() {
        return crawlInterval;
    }

    /**
     * @return the least time between the end of one crawl and the start of the next
     *         ({@link PeerSetConstants#MIN_PEER_GET_ADDR_INTERVAL}, 31 s, by default)
     */
    public Duration crawlRateLimit() {
        return crawlRateLimit;
    }

    /** @return whether seeder names in {@link #initialPeers()} are resolved; default true */
    public boolean dnsSeeding() {
        return dnsSeeding;
    }

    /** @return the DNS server seeders are resolved with; empty = the system's */
    public Optional<InetSocketAddress> dnsServer() {
        return dnsServer;
    }

    /** @return the listener's pause after an accepted connection; default 1 s */
    public Duration acceptPause() {
        return acceptPause;
    }

    /** @return the listener's pause after a dropped connection or an accept error; default 10 ms */
    public Duration rejectPause() {
        return rejectPause;
    }

    /** @return the user agent announced in {@code version} messages */
    public String userAgent() {
        return userAgent;
    }

    /** @return the transport provider's name; empty = the available one of highest priority */
    public Optional<String> transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "NodeConfig[network=" + network.name() + ", listen=" + listenAddress
                + ", initialPeers=" + initialPeers + ", cacheDir=" + cacheDir.map(Path::toString).orElse("none")
                + ", targetSize=" + peerSet.initialTargetSize() + ", crawlInterval=" + crawlInterval
                + ", crawlRateLimit=" + crawlRateLimit
                + ", dnsSeeding=" + dnsSeeding + ", dnsServer=" + dnsServer.map(Object::toString).orElse("system")
                + ", transport=" + transport.orElse("auto") + "]";
    }

    /** Builds a {@link NodeConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private PeerAddress listenAddress;
        private Optional<PeerAddress> externalAddress = Optional.empty();
        private List<String> initialPeers;
        private Optional<Path> cacheDir = Optional.of(defaultCacheDir());
        private PeerSetConfig peerSet;
        private Duration crawlInterval = PeerSetConstants.DEFAULT_CRAWL_NEW_PEER_INTERVAL;
        private Duration crawlRateLimit = PeerSetConstants.MIN_PEER_GET_ADDR_INTERVAL;
        private boolean dnsSeeding = true;
        private Optional<InetSocketAddress> dnsServer = Optional.empty();
        private Duration acceptPause = PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL;
        private Duration rejectPause = PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL;
        private String userAgent = PeerSetConstants.DEFAULT_USER_AGENT;
        private Optional<String> transport = Optional.empty();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param address where to listen (an unspecified IP listens on every interface; port 0
         *                asks for any free port); default {@code [::]:<default port>}
         * @return this builder
         */
        public Builder listenAddress(PeerAddress address) {
            this.listenAddress = requireNonNull(address, "address");
            return this;
        }

        /**
         * @param address the address to announce in {@code version} messages; default none
         * @return this builder
         */
        public Builder externalAddress(PeerAddress address) {
            this.externalAddress = Optional.of(requireNonNull(address, "address"));
            return this;
        }

        /**
         * @param peers {@code host:port} strings (a port is required); default the network's seeders
         * @return this builder
         * @throws IllegalArgumentException if an entry has no port or an invalid one
         */
        public Builder initialPeers(List<String> peers) {
            requireNonNull(peers, "peers");
            for (String peer : peers) {
                checkHostPort(peer);
            }
            this.initialPeers = List.copyOf(peers);
            return this;
        }

        /**
         * @param dir the cache directory; default {@link #defaultCacheDir()}
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Optional.of(requireNonNull(dir, "dir"));
            return this;
        }

        /**
         * Turns the peer cache off: nothing is read or written.
         *
         * @return this builder
         */
        public Builder noCache() {
            this.cacheDir = Optional.empty();
            return this;
        }

        /**
         * @param config the peer set's limits, for the same network; default
         *               {@code PeerSetConfig.builder(network).build()}
         * @return this builder
         */
        public Builder peerSet(PeerSetConfig config) {
            this.peerSet = requireNonNull(config, "config");
            return this;
        }

        /**
         * @param interval the crawler's timer period; default 61 s; range 1 s to 24 h
         * @return this builder
         */
        public Builder crawlInterval(Duration interval) {
            this.crawlInterval = checkRange("crawlInterval", interval, Duration.ofSeconds(1), Duration.ofHours(24));
            return this;
        }

        /**
         * Shortens (or lengthens) the crawl rate limit. The reference fixes it at 31 s, so that one
         * node does not ask its peers for addresses more often than zcashd answers them; peerset
         * makes it a setting for simulations and demonstrations on private networks, where a
         * network of fresh nodes then converges in seconds instead of minutes. Keep the default on
         * public networks.
         *
         * @param limit least time between crawls; default 31 s; range 100 ms to 24 h
         * @return this builder
         */
        public Builder crawlRateLimit(Duration limit) {
            this.crawlRateLimit = checkRange("crawlRateLimit", limit, Duration.ofMillis(100), Duration.ofHours(24));
            return this;
        }

        /**
         * @param enabled whether seeder names are resolved; default true
         * @return this builder
         */
        public Builder dnsSeeding(boolean enabled) {
            this.dnsSeeding = enabled;
            return this;
        }

        /**
         * @param server the DNS server (an IP and port) seeders are resolved with; default the system's
         * @return this builder
         */
        public Builder dnsServer(InetSocketAddress server) {
            requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("dnsServer: " + server + " (expected: an IP address and port)");
            }
            this.dnsServer = Optional.of(server);
            return this;
        }

        /**
         * @param accept pause after an accepted connection; default 1 s; range 0 to 1 min
         * @param reject pause after a dropped connection or accept error; default 10 ms; range 0 to 1 min
         * @return this builder
         */
        public Builder acceptPacing(Duration accept, Duration reject) {
            this.acceptPause = checkRange("acceptPause", accept, Duration.ZERO, Duration.ofMinutes(1));
            this.rejectPause = checkRange("rejectPause", reject, Duration.ZERO, Duration.ofMinutes(1));
            return this;
        }

        /**
         * @param agent the user agent announced; default {@code /peerset:<version>/}
         * @return this builder
         */
        public Builder userAgent(String agent) {
            this.userAgent = requireNonNull(agent, "agent");
            return this;
        }

        /**
         * @param name a transport provider's name (for example {@code "netty"}); default the
         *             available one of highest priority
         * @return this builder
         */
        public Builder transport(String name) {
            this.transport = Optional.of(requireNonNull(name, "name"));
            return this;
        }

        /** @return the configuration */
        public NodeConfig build() {
            return new NodeConfig(this);
        }

        private static Duration checkRange(String what, Duration value, Duration min, Duration max) {
            requireNonNull(value, what);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + ": " + value + " (expected: " + min + " to " + max + ")");
            }
            return value;
        }
    }

    /**
     * Checks a {@code host:port} string as the reference does (a port is required).
     *
     * @param peer the string
     * @throws IllegalArgumentException naming the entry if the port is missing or invalid
     */
    public static void checkHostPort(String peer) {
        requireNonNull(peer, "peer");
        int colon = peer.lastIndexOf(':');
        boolean bracketed = peer.startsWith("[");
        if (colon <= 0 || (bracketed && peer.lastIndexOf(']') > colon)) {
            throw new IllegalArgumentException("initial peer \"" + peer + "\": missing port (expected: host:port)");
        }
        String host = peer.substring(0, colon);
        if (host.isBlank() || (!bracketed && host.contains(":"))) {
            throw new IllegalArgumentException("initial peer \"" + peer
                    + "\": invalid host (expected: name:port, a.b.c.d:port or [ipv6]:port)");
        }
        try {
            int port = Integer.parseInt(peer.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("initial peer \"" + peer + "\": invalid port (expected: 1..65535)");
        }
    }
}
