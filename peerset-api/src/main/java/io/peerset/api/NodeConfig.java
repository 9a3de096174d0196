package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.api.internal.IoErrors;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

// Over 600 lines on purpose (issue 14 §3): one accessor and one builder setter per setting, each with the
// Javadoc the house style requires (default, valid range), and NodeConfig.Builder's name is API. Splitting
// would scatter that table without separating a concern: the settings' logic is in NodeOptions/ConfigOption.
/**
 * Everything a running node needs (reference section 3.1, plus peerset's own settings): the
 * network, the listener, where initial peers come from, the peer cache, the peer set's limits, the
 * crawler's interval and the listener's pacing. Immutable and thread-safe; build with
 * {@link #builder(Network)}.
 *
 * <p>Every setting is an option of {@link NodeOptions}, declared there once with its file key,
 * default, range and description; this class holds a value for each ({@link #value}), and its
 * builder validates with the option ({@link Builder#set}). The file form (a zebrad.toml
 * {@code [network]} section plus a {@code [peerset]} section) is read by the command-line tool;
 * this class is the programmatic form both end in. It reaches every setting a node uses: the peer
 * set's ({@link #peerSet()}), the connections' timeouts, what the handshake announces, the address
 * book's bounds and the transport's settings ({@code TransportConfig.from(config)} is what the
 * chosen transport provider gets, whichever it is).
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
    /** The value of every setting that has one on this network, in {@link NodeOptions#settings()} order. */
    private final Map<ConfigOption<?>, Object> values;
    private final PeerSetConfig peerSet;
    /** From the two prefix lengths and the asmap file, read once when built. */
    private final Netgroups netgroups;
    /** The built-in upgrade table with activation_heights and min_peer_versions applied, checked when built. */
    private final UpgradeSchedule upgrades;
    /** The plugins chosen and their own settings ({@code [plugins.<name>]}); not options of {@link NodeOptions}. */
    private final PluginSettings plugins;

    private NodeConfig(Builder b) {
        this.network = b.network;
        Map<ConfigOption<?>, Object> all = new LinkedHashMap<>();
        for (ConfigOption<?> option : NodeOptions.settings()) {
            if (option.appliesTo(network)) {
                Optional<?> value = b.values.containsKey(option) ? b.values.get(option) : option.defaultValue(network);
                value.ifPresent(v -> all.put(option, v));
            }
        }
        this.values = Collections.unmodifiableMap(all);
        PeerSetConfig given = b.peerSet;
        if (given == null) {
            PeerSetConfig.Builder peers = PeerSetConfig.builder(network);
            for (ConfigOption<?> option : NodeOptions.peerSet()) {
                copy(option, peers);
            }
            given = peers.build();
        }
        this.peerSet = given;
        int low = get(NodeOptions.WRITE_BUFFER_LOW_WATER_MARK);
        int high = get(NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK);
        Checks.checkArgument(low <= high, "writeBufferWaterMarks: %s..%s (expected: 1 <= low <= high)", low, high);
        Netgroups groups = Netgroups.byPrefix(get(NodeOptions.NETGROUP_IPV4_PREFIX), get(NodeOptions.NETGROUP_IPV6_PREFIX));
        Optional<Path> asmap = value(NodeOptions.ASMAP);
        if (asmap.isPresent()) {
            // read and checked here, once, so that a bad file is a configuration error; a copy made by
            // toBuilder() keeps the map it was made from
            Asmap map = asmap.get().equals(b.asmapFrom) ? b.asmap : readAsmap(asmap.get());
            groups = groups.withAsmap(map);
        }
        this.netgroups = groups;
        this.upgrades = upgrades(network, get(NodeOptions.ACTIVATION_HEIGHTS), get(NodeOptions.MIN_PEER_VERSIONS));
        this.plugins = b.plugins;
    }

    /** @return the message without its leading {@code key: } (the setting's error adds it) */
    private static String withoutKey(RuntimeException e, ConfigOption<?> option) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith(option.key() + ": ") ? m.substring(option.key().length() + 2) : m;
    }

    /** The schedule, each error naming its own option (a bad entry, heights that fall). */
    private static UpgradeSchedule upgrades(Network network, String heights, String versions) {
        UpgradeSchedule withHeights;
        try {
            withHeights = UpgradeSchedule.of(network).with(
                    UpgradeSchedule.parse(heights, "activation_heights", 0xffff_ffffL), Map.of());
        } catch (IllegalArgumentException e) {
            throw new SettingException(NodeOptions.ACTIVATION_HEIGHTS, withoutKey(e, NodeOptions.ACTIVATION_HEIGHTS), e);
        }
        try {
            return withHeights.with(Map.of(), UpgradeSchedule.parse(versions, "min_peer_versions", 0xffff_ffffL));
        } catch (IllegalArgumentException e) {
            throw new SettingException(NodeOptions.MIN_PEER_VERSIONS, withoutKey(e, NodeOptions.MIN_PEER_VERSIONS), e);
        }
    }

    private static Asmap readAsmap(Path file) {
        try {
            return Asmap.read(file);
        } catch (IOException e) {
            throw new SettingException(NodeOptions.ASMAP, file + ": cannot read it: " + IoErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new SettingException(NodeOptions.ASMAP, file + ": " + e.getMessage()
                    + " (expected: a map in Bitcoin Core's asmap format)", e);
        }
    }

    private <T> void copy(ConfigOption<T> option, PeerSetConfig.Builder to) {
        to.set(option, get(option));
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

    /**
     * @return a builder holding every setting of this configuration (to change a few of them); it
     *         copies the settings generically, so none can be left behind
     */
    public Builder toBuilder() {
        Builder b = new Builder(network);
        for (ConfigOption<?> option : NodeOptions.settings()) {
            if (option.appliesTo(network)) {
                b.values.put(option, Optional.ofNullable(values.get(option)));
            }
        }
        b.peerSet = peerSet;
        b.plugins = plugins;
        netgroups.asmap().ifPresent(map -> {
            b.asmap = map;
            b.asmapFrom = value(NodeOptions.ASMAP).orElseThrow();
        });
        return b;
    }

    /**
     * The value of any setting, for code that handles settings generically (a loader, a command
     * line); the accessors below are the same values, typed.
     *
     * @param option one of {@link NodeOptions#settings()}
     * @param <T>    its value type
     * @return its value; empty when it is unset (an optional setting such as {@code externalAddress},
     *         or an initial peer list of another network)
     * @throws IllegalArgumentException if {@code option} is not a setting of a node
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> value(ConfigOption<T> option) {
        checkSetting(option);
        return Optional.ofNullable((T) values.get(option));
    }

    private <T> T get(ConfigOption<T> option) {
        return value(option).orElseThrow();
    }

    private static void checkSetting(ConfigOption<?> option) {
        requireNonNull(option, "option");
        Checks.checkArgument(NodeOptions.settings().contains(option), "option: %s (expected: one of"
                + " NodeOptions.settings(); the network is chosen with NodeConfig.builder(network))", option.path());
    }

    /** @return the network to join */
    public Network network() {
        return network;
    }

    /**
     * @return the plugins this configuration chooses, each with its own settings (a file's
     *         {@code [plugins.<name>]} tables); default none. A provider that declares options of its
     *         own is used only when chosen here (see {@link PluginSettings}).
     */
    public PluginSettings plugins() {
        return plugins;
    }

    /** @return where to listen; default {@code [::]:<network default port>}; port 0 = any free port */
    public PeerAddress listenAddress() {
        return get(NodeOptions.LISTEN_ADDR);
    }

    /** @return the address announced in {@code version} messages instead of the listener's */
    public Optional<PeerAddress> externalAddress() {
        return value(NodeOptions.EXTERNAL_ADDR);
    }

    /**
     * @return the initial peers as {@code host:port} strings: IP literals are dialled as they are,
     *         names are DNS seeders; default {@link #defaultInitialPeers(Network)}
     */
    public List<String> initialPeers() {
        return get(initialPeersOption(network));
    }

    private static ConfigOption<List<String>> initialPeersOption(Network network) {
        return NodeOptions.INITIAL_MAINNET_PEERS.appliesTo(network) ? NodeOptions.INITIAL_MAINNET_PEERS
                : NodeOptions.INITIAL_TESTNET_PEERS;
    }

    /** @return the cache directory of the peer cache file; empty = no peer cache read or written */
    public Optional<Path> cacheDir() {
        return value(NodeOptions.CACHE_DIR);
    }

    /**
     * @return the peer set's settings: {@code initialTargetSize} ({@code peerset_initial_target_size}),
     *         {@code maxConnectionsPerIp}, {@code requestQueueCapacity} and {@code readyTimeout}
     */
    public PeerSetConfig peerSet() {
        return peerSet;
    }

    /** @return {@code crawl_new_peer_interval}: the crawler's timer period; default 61 s */
    public Duration crawlInterval() {
        return get(NodeOptions.CRAWL_NEW_PEER_INTERVAL);
    }

    /**
     * @return the least time between the end of one crawl and the start of the next
     *         ({@link PeerSetConstants#MIN_PEER_GET_ADDR_INTERVAL}, 31 s, by default)
     */
    public Duration crawlRateLimit() {
        return get(NodeOptions.CRAWL_RATE_LIMIT);
    }

    /** @return whether seeder names in {@link #initialPeers()} are resolved; default true */
    public boolean dnsSeeding() {
        return get(NodeOptions.DNS_SEEDING);
    }

    /** @return the DNS server seeders are resolved with; empty = the system's */
    public Optional<InetSocketAddress> dnsServer() {
        return value(NodeOptions.DNS_SERVER);
    }

    /** @return the listener's pause after an accepted connection; default 1 s */
    public Duration acceptPause() {
        return get(NodeOptions.ACCEPT_PAUSE);
    }

    /** @return the listener's pause after a dropped connection or an accept error; default 10 ms */
    public Duration rejectPause() {
        return get(NodeOptions.REJECT_PAUSE);
    }

    /** @return the user agent announced in {@code version} messages */
    public String userAgent() {
        return get(NodeOptions.USER_AGENT);
    }

    /** @return the services announced in {@code version} messages; default {@code NODE_NETWORK} */
    public PeerServices services() {
        return get(NodeOptions.SERVICES);
    }

    /** @return the relay flag announced in {@code version} messages; default true */
    public boolean relay() {
        return get(NodeOptions.RELAY);
    }

    /** @return the transport provider's name; empty = the available one of highest priority */
    public Optional<String> transport() {
        return value(NodeOptions.TRANSPORT);
    }

    /** @return the transport's I/O threads; 0 (the default) = one per available processor */
    public int ioThreads() {
        return get(NodeOptions.IO_THREADS);
    }

    /** @return outbound bytes of one connection below which it is writable again */
    public int writeBufferLowWaterMark() {
        return get(NodeOptions.WRITE_BUFFER_LOW_WATER_MARK);
    }

    /** @return outbound bytes of one connection above which it is not writable */
    public int writeBufferHighWaterMark() {
        return get(NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK);
    }

    /** @return whether the transport uses a native I/O implementation where there is one; default true */
    public boolean preferNative() {
        return get(NodeOptions.PREFER_NATIVE);
    }

    /** @return how long a request waits for its response, and a message to be sent; default 20 s */
    public Duration requestTimeout() {
        return get(NodeOptions.REQUEST_TIMEOUT);
    }

    /** @return the budget of a whole handshake, an outbound connect included; default 3 s */
    public Duration handshakeTimeout() {
        return get(NodeOptions.HANDSHAKE_TIMEOUT);
    }

    /** @return the heartbeat period, also the heartbeat's own timeout; default 59 s */
    public Duration heartbeatInterval() {
        return get(NodeOptions.HEARTBEAT_INTERVAL);
    }

    /** @return how long the application's inbound service may take before it counts as overloaded; default 5 s */
    public Duration inboundServiceTimeout() {
        return get(NodeOptions.INBOUND_SERVICE_TIMEOUT);
    }

    /** @return the most address records the address book keeps; default 5000 */
    public int addressBookCapacity() {
        return get(NodeOptions.ADDRESS_BOOK_CAPACITY);
    }

    /** @return how long a ban lasts; default 24 h */
    public Duration banDuration() {
        return get(NodeOptions.BAN_DURATION);
    }

    /** @return the most banned IPs kept; default 20,000 */
    public int maxBannedIps() {
        return get(NodeOptions.MAX_BANNED_IPS);
    }

    /** @return peers a crawl asks below the target (and crawls then run as soon as the rate limit allows); default 8; 0 for the reference */
    public int crawlFanoutBelowTarget() {
        return get(NodeOptions.CRAWL_FANOUT_BELOW_TARGET);
    }

    /** @return whether a failed dial is replaced at once also at or above the target; default false (the reference: true) */
    public boolean retryFailedDialsAboveTarget() {
        return get(NodeOptions.RETRY_FAILED_DIALS_ABOVE_TARGET);
    }

    /** @return whether each crawl interval fills every free outbound slot up to 3 x target; default false (the reference: true) */
    public boolean fillSpareOutboundSlots() {
        return get(NodeOptions.FILL_SPARE_OUTBOUND_SLOTS);
    }

    /** @return how many outbound peers a closing node keeps and dials first at its next start; 0 for none (the reference); default 2 */
    public int anchors() {
        return get(NodeOptions.ANCHORS);
    }

    /** @return the {@code activation_heights} overrides as given, like {@code "NU7=4200000"}; default none */
    public String activationHeights() {
        return get(NodeOptions.ACTIVATION_HEIGHTS);
    }

    /** @return the {@code min_peer_versions} overrides as given, like {@code "NU7=170190"}; default none */
    public String minPeerVersions() {
        return get(NodeOptions.MIN_PEER_VERSIONS);
    }

    /**
     * @return the network upgrade schedule: the built-in activation heights and minimum peer versions
     *         with {@code activation_heights} and {@code min_peer_versions} applied (issue 17 §3)
     */
    public UpgradeSchedule upgrades() {
        return upgrades;
    }

    /** @return whether a node without a chain tip from its application estimates one from its peers; default true (the reference: false) */
    public boolean estimateTip() {
        return get(NodeOptions.ESTIMATE_TIP);
    }

    /** @return the percentile of loads below which routing treats loads as equal; 0 for plain power of two choices; default 90 */
    public int routingLoadFloor() {
        return get(NodeOptions.ROUTING_LOAD_FLOOR);
    }

    /** @return the most inbound handshakes in progress at once; 0 for the reference's pacing; default 8 */
    public int maxInboundHandshakes() {
        return get(NodeOptions.MAX_INBOUND_HANDSHAKES);
    }

    /** @return whether the address book keeps bucketed new and tried tables and dials feelers; default true (the reference: false) */
    public boolean addressTables() {
        return get(NodeOptions.ADDRESS_TABLES);
    }

    /** @return the most outbound peers in one network group; 0 for no limit; default 1 */
    public int maxOutboundPerNetgroup() {
        return get(NodeOptions.MAX_OUTBOUND_PER_NETGROUP);
    }

    /** @return the misbehaviour score from which an address is never dialled and evicted first; 0 for never (the reference); default 50 */
    public int discourageScore() {
        return get(NodeOptions.DISCOURAGE_SCORE);
    }

    /** @return whether a new inbound connection evicts an inbound peer when the slots are full; default true (the reference: false) */
    public boolean inboundEviction() {
        return get(NodeOptions.INBOUND_EVICTION);
    }

    /** @return the most inbound connections from one network group; 0 for no limit; default 16 */
    public int maxInboundPerNetgroup() {
        return get(NodeOptions.MAX_INBOUND_PER_NETGROUP);
    }

    /** @return the IPv4 prefix length of a network group; default 16 */
    public int netgroupIpv4Prefix() {
        return get(NodeOptions.NETGROUP_IPV4_PREFIX);
    }

    /** @return the IPv6 prefix length of a network group; default 32 */
    public int netgroupIpv6Prefix() {
        return get(NodeOptions.NETGROUP_IPV6_PREFIX);
    }

    /** @return the IP-to-AS map file; empty: groups by prefix only (the default) */
    public Optional<Path> asmap() {
        return value(NodeOptions.ASMAP);
    }

    /** @return how addresses group into network groups (from the two prefix lengths and the asmap, if any) */
    public Netgroups netgroups() {
        return netgroups;
    }

    /** Equal when built for the same network with the same value for every setting. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeConfig c && c.network.equals(network) && c.values.equals(values)
                && c.peerSet.equals(peerSet) && c.plugins.equals(plugins);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return "NodeConfig[network=" + network.name() + ", listen=" + listenAddress()
                + ", initialPeers=" + initialPeers() + ", cacheDir=" + cacheDir().map(Path::toString).orElse("none")
                + ", targetSize=" + peerSet.initialTargetSize() + ", crawlInterval=" + crawlInterval()
                + ", crawlRateLimit=" + crawlRateLimit()
                + ", dnsSeeding=" + dnsSeeding() + ", dnsServer=" + dnsServer().map(Object::toString).orElse("system")
                + ", transport=" + transport().orElse("auto")
                + (plugins.isEmpty() ? "" : ", plugins=" + plugins) + "]";
    }

    /**
     * Builds a {@link NodeConfig}. Each setter's default and range are those of its option in
     * {@link NodeOptions}, which also words its errors ({@code "crawlInterval: PT0.5S (expected:
     * PT1S to PT24H)"}). Not thread-safe.
     */
    public static final class Builder {
        private final Network network;
        /** Settings given: a value, or empty for "unset"; a setting not here takes its default. */
        private final Map<ConfigOption<?>, Optional<?>> values = new LinkedHashMap<>();
        /** The peer set's configuration as given, while none of its settings has changed since. */
        private PeerSetConfig peerSet;
        /** The map read from {@link #asmapFrom} by the configuration this builder copies, if any. */
        private Asmap asmap;
        private Path asmapFrom;
        private PluginSettings plugins = PluginSettings.none();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * Sets any setting, for code that handles settings generically; the typed setters below do
         * the same.
         *
         * @param option one of {@link NodeOptions#settings()}, used on this network
         * @param value  its value, in its range
         * @param <T>    its value type
         * @return this builder
         * @throws IllegalArgumentException if the option is not a setting of a node, is not used on
         *                                  this network, or the value is out of its range
         */
        public <T> Builder set(ConfigOption<T> option, T value) {
            checkSetting(option);
            Checks.checkArgument(option.appliesTo(network), "%s: %s is not used on %s (expected: %s)", option.name(),
                    option.path(), network.name(), initialPeersOption(network).path());
            values.put(option, Optional.of(option.check(value)));
            if (NodeOptions.peerSet().contains(option)) {
                peerSet = null;
            }
            return this;
        }

        /**
         * Unsets an optional setting: no external address, no peer cache, the system's DNS
         * resolver, the transport of highest priority.
         *
         * @param option an optional one of {@link NodeOptions#settings()}
         * @return this builder
         * @throws IllegalArgumentException if the option is not a setting that may be unset
         */
        public Builder clear(ConfigOption<?> option) {
            checkSetting(option);
            if (!option.isOptional()) {
                throw new IllegalArgumentException(option.name() + ": cannot be unset (expected: a value; default "
                        + option.defaultValue(network).map(Object::toString).orElse("none") + ")");
            }
            values.put(option, Optional.empty());
            return this;
        }

        /**
         * @param address where to listen (an unspecified IP listens on every interface; port 0
         *                asks for any free port); default {@code [::]:<default port>}
         * @return this builder
         */
        public Builder listenAddress(PeerAddress address) {
            return set(NodeOptions.LISTEN_ADDR, address);
        }

        /**
         * @param address the address to announce in {@code version} messages; default none
         * @return this builder
         */
        public Builder externalAddress(PeerAddress address) {
            return set(NodeOptions.EXTERNAL_ADDR, address);
        }

        /**
         * @param peers {@code host:port} strings (a port is required); default the network's seeders
         * @return this builder
         * @throws IllegalArgumentException if an entry has no port or an invalid one
         */
        public Builder initialPeers(List<String> peers) {
            requireNonNull(peers, "peers");
            return set(initialPeersOption(network), List.copyOf(peers));
        }

        /**
         * @param dir the cache directory; default {@link #defaultCacheDir()}
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            return set(NodeOptions.CACHE_DIR, dir);
        }

        /**
         * Turns the peer cache off: nothing is read or written.
         *
         * @return this builder
         */
        public Builder noCache() {
            return clear(NodeOptions.CACHE_DIR);
        }

        /**
         * @param config the peer set's settings, for the same network; default
         *               {@code PeerSetConfig.builder(network).build()}
         * @return this builder
         * @throws IllegalArgumentException if {@code config} is for another network
         */
        public Builder peerSet(PeerSetConfig config) {
            requireNonNull(config, "config");
            Checks.checkArgument(config.network().equals(network), "peerSet: configured for %s (expected: %s)",
                    config.network().name(), network.name());
            for (ConfigOption<?> option : NodeOptions.peerSet()) {
                values.put(option, config.value(option));
            }
            this.peerSet = config;
            return this;
        }

        /**
         * @param interval the crawler's timer period; default 61 s; range 1 s to 24 h
         * @return this builder
         */
        public Builder crawlInterval(Duration interval) {
            return set(NodeOptions.CRAWL_NEW_PEER_INTERVAL, interval);
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
            return set(NodeOptions.CRAWL_RATE_LIMIT, limit);
        }

        /**
         * @param enabled whether seeder names are resolved; default true
         * @return this builder
         */
        public Builder dnsSeeding(boolean enabled) {
            return set(NodeOptions.DNS_SEEDING, enabled);
        }

        /**
         * @param server the DNS server (an IP and port) seeders are resolved with; default the system's
         * @return this builder
         */
        public Builder dnsServer(InetSocketAddress server) {
            return set(NodeOptions.DNS_SERVER, server);
        }

        /**
         * @param accept pause after an accepted connection; default 1 s; range 0 to 1 min
         * @param reject pause after a dropped connection or accept error; default 10 ms; range 0 to 1 min
         * @return this builder
         */
        public Builder acceptPacing(Duration accept, Duration reject) {
            return set(NodeOptions.ACCEPT_PAUSE, accept).set(NodeOptions.REJECT_PAUSE, reject);
        }

        /**
         * @param agent the user agent announced; default {@code /peerset:<version>/}; at most 256 UTF-8 bytes
         * @return this builder
         */
        public Builder userAgent(String agent) {
            return set(NodeOptions.USER_AGENT, agent);
        }

        /**
         * @param services the services announced; default {@code NODE_NETWORK}
         * @return this builder
         */
        public Builder services(PeerServices services) {
            return set(NodeOptions.SERVICES, services);
        }

        /**
         * @param relay the relay flag announced (ask peers for transaction inventory); default true
         * @return this builder
         */
        public Builder relay(boolean relay) {
            return set(NodeOptions.RELAY, relay);
        }

        /**
         * @param name a transport provider's name (for example {@code "netty"}); default the
         *             available one of highest priority
         * @return this builder
         */
        public Builder transport(String name) {
            return set(NodeOptions.TRANSPORT, name);
        }

        /**
         * @param threads the transport's I/O threads; default 0 = one per available processor; range 0..1024
         * @return this builder
         */
        public Builder ioThreads(int threads) {
            return set(NodeOptions.IO_THREADS, threads);
        }

        /**
         * @param low  outbound bytes below which a connection is writable again; default 2 MiB + 24 B
         * @param high outbound bytes above which it is not; default 4 MiB + 48 B; at least {@code low}
         * @return this builder
         */
        public Builder writeBufferWaterMarks(int low, int high) {
            return set(NodeOptions.WRITE_BUFFER_LOW_WATER_MARK, low).set(NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK, high);
        }

        /**
         * @param prefer whether the transport uses epoll where available; default true
         * @return this builder
         */
        public Builder preferNative(boolean prefer) {
            return set(NodeOptions.PREFER_NATIVE, prefer);
        }

        /**
         * @param timeout how long a request waits for its response; default 20 s; range &gt; 0
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            return set(NodeOptions.REQUEST_TIMEOUT, timeout);
        }

        /**
         * @param timeout the budget of a whole handshake, connect included; default 3 s; range &gt; 0
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            return set(NodeOptions.HANDSHAKE_TIMEOUT, timeout);
        }

        /**
         * @param interval the heartbeat period; default 59 s; range &gt; 0
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            return set(NodeOptions.HEARTBEAT_INTERVAL, interval);
        }

        /**
         * @param timeout how long the inbound service may take; default 5 s; range &gt; 0
         * @return this builder
         */
        public Builder inboundServiceTimeout(Duration timeout) {
            return set(NodeOptions.INBOUND_SERVICE_TIMEOUT, timeout);
        }

        /**
         * @param capacity the most address records; default 5000; range &gt; 0
         * @return this builder
         */
        public Builder addressBookCapacity(int capacity) {
            return set(NodeOptions.ADDRESS_BOOK_CAPACITY, capacity);
        }

        /**
         * @param duration how long a ban lasts; default 24 h; range &gt; 0
         * @return this builder
         */
        public Builder banDuration(Duration duration) {
            return set(NodeOptions.BAN_DURATION, duration);
        }

        /**
         * @param max the most banned IPs kept; default 20,000; range &gt; 0
         * @return this builder
         */
        public Builder maxBannedIps(int max) {
            return set(NodeOptions.MAX_BANNED_IPS, max);
        }

        /**
         * Sets every option whose default goes beyond the reference to the value that gives the
         * reference's behaviour ({@link ConfigOption#referenceValue()}): the baseline every defence
         * is measured against (the simulator's {@code reference}). Options set later win.
         *
         * @return this builder
         */
        public Builder referenceBehaviour() {
            for (ConfigOption<?> o : NodeOptions.settings()) {
                setReference(o);
            }
            return this;
        }

        private <T> void setReference(ConfigOption<T> option) {
            option.referenceValue().ifPresent(v -> set(option, v));
        }

        /**
         * @param peers peers a crawl asks while below the target, crawling again as soon as the rate
         *              limit allows; 0 for the reference (3 peers, the next crawl at the interval);
         *              default 8; range 0..64
         * @return this builder
         */
        public Builder crawlFanoutBelowTarget(int peers) {
            return set(NodeOptions.CRAWL_FANOUT_BELOW_TARGET, peers);
        }

        /**
         * @param on whether the address book keeps bucketed new and tried tables (and the node dials
         *           feelers); default true; false for the reference
         * @return this builder
         */
        public Builder addressTables(boolean on) {
            return set(NodeOptions.ADDRESS_TABLES, on);
        }

        /**
         * @param retry whether a failed dial is replaced at once also at or above the target; default
         *              false; true for the reference
         * @return this builder
         */
        public Builder retryFailedDialsAboveTarget(boolean retry) {
            return set(NodeOptions.RETRY_FAILED_DIALS_ABOVE_TARGET, retry);
        }

        /**
         * @param fill whether each crawl interval fills every free outbound slot up to 3 x target;
         *             default false; true for the reference
         * @return this builder
         */
        public Builder fillSpareOutboundSlots(boolean fill) {
            return set(NodeOptions.FILL_SPARE_OUTBOUND_SLOTS, fill);
        }

        /**
         * @param file an IP-to-AS map in Bitcoin Core's asmap format, for network groups by AS;
         *             {@link #build()} reads and checks it
         * @return this builder
         */
        public Builder asmap(Path file) {
            return set(NodeOptions.ASMAP, requireNonNull(file, "file"));
        }

        /**
         * @param anchors how many outbound peers a closing node keeps and dials first at its next
         *                start; 0 for none (the reference); default 2; range 0..8
         * @return this builder
         */
        public Builder anchors(int anchors) {
            return set(NodeOptions.ANCHORS, anchors);
        }

        /**
         * @param heights activation heights that replace or extend the built-in table, like
         *                {@code "NU7=4200000"}; default none
         * @return this builder
         */
        public Builder activationHeights(String heights) {
            return set(NodeOptions.ACTIVATION_HEIGHTS, requireNonNull(heights, "heights"));
        }

        /**
         * @param versions minimum peer versions per upgrade that replace the built-in ones, like
         *                 {@code "NU7=170190"}; default none
         * @return this builder
         */
        public Builder minPeerVersions(String versions) {
            return set(NodeOptions.MIN_PEER_VERSIONS, requireNonNull(versions, "versions"));
        }

        /**
         * @param estimate whether a node without a chain tip estimates one from its peers; default true
         *                 (the reference: false)
         * @return this builder
         */
        public Builder estimateTip(boolean estimate) {
            return set(NodeOptions.ESTIMATE_TIP, estimate);
        }

        /**
         * @param percentile loads below this percentile of the ready peers' loads count as equal to it
         *                   when routing; 0 for plain power of two choices (the reference); default 90;
         *                   range 0..99
         * @return this builder
         */
        public Builder routingLoadFloor(int percentile) {
            return set(NodeOptions.ROUTING_LOAD_FLOOR, percentile);
        }

        /**
         * @param max the most inbound handshakes in progress at once; 0 for the reference's pacing
         *            (one accepted connection per accept pause); default 8; range 0..1,000
         * @return this builder
         */
        public Builder maxInboundHandshakes(int max) {
            return set(NodeOptions.MAX_INBOUND_HANDSHAKES, max);
        }

        /**
         * @param score the misbehaviour score from which an address is never dialled and is evicted
         *              first; 0 for never (the reference); default 50; range 0..99
         * @return this builder
         */
        public Builder discourageScore(int score) {
            return set(NodeOptions.DISCOURAGE_SCORE, score);
        }

        /**
         * @param on whether a new inbound connection evicts an inbound peer when the slots are full;
         *           default true; false for the reference
         * @return this builder
         */
        public Builder inboundEviction(boolean on) {
            return set(NodeOptions.INBOUND_EVICTION, on);
        }

        /**
         * @param max the most inbound connections from one network group; 0 for no limit (the
         *            reference); default 16; range 0..10,000
         * @return this builder
         */
        public Builder maxInboundPerNetgroup(int max) {
            return set(NodeOptions.MAX_INBOUND_PER_NETGROUP, max);
        }

        /**
         * @param max the most outbound peers in one network group; 0 for no limit (the reference);
         *            default 1; range 0..10,000
         * @return this builder
         */
        public Builder maxOutboundPerNetgroup(int max) {
            return set(NodeOptions.MAX_OUTBOUND_PER_NETGROUP, max);
        }

        /**
         * @param bits the IPv4 prefix length of a network group; default 16; range 8..32
         * @return this builder
         */
        public Builder netgroupIpv4Prefix(int bits) {
            return set(NodeOptions.NETGROUP_IPV4_PREFIX, bits);
        }

        /**
         * @param bits the IPv6 prefix length of a network group; default 32; range 16..64
         * @return this builder
         */
        public Builder netgroupIpv6Prefix(int bits) {
            return set(NodeOptions.NETGROUP_IPV6_PREFIX, bits);
        }

        /**
         * @param settings the plugins to use and their own settings (a file's {@code [plugins.<name>]}
         *                 tables); default {@link PluginSettings#none()}. Each plugin checks its
         *                 settings as a whole when the node assembles it.
         * @return this builder
         */
        public Builder plugins(PluginSettings settings) {
            this.plugins = requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the write buffer's low water mark is above its high one
         */
        public NodeConfig build() {
            return new NodeConfig(this);
        }
    }

    /**
     * Checks a {@code host:port} string as the reference does (a port is required; no whitespace).
     *
     * @param peer the string
     * @throws IllegalArgumentException naming the entry if the port is missing or invalid
     */
    public static void checkHostPort(String peer) {
        requireNonNull(peer, "peer");
        if (peer.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("initial peer \"" + peer + "\": contains whitespace (expected: host:port)");
        }
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
