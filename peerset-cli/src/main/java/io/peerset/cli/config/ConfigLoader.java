package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.peerset.api.Network;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerAddress;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.wire.WireLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads peerset's configuration file: a zebrad.toml, unchanged, plus an optional {@code [peerset]}
 * section, into a {@link LoadedConfig} (reference section 3.1).
 *
 * <p>The file is parsed by Jackson's TOML module into a tree and walked by hand, so every key is
 * checked: an unknown key in {@code [network]}, {@code [network.testnet_parameters]} or
 * {@code [peerset]}, an unknown top-level section, a value of the wrong type or out of range each
 * fail with a {@link ConfigException} naming the file, the key and what was expected (with a
 * "did you mean" for near misses). The other sections of a zebrad.toml ({@code [consensus]},
 * {@code [state]}, {@code [rpc]}, {@code [mempool]}, {@code [sync]}, {@code [tracing]},
 * {@code [metrics]}, {@code [mining]}, {@code [health]}) are ignored, listed in one info-level log
 * line.
 *
 * <p>Decisions where zebrad's behaviour is not the whole story (each also in the README):
 * <ul>
 *   <li>{@code network} is {@code "Mainnet"}, {@code "Testnet"} or {@code "Regtest"} as zebrad
 *       writes them, or the same in lowercase; zebrad's table forms ({@code [network.network]} with
 *       testnet parameters, or with {@code params} for Regtest) are read too.</li>
 *   <li>Testnet parameters make a custom network when they set a {@code network_name}, or a
 *       {@code network_magic} other than Testnet's. Its name is the configured one lowercased
 *       ({@code MyTestnet} → {@code mytestnet}, as in its peer cache file name), or
 *       {@code unknowntestnet} as zebrad names an unnamed one. The consensus parameters
 *       (activation heights, funding streams, ...) are accepted and ignored. On Mainnet the
 *       parameters are ignored, as zebrad ignores them, and on Regtest the name and magic are, each
 *       with a warning.</li>
 *   <li>A custom network whose magic is not Testnet's may not dial the default seeders (zebrad's
 *       rule, checked on the magic only, the one parameter peerset understands).</li>
 *   <li>{@code [peerset] protocol_version}, {@code min_peer_version} and {@code default_port} shape
 *       a custom network only; setting them for a built-in network is an error (the built-in
 *       networks' parameters are fixed, and silently ignoring them would mislead).</li>
 *   <li>Both initial-peer lists must be arrays of strings, but only the one that applies (Mainnet:
 *       {@code initial_mainnet_peers}; every other network: {@code initial_testnet_peers}) is
 *       checked for {@code host:port} entries, as zebrad checks it only when dialling. Duplicates
 *       collapse, first occurrence kept.</li>
 *   <li>A listen or external address on a port that belongs to another network (the reference's
 *       listener rule, plus the other built-in network's default port, e.g. 8233 on Testnet) is a
 *       warning only. So are {@code peerset_initial_target_size = 0} (→ 25) and
 *       {@code max_connections_per_ip = 0} (→ 1), as in zebrad.</li>
 *   <li>Files larger than {@value #MAX_FILE_BYTES} bytes, or not UTF-8, are refused.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe: each call parses with its own state (the Jackson mapper is shared
 * and thread-safe).
 */
public final class ConfigLoader {

    /** Largest file read: a zebrad.toml is a few kilobytes; a megabyte is a mistake, not a config. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** The {@code [network]} keys: zebrad's, in the order zebrad documents them. */
    public static final List<String> NETWORK_KEYS = List.of(
            "network", "listen_addr", "external_addr", "initial_mainnet_peers", "initial_testnet_peers",
            "cache_dir", "peerset_initial_target_size", "crawl_new_peer_interval", "new_peer_interval",
            "max_connections_per_ip", "testnet_parameters");

    /** The {@code [network.testnet_parameters]} keys peerset uses. */
    public static final List<String> TESTNET_PARAMETER_KEYS = List.of("network_name", "network_magic");

    /** The {@code [network.testnet_parameters]} keys that matter to consensus only: accepted, ignored. */
    public static final List<String> IGNORED_TESTNET_PARAMETER_KEYS = List.of(
            "slow_start_interval", "target_difficulty_limit", "disable_pow", "genesis_hash", "activation_heights",
            "pre_nu6_funding_streams", "post_nu6_funding_streams", "funding_streams",
            "pre_blossom_halving_interval", "lockbox_disbursements", "checkpoints",
            "extend_funding_stream_addresses_as_required", "temporary_orchard_disabling_soft_fork_height",
            "should_allow_unshielded_coinbase_spends");

    /** The {@code [peerset]} keys. */
    public static final List<String> PEERSET_KEYS = List.of(
            "protocol_version", "min_peer_version", "default_port", "dns_seeding", "dns_server", "status_interval",
            "accept_pause", "reject_pause", "user_agent", "transport", "request_queue_capacity", "ready_timeout");

    /** The other top-level sections of a zebrad.toml: ignored. */
    public static final List<String> ZEBRAD_SECTIONS = List.of(
            "consensus", "health", "mempool", "metrics", "mining", "rpc", "state", "sync", "tracing");

    /** zebrad's reserved network names (zebra-chain), refused as custom names in any case. */
    private static final List<String> RESERVED_NAMES = List.of(
            "Mainnet", "Testnet", "Regtest", "MainnetKind", "TestnetKind", "RegtestKind");

    /** zebrad's network-name rule: ASCII letters, digits and '_', at most 30. */
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9_]{1,30}");

    /** The name zebrad gives a configured testnet without one (its state and cache directory). */
    static final String UNNAMED_TESTNET = "unknowntestnet";

    private static final Pattern TRANSPORT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final int DNS_PORT = 53;

    /**
     * Built on first use, as is the logger ({@link Log}): {@code peerset config} without a file (and
     * {@code peerset run} without one) then never loads Jackson's databind or starts the logging.
     */
    private static final class Toml {
        static final TomlMapper MAPPER = new TomlMapper();
    }

    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    }

    private static final String NO_FILE = "<string>";

    private final String source;
    private final List<String> warnings = new ArrayList<>();

    private ConfigLoader(String source) {
        this.source = source;
    }

    /**
     * The default configuration for a network: what a file naming only that network gives.
     * {@link NodeConfig}'s defaults, except that a custom network whose magic is not Testnet's gets
     * no initial peers, since the loader refuses the public seeders for it.
     *
     * @param network the network
     * @return the defaults, with no source and no warnings
     */
    public static LoadedConfig defaults(Network network) {
        NodeConfig.Builder b = NodeConfig.builder(requireNonNull(network, "network"));
        if (!network.isBuiltIn() && network.magic() != Network.TESTNET_MAGIC) {
            b.initialPeers(List.of());
        }
        return LoadedConfig.of(b.build());
    }

    /**
     * Reads and checks a configuration file.
     *
     * @param file a zebrad.toml or peerset configuration file
     * @return the configuration; its warnings have been logged
     * @throws ConfigException naming the file (as given), the key and what was expected
     */
    public static LoadedConfig load(Path file) {
        requireNonNull(file, "file");
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(name, null, "is a directory (expected: a TOML file)", null);
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(name, null, size + " bytes (expected: a TOML file of at most "
                        + MAX_FILE_BYTES + " bytes)", null);
            }
            // a strict decoder: malformed input is an error, not replacement characters
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, "cannot read: no such file", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, null, "cannot read: not UTF-8 text (expected: a TOML file)", e);
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot read: " + e, e);
        }
        return new ConfigLoader(name).parse(text, Optional.of(file));
    }

    /**
     * Parses configuration text.
     *
     * @param toml       the TOML text
     * @param sourceName what error messages call it, e.g. the file name; null for {@code <string>}
     * @return the configuration, with no source path; its warnings have been logged
     * @throws ConfigException naming {@code sourceName}, the key and what was expected
     */
    public static LoadedConfig parse(String toml, String sourceName) {
        requireNonNull(toml, "toml");
        return new ConfigLoader(sourceName == null ? NO_FILE : sourceName).parse(toml, Optional.empty());
    }

    private LoadedConfig parse(String toml, Optional<Path> path) {
        JsonNode root;
        try {
            root = Toml.MAPPER.readTree(toml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ConfigException.syntax(source, at == null ? -1 : at.getLineNr(), at == null ? -1 : at.getColumnNr(),
                    e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            root = Toml.MAPPER.createObjectNode();
        }
        ObjectNode network = null;
        ObjectNode peerset = null;
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals("network")) {
                network = table(value, "network");
            } else if (key.equals("peerset")) {
                peerset = table(value, "peerset");
            } else if (ZEBRAD_SECTIONS.contains(key)) {
                ignored.add(key);
            } else if (value.isObject()) {
                throw new ConfigException(source, null, "unknown section [" + key + "]" + suggestion(key,
                        concat(List.of("network", "peerset"), ZEBRAD_SECTIONS))
                        + " (expected: [network], [peerset], or a zebrad section: "
                        + String.join(", ", ZEBRAD_SECTIONS) + ")", null);
            } else {
                throw new ConfigException(source, key, "unknown top-level key (expected: keys inside a section, "
                        + "such as [network] or [peerset])", null);
            }
        }
        network = network == null ? Toml.MAPPER.createObjectNode() : network;
        peerset = peerset == null ? Toml.MAPPER.createObjectNode() : peerset;
        checkKeys(network, "network", NETWORK_KEYS);
        checkKeys(peerset, "peerset", PEERSET_KEYS);

        NodeConfig node = nodeConfig(network, peerset);
        Duration status = duration(peerset, "peerset", "status_interval",
                LoadedConfig.MIN_STATUS_INTERVAL, LoadedConfig.MAX_STATUS_INTERVAL);
        // logged only once the whole file is known to be usable: a failed load reports its one error
        if (!ignored.isEmpty()) {
            Log.LOG.info("{}: ignoring zebrad sections that peerset does not use: [{}]", source, String.join("], [", ignored));
        }
        for (String warning : warnings) {
            Log.LOG.warn("{}", warning);
        }
        return new LoadedConfig(node, status == null ? LoadedConfig.DEFAULT_STATUS_INTERVAL : status, path,
                warnings, ignored);
    }

    private NodeConfig nodeConfig(ObjectNode net, ObjectNode ps) {
        Network network = network(net, ps);
        NodeConfig.Builder b = NodeConfig.builder(network);

        PeerAddress listen = address(net, "network", "listen_addr", network.defaultPort());
        if (listen != null) {
            checkPort(listen, network, "network.listen_addr");
            b.listenAddress(listen);
        }
        PeerAddress external = address(net, "network", "external_addr", network.defaultPort());
        if (external != null) {
            checkPort(external, network, "network.external_addr");
            b.externalAddress(external);
        }

        List<String> mainnetPeers = stringList(net, "network", "initial_mainnet_peers");
        List<String> testnetPeers = stringList(net, "network", "initial_testnet_peers");
        boolean mainnet = network.equals(Network.MAINNET);
        String peersKey = mainnet ? "initial_mainnet_peers" : "initial_testnet_peers";
        List<String> peers = mainnet ? mainnetPeers : testnetPeers;
        if (peers != null) {
            List<String> unique = new ArrayList<>(new LinkedHashSet<>(peers));
            for (String peer : unique) {
                if (peer.chars().anyMatch(Character::isWhitespace)) {
                    throw error("network." + peersKey, "initial peer \"" + peer + "\": contains whitespace "
                            + "(expected: host:port)");
                }
                apply("network." + peersKey, () -> NodeConfig.checkHostPort(peer));
            }
            b.initialPeers(unique);
        }
        List<String> effectivePeers = peers != null ? peers : NodeConfig.defaultInitialPeers(network);
        if (!network.isBuiltIn() && network.magic() != Network.TESTNET_MAGIC) {
            for (String peer : effectivePeers) {
                if (NodeConfig.DEFAULT_MAINNET_PEERS.contains(peer) || NodeConfig.DEFAULT_TESTNET_PEERS.contains(peer)) {
                    throw error("network.initial_testnet_peers", "\"" + peer + "\" is a default seeder of the public "
                            + "networks, which cannot serve the configured network " + network.name() + " (magic "
                            + network.magicHex() + ") (expected: that network's own peers, or [])");
                }
            }
        }

        JsonNode cache = net.get("cache_dir");
        if (cache != null) {
            if (cache.isBoolean()) {
                if (cache.booleanValue()) {
                    b.cacheDir(NodeConfig.defaultCacheDir());
                } else {
                    b.noCache();
                }
            } else if (cache.isTextual() && !cache.textValue().isEmpty()) {
                try {
                    b.cacheDir(Path.of(cache.textValue()));
                } catch (InvalidPathException e) {
                    throw error("network.cache_dir", describe(cache) + " is not a valid path: " + e.getReason());
                }
            } else {
                throw error("network.cache_dir", describe(cache) + " (expected: true for the default cache "
                        + "directory, false for no peer cache, or a directory path)");
            }
        }

        PeerSetConfig.Builder peerSet = PeerSetConfig.builder(network);
        Long target = integer(net, "network", "peerset_initial_target_size", 0, 10_000);
        if (target != null && target == 0) {
            warn("network.peerset_initial_target_size", "0 (expected: > 0); using the default "
                    + PeerSetConstants.DEFAULT_PEERSET_INITIAL_TARGET_SIZE);
        } else if (target != null) {
            peerSet.initialTargetSize(target.intValue());
        }
        Long perIp = integer(net, "network", "max_connections_per_ip", 0, Integer.MAX_VALUE);
        if (perIp != null && perIp == 0) {
            warn("network.max_connections_per_ip", "0 (expected: > 0); using the default "
                    + PeerSetConstants.DEFAULT_MAX_CONNECTIONS_PER_IP);
        } else if (perIp != null) {
            peerSet.maxConnectionsPerIp(perIp.intValue());
        }
        Long queue = integer(ps, "peerset", "request_queue_capacity", 1, Integer.MAX_VALUE);
        if (queue != null) {
            peerSet.requestQueueCapacity(queue.intValue());
        }
        Duration ready = duration(ps, "peerset", "ready_timeout", Duration.ofNanos(1), PeerSetConfig.MAX_READY_TIMEOUT);
        if (ready != null) {
            peerSet.readyTimeout(ready);
        }
        b.peerSet(peerSet.build());

        if (net.has("crawl_new_peer_interval") && net.has("new_peer_interval")) {
            throw error("network.new_peer_interval", "set together with crawl_new_peer_interval, of which it is "
                    + "an alias (expected: only one of them)");
        }
        String crawlKey = net.has("new_peer_interval") ? "new_peer_interval" : "crawl_new_peer_interval";
        Duration crawl = duration(net, "network", crawlKey, Duration.ofSeconds(1), Duration.ofHours(24));
        if (crawl != null) {
            b.crawlInterval(crawl);
        }

        Boolean dnsSeeding = bool(ps, "peerset", "dns_seeding");
        if (dnsSeeding != null) {
            b.dnsSeeding(dnsSeeding);
        }
        PeerAddress dns = address(ps, "peerset", "dns_server", DNS_PORT);
        if (dns != null) {
            if (dns.port() == 0 || dns.ip().isAnyLocalAddress()) {
                throw error("peerset.dns_server", "\"" + dns + "\" (expected: a DNS server's IP and port, "
                        + "like \"9.9.9.9:53\"; the port defaults to 53)");
            }
            b.dnsServer(dns.toSocketAddress());
        }
        Duration minute = Duration.ofMinutes(1);
        Duration accept = duration(ps, "peerset", "accept_pause", Duration.ZERO, minute);
        Duration reject = duration(ps, "peerset", "reject_pause", Duration.ZERO, minute);
        if (accept != null || reject != null) {
            b.acceptPacing(accept != null ? accept : PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL,
                    reject != null ? reject : PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL);
        }
        String agent = string(ps, "peerset", "user_agent");
        if (agent != null) {
            int bytes = agent.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > WireLimits.MAX_USER_AGENT_LENGTH) {
                throw error("peerset.user_agent", bytes + " UTF-8 bytes (expected: at most "
                        + WireLimits.MAX_USER_AGENT_LENGTH + ")");
            }
            b.userAgent(agent);
        }
        String transport = string(ps, "peerset", "transport");
        if (transport != null) {
            if (!TRANSPORT_NAME.matcher(transport).matches()) {
                throw error("peerset.transport", "\"" + transport + "\" (expected: a transport provider's name, "
                        + "such as \"netty\")");
            }
            b.transport(transport);
        }
        return b.build();
    }

    /** The network: [network] network, its testnet parameters, and [peerset]'s custom-network keys. */
    private Network network(ObjectNode net, ObjectNode ps) {
        JsonNode choice = net.get("network");
        JsonNode legacyNode = net.get("testnet_parameters");
        ObjectNode legacy = legacyNode == null ? null : table(legacyNode, "network.testnet_parameters");
        String kind;
        ObjectNode params = null;
        String paramsKey = null;
        if (choice == null) {
            kind = "mainnet";
        } else if (choice.isTextual()) {
            kind = switch (choice.textValue()) {
                case "Mainnet", "mainnet" -> "mainnet";
                case "Testnet", "testnet" -> "testnet";
                case "Regtest", "regtest" -> "regtest";
                default -> throw error("network.network", describe(choice)
                        + " (expected: \"Mainnet\", \"Testnet\" or \"Regtest\")");
            };
        } else if (choice.isObject()) {
            // zebrad's own serialisation: a table of testnet parameters, or {params = ...} for Regtest
            if (choice.has("params")) {
                kind = "regtest";
                checkKeys((ObjectNode) choice, "network.network", List.of("params", "regtest"));
                params = table(choice.get("params"), "network.network.params");
                paramsKey = "network.network.params";
                if (choice.has("regtest")) {
                    bool((ObjectNode) choice, "network.network", "regtest");
                }
            } else {
                kind = "testnet";
                params = (ObjectNode) choice;
                paramsKey = "network.network";
            }
            if (legacy != null) {
                warn("network.testnet_parameters", "ignored: network.network is a table of parameters, "
                        + "which takes precedence (as in zebrad)");
            }
        } else {
            throw error("network.network", describe(choice) + " (expected: \"Mainnet\", \"Testnet\", \"Regtest\", "
                    + "or \"Testnet\" with a [network.testnet_parameters] table)");
        }
        if (params == null && legacy != null) {
            params = legacy;
            paramsKey = "network.testnet_parameters";
        }
        String name = null;
        Integer magic = null;
        if (params != null) {
            checkKeys(params, paramsKey, concat(TESTNET_PARAMETER_KEYS, IGNORED_TESTNET_PARAMETER_KEYS));
            name = string(params, paramsKey, "network_name");
            magic = magic(params, paramsKey);
        }

        Network base = switch (kind) {
            case "mainnet" -> {
                if (params != null) {
                    warn(paramsKey, "ignored: testnet parameters do not apply to Mainnet (as in zebrad)");
                }
                yield Network.MAINNET;
            }
            case "regtest" -> {
                if (name != null || magic != null) {
                    warn(paramsKey, "network_name and network_magic ignored: Regtest keeps its own name and "
                            + "magic (as in zebrad)");
                }
                yield Network.REGTEST;
            }
            default -> name == null && (magic == null || magic == Network.TESTNET_MAGIC) ? Network.TESTNET : null;
        };

        Long protocol = integer(ps, "peerset", "protocol_version", 1, 0xffff_ffffL);
        Long minimum = integer(ps, "peerset", "min_peer_version", 0, 0xffff_ffffL);
        Long port = integer(ps, "peerset", "default_port", 1, 65_535);
        if (base != null) {
            for (String key : List.of("protocol_version", "min_peer_version", "default_port")) {
                if (ps.has(key)) {
                    throw error("peerset." + key, "only for a custom network, not the built-in " + base.name()
                            + " (expected: network = \"Testnet\" with network_name or network_magic in "
                            + "[network.testnet_parameters])");
                }
            }
            return base;
        }

        String customName = UNNAMED_TESTNET;
        if (name != null) {
            if (!NETWORK_NAME.matcher(name).matches()) {
                throw error(paramsKey + ".network_name", "\"" + name + "\" (expected: 1 to 30 ASCII letters, "
                        + "digits or '_')");
            }
            for (String reserved : RESERVED_NAMES) {
                if (reserved.equalsIgnoreCase(name)) {
                    throw error(paramsKey + ".network_name", "\"" + name + "\" is reserved (expected: a name other "
                            + "than " + String.join(", ", RESERVED_NAMES) + ", in any case)");
                }
            }
            customName = name.toLowerCase(Locale.ROOT);
        }
        long protocolVersion = protocol != null ? protocol : Network.CURRENT_PROTOCOL_VERSION;
        if (minimum != null && minimum > protocolVersion) {
            throw error("peerset.min_peer_version", minimum + " (expected: <= protocol_version "
                    + protocolVersion + ", or peerset would refuse peers running itself)");
        }
        Network.Builder custom = Network.custom(customName, magic != null ? magic : Network.TESTNET_MAGIC)
                .protocolVersion(protocolVersion);
        if (minimum != null) {
            custom.minimumPeerVersion(minimum);
        }
        if (port != null) {
            custom.defaultPort(port.intValue());
        }
        return custom.build();
    }

    /** {@code network_magic}: 4 bytes in wire order, as zebrad writes them ({@code [1, 2, 3, 4]}). */
    private Integer magic(ObjectNode params, String section) {
        JsonNode node = params.get("network_magic");
        if (node == null) {
            return null;
        }
        String key = section + ".network_magic";
        String expected = " (expected: 4 bytes in wire order, each 0 to 255, like [250, 26, 249, 191])";
        if (!node.isArray() || node.size() != 4) {
            throw error(key, describe(node) + expected);
        }
        int magic = 0;
        for (JsonNode b : node) {
            if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw error(key, "element " + describe(b) + expected);
            }
            magic = (magic << 8) | b.intValue();
        }
        if (magic == Network.MAINNET_MAGIC || magic == Network.REGTEST_MAGIC) {
            throw error(key, HexFormat.of().toHexDigits(magic) + " is "
                    + (magic == Network.MAINNET_MAGIC ? "Mainnet" : "Regtest") + "'s magic (expected: another "
                    + "magic; a configured testnet can never pose as Mainnet or Regtest)");
        }
        return magic;
    }

    /** Warns when a listener or announced port belongs to another network (warning only, as in zebrad). */
    private void checkPort(PeerAddress address, Network network, String key) {
        int port = address.port();
        if (port == 0 || port == network.defaultPort()) {
            return;
        }
        boolean otherDefault = Network.builtIns().stream().anyMatch(n -> n.defaultPort() == port);
        if (otherDefault || !network.isValidListenerPort(port)) {
            warn(key, "port " + port + " belongs to another network (" + network.name() + "'s default port is "
                    + network.defaultPort() + "); peers of " + network.name() + " may not connect");
        }
    }

    // ---- typed reads: null when absent, ConfigException when present but wrong ----

    private ObjectNode table(JsonNode node, String key) {
        if (!node.isObject()) {
            throw error(key, describe(node) + " (expected: a table, [" + key + "])");
        }
        return (ObjectNode) node;
    }

    private void checkKeys(ObjectNode table, String section, List<String> known) {
        for (Map.Entry<String, JsonNode> property : table.properties()) {
            String key = property.getKey();
            if (!known.contains(key)) {
                throw error(section + "." + key, "unknown key" + suggestion(key, known)
                        + " (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    private String string(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(section + "." + key, describe(node) + " (expected: a string)");
        }
        return node.textValue();
    }

    private Boolean bool(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw error(section + "." + key, describe(node) + " (expected: true or false)");
        }
        return node.booleanValue();
    }

    private Long integer(ObjectNode table, String section, String key, long min, long max) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error(section + "." + key, describe(node) + " (expected: an integer " + min + ".." + max + ")");
        }
        return node.longValue();
    }

    private Duration duration(ObjectNode table, String section, String key, Duration min, Duration max) {
        String text = string(table, section, key);
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = HumanDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(section + "." + key, e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(section + "." + key, "\"" + text + "\" (expected: " + range(min, max) + ")");
        }
        return d;
    }

    private static String range(Duration min, Duration max) {
        if (min.equals(Duration.ofNanos(1))) {
            return "more than 0s and at most \"" + HumanDuration.format(max) + "\"";
        }
        return "from \"" + HumanDuration.format(min) + "\" to \"" + HumanDuration.format(max) + "\"";
    }

    private PeerAddress address(ObjectNode table, String section, String key, int defaultPort) {
        String text = string(table, section, key);
        if (text == null) {
            return null;
        }
        try {
            return SocketAddresses.parse(text, defaultPort);
        } catch (IllegalArgumentException e) {
            throw error(section + "." + key, e.getMessage());
        }
    }

    private List<String> stringList(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        String expected = " (expected: an array of \"host:port\" strings)";
        if (!node.isArray()) {
            throw error(section + "." + key, describe(node) + expected);
        }
        List<String> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw error(section + "." + key, "element " + describe(element) + expected);
            }
            list.add(element.textValue());
        }
        return list;
    }

    // ---- errors and warnings ----

    private void apply(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    private ConfigException error(String key, String detail) {
        return new ConfigException(source, key, detail, null);
    }

    private void warn(String key, String detail) {
        warnings.add(source + ": " + key + ": " + detail);
    }

    /** How a value reads in a message: its TOML type and, for scalars, the value. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return "the integer " + node.asText();
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        if (node.isObject()) {
            return "a table";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** "; did you mean x?" for a key at most two edits from a known one, else "". */
    static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
