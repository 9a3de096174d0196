package io.peerset.api;


import io.peerset.api.ConfigOption.Kind;
import io.peerset.api.ConfigOption.Range;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.WireLimits;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every option of a node, each declared once (see {@link ConfigOption}): the table behind
 * {@link NodeConfig}, {@link PeerSetConfig} and the SPI configurations' builders (their defaults
 * and validation), the command line's configuration file and flags, and the README's
 * configuration tables.
 *
 * <p>{@link #all()} lists them in file order: the {@code [network]} section (zebrad's keys, in
 * zebrad's order), its {@code [network.testnet_parameters]} table, then the {@code [peerset]}
 * section (peerset's own keys). {@link #settings()} are the ones a {@link NodeConfig} holds; the
 * others ({@link #NETWORK} and the parameters of a custom network) choose the {@link Network} the
 * configuration is built for.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeOptions {

    /** The {@code [network]} section: zebrad's own keys. */
    public static final String NETWORK_SECTION = "network";

    /** The table of a custom testnet's parameters, inside {@code [network]}. */
    public static final String TESTNET_PARAMETERS_SECTION = "network.testnet_parameters";

    /** The {@code [peerset]} section: peerset's additions. */
    public static final String PEERSET_SECTION = "peerset";

    private static final Duration DAY = Duration.ofHours(24);

    /** The defaults of a custom network come from {@link Network}'s own builder, so they cannot drift apart. */
    private static final Network CUSTOM_DEFAULTS = Network.custom("defaults", Network.TESTNET_MAGIC).build();

    // ---- [network]: zebrad's keys ----

    /** {@code network.network}: the network to join. */
    public static final ConfigOption<Network> NETWORK = ConfigOption
            .builder(NETWORK_SECTION, "network", "network", Kind.NETWORK, Network.class)
            .defaultValue(Network.MAINNET)
            .doc("The network to join: \"Mainnet\", \"Testnet\" or \"Regtest\" (lowercase is accepted too). A custom "
                    + "network is \"Testnet\" with a [network.testnet_parameters] table.")
            .reference("§3.1").build();

    /** {@code network.listen_addr}: where to listen. */
    public static final ConfigOption<PeerAddress> LISTEN_ADDR = ConfigOption
            .builder(NETWORK_SECTION, "listen_addr", "listenAddress", Kind.ADDRESS, PeerAddress.class)
            .defaultValue(n -> new PeerAddress(PeerAddress.parse("[::]:0").ip(), n.defaultPort()))
            .defaultText("\"[::]:8233\" (\"[::]:18233\" on the test networks)")
            .doc("Where to listen for inbound peers: \"ip:port\", \"[ipv6]:port\", or a bare IP, which gets the "
                    + "network's default port. Host names are refused. \"[::]\" listens on every interface (IPv4 and "
                    + "IPv6); port 0 asks for any free port. A port of another network is only a warning.")
            .flag("--listen").reference("§3.1").build();

    /** {@code network.external_addr}: the address announced instead of the listener's. */
    public static final ConfigOption<PeerAddress> EXTERNAL_ADDR = ConfigOption
            .builder(NETWORK_SECTION, "external_addr", "externalAddress", Kind.ADDRESS, PeerAddress.class)
            .optional().defaultText("unset (listen_addr is announced)")
            .example(n -> "203.0.113.7:" + n.defaultPort())
            .doc("The address announced to peers in version messages instead of listen_addr, for a node behind NAT "
                    + "or in a container; same format as listen_addr. Not used in address gossip.")
            .reference("§3.1").build();

    /** {@code network.initial_mainnet_peers}: the initial peers on Mainnet. */
    public static final ConfigOption<List<String>> INITIAL_MAINNET_PEERS = initialPeers("initial_mainnet_peers",
            n -> n.equals(Network.MAINNET), NodeConfig.DEFAULT_MAINNET_PEERS,
            "the Mainnet seeders of zebrad 6.3.0",
            "Initial peers when network = \"Mainnet\": \"host:port\" strings, the port is required. Names are DNS "
                    + "seeders, resolved at start-up (unless dns_seeding = false); IP literals are dialled as they "
                    + "are. Duplicates are dropped.");

    /** {@code network.initial_testnet_peers}: the initial peers on every other network. */
    public static final ConfigOption<List<String>> INITIAL_TESTNET_PEERS = initialPeers("initial_testnet_peers",
            n -> !n.equals(Network.MAINNET), NodeConfig.DEFAULT_TESTNET_PEERS,
            "the Testnet seeders of zebrad 6.3.0",
            "Initial peers on every other network (Testnet, Regtest, custom testnets), same format. On Regtest "
                    + "only loopback addresses are kept. A custom network whose magic is not Testnet's may not list "
                    + "the public seeders.");

    /** {@code network.cache_dir}: the peer cache directory; unset = no peer cache. */
    public static final ConfigOption<Path> CACHE_DIR = ConfigOption
            .builder(NETWORK_SECTION, "cache_dir", "cacheDir", Kind.DIRECTORY, Path.class)
            .optional(NodeConfig::defaultCacheDir)
            .doc("Where the peer cache file <cache_dir>/network/<network name>.peers (up to 75 recently live peers, "
                    + "read at start-up and rewritten every 5 minutes) lives: true = the operating system's cache "
                    + "directory (on Linux $XDG_CACHE_HOME/zebra or ~/.cache/zebra, shared with zebrad), false = no "
                    + "peer cache, or a directory path.")
            .flag("--cache-dir").reference("§3.3").build();

    /** {@code network.peerset_initial_target_size}: the outbound target, and the base of every connection limit. */
    public static final ConfigOption<Integer> PEERSET_INITIAL_TARGET_SIZE = ConfigOption
            .builder(NETWORK_SECTION, "peerset_initial_target_size", "initialTargetSize", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConstants.DEFAULT_PEERSET_INITIAL_TARGET_SIZE)
            .range(Range.ints(1, 10_000)).zeroMeansDefault()
            .doc("How many outbound peers to aim for. It also sets the connection limits: outbound 3 times, inbound "
                    + "5 times, in total 8 times this number (and the handshake's nonce set, which is as large as "
                    + "the total). In a file, 0 warns and uses the default.")
            .flag("--target-size").reference("§2.2, §3.1, §6.1").build();

    /** {@code network.crawl_new_peer_interval} (alias {@code new_peer_interval}): the crawler's period. */
    public static final ConfigOption<Duration> CRAWL_NEW_PEER_INTERVAL = ConfigOption
            .builder(NETWORK_SECTION, "crawl_new_peer_interval", "crawlInterval", Kind.DURATION, Duration.class)
            .alias("new_peer_interval")
            .defaultValue(PeerSetConstants.DEFAULT_CRAWL_NEW_PEER_INTERVAL)
            .range(Range.durations(Duration.ofSeconds(1), DAY))
            .doc("How often the crawler asks peers for more addresses and dials spare outbound slots (alias: "
                    + "new_peer_interval).")
            .reference("§5.7").build();

    /** {@code network.max_connections_per_ip}: the most peers with one IP. */
    public static final ConfigOption<Integer> MAX_CONNECTIONS_PER_IP = ConfigOption
            .builder(NETWORK_SECTION, "max_connections_per_ip", "maxConnectionsPerIp", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConstants.DEFAULT_MAX_CONNECTIONS_PER_IP)
            .range(Range.ints(1, Integer.MAX_VALUE)).zeroMeansDefault()
            .doc("The most connections to peers with one IP address. Above 1, the crawler may also dial another "
                    + "port of an IP it is already connected to. In a file, 0 warns and uses the default.")
            .reference("§5.6").build();

    // ---- [network.testnet_parameters]: a custom testnet ----

    /** {@code network.testnet_parameters.network_name}: a custom testnet's name. */
    public static final ConfigOption<String> NETWORK_NAME = ConfigOption
            .builder(TESTNET_PARAMETERS_SECTION, "network_name", "name", Kind.STRING, String.class)
            .optional().defaultText("unset (the public Testnet)").example(n -> "MyTestnet")
            .range(Range.matching(Pattern.compile("[A-Za-z0-9_]{1,30}"), "1 to 30 ASCII letters, digits or '_'"))
            .doc("A custom testnet's name, with network = \"Testnet\": peerset uses its lowercase form, also for "
                    + "the peer cache file. Leaving it out gives \"unknowntestnet\" if the magic is not Testnet's. "
                    + "zebrad's consensus parameters (activation_heights, genesis_hash, funding_streams, ...) may "
                    + "stay in the table: peerset accepts and ignores them. Ignored on Mainnet; on Regtest the name "
                    + "and magic are ignored.")
            .reference("§3.1").build();

    /** {@code network.testnet_parameters.network_magic}: a custom testnet's magic. */
    public static final ConfigOption<Integer> NETWORK_MAGIC = ConfigOption
            .builder(TESTNET_PARAMETERS_SECTION, "network_magic", "magic", Kind.MAGIC, Integer.class)
            .optional().defaultText("unset (Testnet's)").example(n -> "[1, 2, 3, 4]")
            .range(Range.where((Integer m) -> m != Network.MAINNET_MAGIC && m != Network.REGTEST_MAGIC,
                    "another magic than Mainnet's or Regtest's"))
            .doc("The 4 bytes that start every message of a custom testnet, in wire order, like [250, 26, 249, 191]; "
                    + "not Mainnet's or Regtest's.")
            .reference("§2.1").build();

    // ---- [peerset]: a custom network's parameters ----

    /** {@code peerset.protocol_version}: the protocol version a custom network announces. */
    public static final ConfigOption<Long> PROTOCOL_VERSION = ConfigOption
            .builder(PEERSET_SECTION, "protocol_version", "protocolVersion", Kind.INTEGER, Long.class)
            .defaultValue(CUSTOM_DEFAULTS.protocolVersion()).range(Range.longs(0, 0xffff_ffffL))
            .doc("The protocol version announced in version messages. Custom networks only: an error with a "
                    + "built-in network, whose version is fixed.")
            .reference("§2.3").build();

    /** {@code peerset.min_peer_version}: the lowest protocol version a custom network accepts. */
    public static final ConfigOption<Long> MIN_PEER_VERSION = ConfigOption
            .builder(PEERSET_SECTION, "min_peer_version", "minimumPeerVersion", Kind.INTEGER, Long.class)
            .defaultValue(CUSTOM_DEFAULTS.initialMinimumPeerVersion()).range(Range.longs(0, 0xffff_ffffL))
            .doc("The lowest protocol version accepted from peers, at every network upgrade; at most "
                    + "protocol_version. Custom networks only.")
            .reference("§2.3").build();

    /** {@code peerset.default_port}: a custom network's default port. */
    public static final ConfigOption<Integer> DEFAULT_PORT = ConfigOption
            .builder(PEERSET_SECTION, "default_port", "defaultPort", Kind.INTEGER, Integer.class)
            .defaultValue(CUSTOM_DEFAULTS.defaultPort()).range(Range.ints(1, 65_535))
            .doc("The network's default port: listen_addr and external_addr without a port get it. Custom networks "
                    + "only.")
            .reference("§2.1").build();

    // ---- [peerset]: peerset's own settings ----

    /** {@code peerset.dns_seeding}: whether seeder names are resolved. */
    public static final ConfigOption<Boolean> DNS_SEEDING = ConfigOption
            .builder(PEERSET_SECTION, "dns_seeding", "dnsSeeding", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("Whether seeder names in the initial peer list are resolved through DNS; false dials only the IP "
                    + "literals of the list and the peer cache.")
            .flag("--no-dns").reference("§3.2").build();

    /** {@code peerset.dns_server}: the DNS server seeders are resolved with. */
    public static final ConfigOption<InetSocketAddress> DNS_SERVER = ConfigOption
            .builder(PEERSET_SECTION, "dns_server", "dnsServer", Kind.SERVER_ADDRESS, InetSocketAddress.class)
            .optional().defaultText("unset (the system's resolver)").example(n -> "9.9.9.9:53")
            .range(Range.where((InetSocketAddress s) -> !s.isUnresolved() && s.getPort() != 0
                    && !s.getAddress().isAnyLocalAddress(), "a DNS server's IP address and port, like 9.9.9.9:53"))
            .doc("The DNS server that resolves the seeders: \"ip:port\", or a bare IP (port 53).")
            .reference("§3.2").build();

    /** {@code peerset.accept_pause}: the listener's pause after an accepted connection. */
    public static final ConfigOption<Duration> ACCEPT_PAUSE = ConfigOption
            .builder(PEERSET_SECTION, "accept_pause", "acceptPause", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL)
            .range(Range.durations(Duration.ZERO, Duration.ofMinutes(1)))
            .doc("The listener's pause after accepting a connection, which paces inbound handshakes (divided by "
                    + "max_inbound_handshakes when that is set).")
            .reference("§2.2").build();

    /** {@code peerset.max_inbound_handshakes}: inbound handshakes at once (issue 16 §8). */
    public static final ConfigOption<Integer> MAX_INBOUND_HANDSHAKES = ConfigOption
            .builder(PEERSET_SECTION, "max_inbound_handshakes", "maxInboundHandshakes", Kind.INTEGER, Integer.class)
            .defaultValue(8).range(Range.ints(0, 1_000))
            .doc("The most inbound handshakes in progress at once; the listener then accepts up to this many "
                    + "connections per accept_pause and waits while this many handshakes run, so a burst of honest "
                    + "dials is served within the handshake budget and a flood is still bounded. 0: the reference, one "
                    + "accepted connection per accept_pause whatever the handshakes do.")
            .referenceValue(0).build();

    /** {@code peerset.reject_pause}: the listener's pause after a dropped connection. */
    public static final ConfigOption<Duration> REJECT_PAUSE = ConfigOption
            .builder(PEERSET_SECTION, "reject_pause", "rejectPause", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL)
            .range(Range.durations(Duration.ZERO, Duration.ofMinutes(1)))
            .doc("The listener's pause after a dropped connection or an accept error.")
            .reference("§2.2").build();

    /** {@code peerset.user_agent}: the user agent announced. */
    public static final ConfigOption<String> USER_AGENT = ConfigOption
            .builder(PEERSET_SECTION, "user_agent", "userAgent", Kind.STRING, String.class)
            .defaultValue(PeerSetConstants.DEFAULT_USER_AGENT)
            .range(Range.utf8AtMost(WireLimits.MAX_USER_AGENT_LENGTH))
            .doc("The user agent announced in version messages; its length counts in UTF-8 bytes.")
            .reference("§6.2").build();

    /** {@code peerset.transport}: the transport provider, by name. */
    public static final ConfigOption<String> TRANSPORT = ConfigOption
            .builder(PEERSET_SECTION, "transport", "transport", Kind.STRING, String.class)
            .optional().defaultText("unset (the available provider of highest priority)").example(n -> "netty")
            .range(Range.matching(Pattern.compile("[A-Za-z0-9._-]{1,64}"),
                    "a transport provider's name, such as \"netty\": 1 to 64 letters, digits, '.', '_' or '-'"))
            .doc("The transport provider, by name, such as \"netty\"; its settings are io_threads, the write buffer "
                    + "water marks and prefer_native, whichever provider it is.")
            .build();

    /** {@code peerset.request_queue_capacity}: the most requests waiting in the peer set. */
    public static final ConfigOption<Integer> REQUEST_QUEUE_CAPACITY = ConfigOption
            .builder(PEERSET_SECTION, "request_queue_capacity", "requestQueueCapacity", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConfig.DEFAULT_REQUEST_QUEUE_CAPACITY).range(Range.ints(1, Integer.MAX_VALUE))
            .doc("The most requests waiting in the peer set for a peer; beyond it, new requests fail at once instead "
                    + "of queueing (the reference's buffer of 3 makes callers wait instead).")
            .reference("A.13").build();

    /** {@code peerset.ready_timeout}: how long a request waits for a ready peer. */
    public static final ConfigOption<Duration> READY_TIMEOUT = ConfigOption
            .builder(PEERSET_SECTION, "ready_timeout", "readyTimeout", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConfig.DEFAULT_READY_TIMEOUT)
            .range(Range.positiveAtMost(PeerSetConfig.MAX_READY_TIMEOUT))
            .doc("How long a request waits for a ready peer before it fails (the reference waits forever).")
            .reference("§5.10").build();

    /** {@code peerset.crawl_rate_limit}: the least time between two crawls. */
    public static final ConfigOption<Duration> CRAWL_RATE_LIMIT = ConfigOption
            .builder(PEERSET_SECTION, "crawl_rate_limit", "crawlRateLimit", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.MIN_PEER_GET_ADDR_INTERVAL)
            .range(Range.durations(Duration.ofMillis(100), DAY))
            .doc("The least time between the end of one crawl and the start of the next. The reference fixes it, so "
                    + "that a node does not ask for addresses more often than zcashd answers; shorter values are for "
                    + "simulations and private networks. Keep the default on public networks.")
            .reference("§5.7").build();

    /** {@code peerset.crawl_fanout_below_target}: faster address learning below the target (issue 16 §8). */
    public static final ConfigOption<Integer> CRAWL_FANOUT_BELOW_TARGET = ConfigOption
            .builder(PEERSET_SECTION, "crawl_fanout_below_target", "crawlFanoutBelowTarget", Kind.INTEGER, Integer.class)
            .defaultValue(8).range(Range.ints(0, 64))
            .doc("While the node has fewer outbound peers than its target, a crawl asks this many peers for "
                    + "addresses (3 otherwise) and a crawl that crawl_rate_limit put off runs when the limit ends "
                    + "instead of at the next crawl interval, so a node short of candidates (a dead seeder, a book "
                    + "the attacker filled) learns honest addresses from more of its peers. Safe with inbound "
                    + "eviction: without it, nodes that learn faster fill the best-known listeners, which then "
                    + "refuse newcomers (docs/SECURITY.md). 0: as the reference (3 peers, the next crawl at the "
                    + "interval).")
            .referenceValue(0).build();

    /** {@code peerset.retry_failed_dials_above_target}: whether a failed dial is replaced at once above the target. */
    public static final ConfigOption<Boolean> RETRY_FAILED_DIALS_ABOVE_TARGET = ConfigOption
            .builder(PEERSET_SECTION, "retry_failed_dials_above_target", "retryFailedDialsAboveTarget", Kind.BOOLEAN,
                    Boolean.class)
            .defaultValue(false)
            .doc("Whether a failed dial is followed at once by another while the node already has its target of "
                    + "outbound peers (it always is below the target). Off, the spare slots up to 3 times the target "
                    + "are filled at each crawl interval: retrying at once mostly dials listeners that are full. "
                    + "true: the reference.")
            .referenceValue(true).build();

    /** {@code peerset.fill_spare_outbound_slots}: whether the crawl timer fills slots above the target. */
    public static final ConfigOption<Boolean> FILL_SPARE_OUTBOUND_SLOTS = ConfigOption
            .builder(PEERSET_SECTION, "fill_spare_outbound_slots", "fillSpareOutboundSlots", Kind.BOOLEAN, Boolean.class)
            .defaultValue(false)
            .doc("Whether the node dials for every free outbound slot up to the outbound limit (3 times the target) "
                    + "— at each crawl interval, after each crawl that got answers, for a candidate source that "
                    + "answers late — or only up to the target. Off, the node keeps about its target of outbound "
                    + "peers (more when requests wait for a ready peer): the slots filled late go to whichever "
                    + "listeners still accept, which an attacker's always do, so filling them raises its share of "
                    + "outbound peers (docs/SECURITY.md). true: the reference.")
            .referenceValue(true).build();

    /** {@code peerset.anchors}: outbound peers kept across a restart and dialled first (issue 16 §1.6). */
    public static final ConfigOption<Integer> ANCHORS = ConfigOption
            .builder(PEERSET_SECTION, "anchors", "anchors", Kind.INTEGER, Integer.class)
            .defaultValue(2).range(Range.ints(0, 8))
            .doc("How many outbound peers a node that closes keeps as anchors (the longest connected, one per "
                    + "network group, none with a misbehaviour score), stored beside the peer cache and dialled "
                    + "first at the next start, before any other candidate: an attacker who filled the address "
                    + "book by then still faces them (Bitcoin Core's anchors.dat). They are read once and "
                    + "forgotten, so a node that keeps crashing does not keep dialling them. 0: none, as the "
                    + "reference.")
            .referenceValue(0).build();

    /** {@code peerset.activation_heights}: network upgrade heights beyond or instead of the built-in table (issue 17 §3). */
    public static final ConfigOption<String> ACTIVATION_HEIGHTS = ConfigOption
            .builder(PEERSET_SECTION, "activation_heights", "activationHeights", Kind.STRING, String.class)
            .defaultValue("")
            .range(Range.where(UpgradeSchedule::valid, "UPGRADE=HEIGHT entries, like \"NU7=4200000\""))
            .doc("Network upgrade activation heights that replace or extend the built-in table (Mainnet and Testnet: "
                    + "Overwinter to NU6.3, from the ZIPs; other networks: none), as \"UPGRADE=HEIGHT\" entries separated "
                    + "by commas, like \"NU7=4200000\": a node follows a new upgrade without a new release. The "
                    + "minimum peer version rises when the chain tip reaches a height (the application's tip, or the "
                    + "one estimated from peers, estimate_tip).")
            .reference("§2.1").build();

    /** {@code peerset.min_peer_versions}: minimum peer versions per upgrade beyond or instead of the built-in ones. */
    public static final ConfigOption<String> MIN_PEER_VERSIONS = ConfigOption
            .builder(PEERSET_SECTION, "min_peer_versions", "minPeerVersions", Kind.STRING, String.class)
            .defaultValue("")
            .range(Range.where(UpgradeSchedule::valid, "UPGRADE=VERSION entries, like \"NU7=170190\""))
            .doc("Minimum protocol versions accepted from peers once an upgrade is active, replacing the built-in "
                    + "ones, as \"UPGRADE=VERSION\" entries, like \"NU7=170190\". Raising a minimum is safe; the "
                    + "version peerset advertises does not change (it never claims a version whose messages it cannot "
                    + "parse), so peers that enforce a higher one will refuse it.")
            .reference("§2.1").build();

    /** {@code peerset.estimate_tip}: whether a node without a chain tip estimates one from its peers (issue 17 §3). */
    public static final ConfigOption<Boolean> ESTIMATE_TIP = ConfigOption
            .builder(PEERSET_SECTION, "estimate_tip", "estimateTip", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("Whether a node whose application gives no chain tip (peerset run, crawl, monitors) estimates the "
                    + "network's from the start heights its outbound peers in the peer set announce — the median over "
                    + "at least five distinct network groups, so that a minority of liars cannot move it — and raises "
                    + "its minimum peer version at each activation the estimate has held past for 10 minutes, as a "
                    + "full node does. It still announces height 0 (it has no chain to serve). false: the reference, "
                    + "whose minimum stays at the initial one.")
            .referenceValue(false).build();

    /** {@code peerset.routing_load_floor}: how much answering fast can buy (issue 16 §1.7). */
    public static final ConfigOption<Integer> ROUTING_LOAD_FLOOR = ConfigOption
            .builder(PEERSET_SECTION, "routing_load_floor", "routingLoadFloor", Kind.INTEGER, Integer.class)
            .defaultValue(90).range(Range.ints(0, 99))
            .doc("Routing by the power of two choices treats every load below this percentile of the ready "
                    + "peers' loads as equal to it, so that a peer answering faster than most wins about its share of "
                    + "draws — at most 1.1 times it at the 90th percentile — while the slowest and busiest tenth are "
                    + "still avoided. Lower values avoid more slow peers but hand their requests to everyone else, "
                    + "fast attackers included (docs/SECURITY.md). 0: plain power of two choices, the reference, "
                    + "where a much faster peer wins every draw it is in. Ignored when the application gives the "
                    + "node its own selector.")
            .referenceValue(0).build();

    /** {@code peerset.request_timeout}: how long a request waits for its response, and a message to be sent. */
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOption
            .builder(PEERSET_SECTION, "request_timeout", "requestTimeout", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.REQUEST_TIMEOUT).range(Range.positive())
            .doc("How long a request waits for its response (it alone then fails; a heartbeat's timeout closes "
                    + "the connection), and how long any message may take to send (then the connection closes).")
            .reference("§6.5").build();

    /** {@code peerset.handshake_timeout}: the whole handshake, the connect included. */
    public static final ConfigOption<Duration> HANDSHAKE_TIMEOUT = ConfigOption
            .builder(PEERSET_SECTION, "handshake_timeout", "handshakeTimeout", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.HANDSHAKE_TIMEOUT).range(Range.positive())
            .doc("The budget of a whole handshake; for outbound connections it includes the TCP connect.")
            .reference("§6.5, A.1").build();

    /** {@code peerset.heartbeat_interval}: the ping period, also the heartbeat's own timeout. */
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOption
            .builder(PEERSET_SECTION, "heartbeat_interval", "heartbeatInterval", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.HEARTBEAT_INTERVAL).range(Range.positive())
            .doc("How often each connection pings its peer; also the ping's own timeout.")
            .reference("§6.10").build();

    /** {@code peerset.inbound_service_timeout}: how long the application may take to answer a peer. */
    public static final ConfigOption<Duration> INBOUND_SERVICE_TIMEOUT = ConfigOption
            .builder(PEERSET_SECTION, "inbound_service_timeout", "inboundServiceTimeout", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.INBOUND_SERVICE_TIMEOUT).range(Range.positive())
            .doc("How long the application's inbound service may take to answer a peer's request; slower answers "
                    + "count as overload.")
            .reference("§6.9").build();

    /** {@code peerset.services}: the services announced in version messages. */
    public static final ConfigOption<PeerServices> SERVICES = ConfigOption
            .builder(PEERSET_SECTION, "services", "services", Kind.SERVICES, PeerServices.class)
            .defaultValue(PeerServices.NETWORK)
            .range(Range.where((PeerServices s) -> s.bits() >= 0, ">= 0")
                    .describedAs(s -> Long.toUnsignedString(s.bits())))
            .doc("The services announced in version messages, as a bit field: 1 = NODE_NETWORK (serves the block "
                    + "chain), 0 = none.")
            .reference("§6.2").build();

    /** {@code peerset.relay}: the relay flag announced in version messages. */
    public static final ConfigOption<Boolean> RELAY = ConfigOption
            .builder(PEERSET_SECTION, "relay", "relay", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("The relay flag announced in version messages: whether peers should send us transaction "
                    + "inventory.")
            .reference("§6.2").build();

    /** {@code peerset.address_book_capacity}: the most address records. */
    public static final ConfigOption<Integer> ADDRESS_BOOK_CAPACITY = ConfigOption
            .builder(PEERSET_SECTION, "address_book_capacity", "addressBookCapacity", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConstants.MAX_ADDRS_IN_ADDRESS_BOOK).range(Range.ints(1, Integer.MAX_VALUE))
            .doc("The most addresses the address book keeps; beyond it the least useful is evicted.")
            .reference("§2.2").build();

    /** {@code peerset.address_tables}: bucketed new and tried tables (issue 16 §1.3). */
    public static final ConfigOption<Boolean> ADDRESS_TABLES = ConfigOption
            .builder(PEERSET_SECTION, "address_tables", "addressTables", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("Whether the address book keeps its addresses in bucketed new and tried tables, as Bitcoin Core's "
                    + "addrman: where an address may be kept is fixed by a hash keyed with a secret of this node, so "
                    + "one gossiping network group fills at most a sixteenth of the new table and gossip never "
                    + "displaces an address that answered; untried addresses are dialled in a secret random order, "
                    + "not by their claimed last-seen time; half the dials go to addresses that answered before; "
                    + "feeler connections test addresses every 2 minutes. false: the reference's single list.")
            .referenceValue(false).build();

    /** {@code peerset.discourage_score}: misbehaviour below the ban that already counts (issue 16 §1.5). */
    public static final ConfigOption<Integer> DISCOURAGE_SCORE = ConfigOption
            .builder(PEERSET_SECTION, "discourage_score", "discourageScore", Kind.INTEGER, Integer.class)
            .defaultValue(50).range(Range.ints(0, 99))
            .doc("The misbehaviour score (of the 100 that ban) from which an address is discouraged: never dialled, "
                    + "never gossiped, and the first inbound peer evicted when the slots are full. Half the ban "
                    + "threshold: a peer that sent one invalid block or many bad messages is not worth a slot, though "
                    + "not yet banned. 0: never, as the reference (which still dials such peers).")
            .referenceValue(0).build();

    /** {@code peerset.ban_duration}: how long a ban lasts. */
    public static final ConfigOption<Duration> BAN_DURATION = ConfigOption
            .builder(PEERSET_SECTION, "ban_duration", "banDuration", Kind.DURATION, Duration.class)
            .defaultValue(PeerSetConstants.DEFAULT_BAN_DURATION).range(Range.positive())
            .doc("How long an IP stays banned after its misbehaviour score reaches 100 (the reference's bans never "
                    + "expire).")
            .reference("§4.13, A.6").build();

    /** {@code peerset.max_banned_ips}: the most banned IPs kept. */
    public static final ConfigOption<Integer> MAX_BANNED_IPS = ConfigOption
            .builder(PEERSET_SECTION, "max_banned_ips", "maxBannedIps", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConstants.MAX_BANNED_IPS).range(Range.ints(1, Integer.MAX_VALUE))
            .doc("The most banned IPs kept; beyond it the oldest ban is forgotten.")
            .reference("§2.2, §4.13").build();

    /** {@code peerset.max_outbound_per_netgroup}: outbound diversity (issue 16). */
    public static final ConfigOption<Integer> MAX_OUTBOUND_PER_NETGROUP = ConfigOption
            .builder(PEERSET_SECTION, "max_outbound_per_netgroup", "maxOutboundPerNetgroup", Kind.INTEGER, Integer.class)
            .defaultValue(1).range(Range.ints(0, 10_000))
            .doc("The most outbound peers (dialled or being dialled, initial peers included) in one network "
                    + "group (an IPv4 /16 or IPv6 /32 by default; see docs/SECURITY.md), so that an attacker "
                    + "with addresses in few prefixes holds few outbound slots. Slots stay empty rather than go "
                    + "to a group that is full. 0: no limit, as the reference.")
            .referenceValue(0).build();

    /** {@code peerset.inbound_eviction}: a new inbound connection may evict one (issue 16 §1.4). */
    public static final ConfigOption<Boolean> INBOUND_EVICTION = ConfigOption
            .builder(PEERSET_SECTION, "inbound_eviction", "inboundEviction", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("Whether a new inbound connection, when the inbound slots are full, disconnects an inbound peer "
                    + "instead of being refused, as Bitcoin Core: 4 peers of distinct network groups, the 8 with the "
                    + "lowest ping, the 4 that announced inventory last and the older half of the rest are kept; "
                    + "the youngest peer of the network group with the most of the others goes. A node whose slots "
                    + "an attacker filled early can still be reached by honest newcomers. false: the reference "
                    + "(refused).")
            .referenceValue(false).build();

    /** {@code peerset.max_inbound_per_netgroup}: the most inbound connections from one network group. */
    public static final ConfigOption<Integer> MAX_INBOUND_PER_NETGROUP = ConfigOption
            .builder(PEERSET_SECTION, "max_inbound_per_netgroup", "maxInboundPerNetgroup", Kind.INTEGER, Integer.class)
            .defaultValue(16).range(Range.ints(0, 10_000))
            .doc("The most inbound connections from one network group at a time (an eighth of the default "
                    + "125 inbound slots), so that an attacker with addresses in few prefixes cannot fill them; "
                    + "more from that group are refused. 0: no limit, as the reference.")
            .referenceValue(0).build();

    /** {@code peerset.netgroup_ipv4_prefix}: the IPv4 prefix length of a network group. */
    public static final ConfigOption<Integer> NETGROUP_IPV4_PREFIX = ConfigOption
            .builder(PEERSET_SECTION, "netgroup_ipv4_prefix", "netgroupIpv4Prefix", Kind.INTEGER, Integer.class)
            .defaultValue(Netgroups.DEFAULT_IPV4_PREFIX).range(Range.ints(8, 32))
            .doc("The prefix length that makes an IPv4 network group (16: a /16, as Bitcoin Core).")
            .build();

    /** {@code peerset.netgroup_ipv6_prefix}: the IPv6 prefix length of a network group. */
    public static final ConfigOption<Integer> NETGROUP_IPV6_PREFIX = ConfigOption
            .builder(PEERSET_SECTION, "netgroup_ipv6_prefix", "netgroupIpv6Prefix", Kind.INTEGER, Integer.class)
            .defaultValue(Netgroups.DEFAULT_IPV6_PREFIX).range(Range.ints(16, 64))
            .doc("The prefix length that makes an IPv6 network group (32: a /32, a provider's allocation).")
            .build();

    /** {@code peerset.asmap}: an IP-to-AS map for network groups (issue 16 §1.1). */
    public static final ConfigOption<Path> ASMAP = ConfigOption
            .builder(PEERSET_SECTION, "asmap", "asmap", Kind.FILE, Path.class)
            .optional().defaultText("unset (groups by prefix)").example(n -> "/var/lib/peerset/ip_asn.map")
            .doc("A map from IP addresses to autonomous systems in Bitcoin Core's asmap format (the file its "
                    + "-asmap option reads, made by its asmap-tool): network groups — one outbound peer per group, "
                    + "the address tables' buckets, inbound eviction — then follow the AS that announces an "
                    + "address instead of its prefix, so an attacker with many prefixes at one provider counts "
                    + "once. Checked when the configuration is loaded; at most 16 MiB. Addresses the map does not "
                    + "cover keep their prefix group.")
            .build();

    /** {@code peerset.io_threads}: the transport's I/O threads. */
    public static final ConfigOption<Integer> IO_THREADS = ConfigOption
            .builder(PEERSET_SECTION, "io_threads", "ioThreads", Kind.INTEGER, Integer.class)
            .defaultValue(0).range(Range.ints(0, 1024))
            .doc("The transport's I/O threads, shared by the listener and the dialer; 0 = one per available "
                    + "processor.")
            .build();

    /** {@code peerset.write_buffer_low_water_mark}: outbound bytes below which a connection is writable again. */
    public static final ConfigOption<Integer> WRITE_BUFFER_LOW_WATER_MARK = ConfigOption
            .builder(PEERSET_SECTION, "write_buffer_low_water_mark", "writeBufferLowWaterMark", Kind.INTEGER, Integer.class)
            .defaultValue(PeerSetConstants.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK).range(Range.ints(1, Integer.MAX_VALUE))
            .doc("Bytes waiting to be sent on one connection below which it is writable again; at most "
                    + "write_buffer_high_water_mark.")
            .build();

    /** {@code peerset.write_buffer_high_water_mark}: outbound bytes above which a connection is not writable. */
    public static final ConfigOption<Integer> WRITE_BUFFER_HIGH_WATER_MARK = ConfigOption
            .builder(PEERSET_SECTION, "write_buffer_high_water_mark", "writeBufferHighWaterMark", Kind.INTEGER,
                    Integer.class)
            .defaultValue(PeerSetConstants.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK).range(Range.ints(1, Integer.MAX_VALUE))
            .doc("Bytes waiting to be sent on one connection above which it reports that it is not writable, so "
                    + "senders hold back.")
            .build();

    /** {@code peerset.prefer_native}: whether a native I/O implementation is used where available. */
    public static final ConfigOption<Boolean> PREFER_NATIVE = ConfigOption
            .builder(PEERSET_SECTION, "prefer_native", "preferNative", Kind.BOOLEAN, Boolean.class)
            .defaultValue(true)
            .doc("Whether the transport uses a native I/O implementation (epoll) where the platform has one.")
            .build();

    private static final List<ConfigOption<?>> ALL = List.of(
            NETWORK, LISTEN_ADDR, EXTERNAL_ADDR, INITIAL_MAINNET_PEERS, INITIAL_TESTNET_PEERS, CACHE_DIR,
            PEERSET_INITIAL_TARGET_SIZE, CRAWL_NEW_PEER_INTERVAL, MAX_CONNECTIONS_PER_IP,
            NETWORK_NAME, NETWORK_MAGIC,
            PROTOCOL_VERSION, MIN_PEER_VERSION, DEFAULT_PORT,
            DNS_SEEDING, DNS_SERVER, ACCEPT_PAUSE, MAX_INBOUND_HANDSHAKES, REJECT_PAUSE, USER_AGENT, TRANSPORT, REQUEST_QUEUE_CAPACITY,
            READY_TIMEOUT, CRAWL_RATE_LIMIT, CRAWL_FANOUT_BELOW_TARGET,
            RETRY_FAILED_DIALS_ABOVE_TARGET, FILL_SPARE_OUTBOUND_SLOTS, ANCHORS, ACTIVATION_HEIGHTS, MIN_PEER_VERSIONS, ESTIMATE_TIP, ROUTING_LOAD_FLOOR, REQUEST_TIMEOUT, HANDSHAKE_TIMEOUT, HEARTBEAT_INTERVAL,
            INBOUND_SERVICE_TIMEOUT, SERVICES, RELAY, ADDRESS_BOOK_CAPACITY, ADDRESS_TABLES, DISCOURAGE_SCORE, BAN_DURATION, MAX_BANNED_IPS,
            MAX_OUTBOUND_PER_NETGROUP, INBOUND_EVICTION, MAX_INBOUND_PER_NETGROUP, NETGROUP_IPV4_PREFIX, NETGROUP_IPV6_PREFIX, ASMAP, IO_THREADS, WRITE_BUFFER_LOW_WATER_MARK, WRITE_BUFFER_HIGH_WATER_MARK, PREFER_NATIVE);

    private static final List<ConfigOption<?>> NETWORK_PARAMETERS = List.of(
            NETWORK, NETWORK_NAME, NETWORK_MAGIC, PROTOCOL_VERSION, MIN_PEER_VERSION, DEFAULT_PORT);

    private static final List<ConfigOption<?>> SETTINGS = ALL.stream()
            .filter(o -> !NETWORK_PARAMETERS.contains(o)).toList();

    private static final List<ConfigOption<?>> PEER_SET = List.of(
            PEERSET_INITIAL_TARGET_SIZE, MAX_CONNECTIONS_PER_IP, REQUEST_QUEUE_CAPACITY, READY_TIMEOUT);

    private NodeOptions() {
    }

    /** @return every option, in file order */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    /** @return the options a {@link NodeConfig} holds ({@link NodeConfig#value}), in file order */
    public static List<ConfigOption<?>> settings() {
        return SETTINGS;
    }

    /** @return the options that choose the network: {@code network}, a custom testnet's parameters */
    public static List<ConfigOption<?>> networkParameters() {
        return NETWORK_PARAMETERS;
    }

    /** @return the options of {@link PeerSetConfig} */
    public static List<ConfigOption<?>> peerSet() {
        return PEER_SET;
    }

    /**
     * @param path a section and key, for example {@code "peerset.ready_timeout"}, or an alias's
     * @return the option
     */
    public static Optional<ConfigOption<?>> byPath(String path) {
        for (ConfigOption<?> o : ALL) {
            if (o.path().equals(path) || o.aliases().stream().anyMatch(a -> (o.section() + "." + a).equals(path))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private static ConfigOption<List<String>> initialPeers(String key, Predicate<Network> networks,
                                                           List<String> defaults, String defaultText, String doc) {
        @SuppressWarnings("unchecked")
        Class<List<String>> type = (Class<List<String>>) (Class<?>) List.class;
        return ConfigOption.builder(NETWORK_SECTION, key, "initialPeers", Kind.HOST_PORTS, type)
                .defaultValue(defaults).defaultText(defaultText).appliesTo(networks)
                .range(Range.<String>eachElement(NodeConfig::checkHostPort, "\"host:port\" strings (a port is required)"))
                .doc(doc).flag("--peer").reference("§3.1, §3.2").build();
    }
}
