package io.peerset.cli.config;

import static io.peerset.cli.config.TomlReader.describe;
import static io.peerset.cli.config.TomlReader.suggestion;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.wire.Network;
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
 * line. A {@code [plugins.<name>]} table chooses a plugin on the module path and holds its own
 * settings ({@link PluginTables}).
 *
 * <p>The keys, their kinds, defaults and ranges come from the option table ({@link FileOptions}:
 * {@link NodeOptions} plus {@code status_interval}): every setting is read generically from its
 * declaration, in the one text form of its kind ({@link OptionText}), except the few whose file
 * form is zebrad's own: the network and a custom testnet's parameters, the two initial peer lists
 * and {@code cache_dir}. The typed reads of the tree (and the wording of their errors) are
 * {@link TomlReader}'s; this class holds what the file means: its sections and zebrad's rules.
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

    /** The {@code [network]} keys: zebrad's, in the order zebrad documents them (from the option table). */
    public static final List<String> NETWORK_KEYS = concat(FileOptions.keys(NodeOptions.NETWORK_SECTION),
            List.of("testnet_parameters"));

    /** The {@code [network.testnet_parameters]} keys peerset uses (from the option table). */
    public static final List<String> TESTNET_PARAMETER_KEYS = FileOptions.keys(NodeOptions.TESTNET_PARAMETERS_SECTION);

    /** The {@code [network.testnet_parameters]} keys that matter to consensus only: accepted, ignored. */
    public static final List<String> IGNORED_TESTNET_PARAMETER_KEYS = List.of(
            "slow_start_interval", "target_difficulty_limit", "disable_pow", "genesis_hash", "activation_heights",
            "pre_nu6_funding_streams", "post_nu6_funding_streams", "funding_streams",
            "pre_blossom_halving_interval", "lockbox_disbursements", "checkpoints",
            "extend_funding_stream_addresses_as_required", "temporary_orchard_disabling_soft_fork_height",
            "should_allow_unshielded_coinbase_spends");

    /** The {@code [peerset]} keys (from the option table). */
    public static final List<String> PEERSET_KEYS = FileOptions.keys(NodeOptions.PEERSET_SECTION);

    /** The settings the loader reads by hand; every other one is read from its declaration. */
    private static final List<ConfigOption<?>> READ_BY_HAND = List.of(
            NodeOptions.INITIAL_MAINNET_PEERS, NodeOptions.INITIAL_TESTNET_PEERS, NodeOptions.CACHE_DIR);

    /** The other top-level sections of a zebrad.toml: ignored. */
    public static final List<String> ZEBRAD_SECTIONS = List.of(
            "consensus", "health", "mempool", "metrics", "mining", "rpc", "state", "sync", "tracing");

    /** zebrad's reserved network names (zebra-chain), refused as custom names in any case. */
    private static final List<String> RESERVED_NAMES = List.of(
            "Mainnet", "Testnet", "Regtest", "MainnetKind", "TestnetKind", "RegtestKind");

    /** The name zebrad gives a configured testnet without one (its state and cache directory). */
    static final String UNNAMED_TESTNET = "unknowntestnet";

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
    /** The typed reads of this file's tree; it also collects the warnings. */
    private final TomlReader in;

    private ConfigLoader(String source) {
        this.source = source;
        this.in = new TomlReader(source);
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
        String text = readText(file, "a TOML file");
        String name = file.toString();
        return new ConfigLoader(name).parse(text, Optional.of(file));
    }

    /**
     * Reads a small UTF-8 text file strictly (at most {@link #MAX_FILE_BYTES}; malformed input is an
     * error, not replacement characters).
     *
     * @param file     the file as the operator named it
     * @param expected what it should be, for messages, e.g. {@code "a TOML file"}
     * @return its text
     * @throws ConfigException naming the file and what is wrong
     */
    static String readText(Path file, String expected) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(name, null, "is a directory (expected: " + expected + ")", null);
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(name, null, size + " bytes (expected: " + expected + " of at most "
                        + MAX_FILE_BYTES + " bytes)", null);
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, "cannot read: no such file", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, null, "cannot read: not UTF-8 text (expected: " + expected + ")", e);
        } catch (IOException e) {
            throw new ConfigException(name, null, "cannot read: " + e, e);
        }
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

    /**
     * Reads a node's settings from an already parsed tree (a scenario's {@code [node]} table), with the
     * same keys, grammar and checks as a configuration file.
     *
     * @param root       the tree with {@code network} and {@code peerset} tables
     * @param sourceName what error messages call it, e.g. {@code "bootstrap.toml [node]"}
     * @return the configuration; its warnings have been logged
     * @throws ConfigException naming {@code sourceName}, the key and what was expected
     */
    static LoadedConfig fromTree(JsonNode root, String sourceName) {
        return new ConfigLoader(sourceName).parseTree(root, Optional.empty());
    }

    /** @return a TOML parser (built on first use) */
    static TomlMapper toml() {
        return Toml.MAPPER;
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
        return parseTree(root, path);
    }

    private LoadedConfig parseTree(JsonNode root, Optional<Path> path) {
        if (root == null || root.isMissingNode()) {
            root = Toml.MAPPER.createObjectNode();
        }
        ObjectNode network = null;
        ObjectNode peerset = null;
        ObjectNode plugins = null;
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals("network")) {
                network = in.table(value, "network");
            } else if (key.equals("peerset")) {
                peerset = in.table(value, "peerset");
            } else if (key.equals(PluginSettings.SECTION)) {
                plugins = in.table(value, PluginSettings.SECTION);
            } else if (ZEBRAD_SECTIONS.contains(key)) {
                ignored.add(key);
            } else if (value.isObject()) {
                throw new ConfigException(source, null, "unknown section [" + key + "]" + suggestion(key,
                        concat(List.of("network", "peerset", PluginSettings.SECTION), ZEBRAD_SECTIONS))
                        + " (expected: [network], [peerset], [plugins.<name>], or a zebrad section: "
                        + String.join(", ", ZEBRAD_SECTIONS) + ")", null);
            } else {
                throw new ConfigException(source, key, "unknown top-level key (expected: keys inside a section, "
                        + "such as [network] or [peerset])", null);
            }
        }
        network = network == null ? Toml.MAPPER.createObjectNode() : network;
        peerset = peerset == null ? Toml.MAPPER.createObjectNode() : peerset;
        in.checkKeys(network, "network", NETWORK_KEYS);
        in.checkKeys(peerset, "peerset", PEERSET_KEYS);

        NodeConfig node = nodeConfig(network, peerset);
        if (plugins != null) {
            node = node.toBuilder().plugins(PluginTables.read(in, plugins, node.network())).build();
        }
        Duration status = in.read(peerset, FileOptions.STATUS_INTERVAL, FileOptions.STATUS_INTERVAL.key(),
                node.network()).orElse(null);
        // logged only once the whole file is known to be usable: a failed load reports its one error
        if (!ignored.isEmpty()) {
            Log.LOG.info("{}: ignoring zebrad sections that peerset does not use: [{}]", source, String.join("], [", ignored));
        }
        List<String> warnings = in.warnings();
        for (String warning : warnings) {
            Log.LOG.warn("{}", warning);
        }
        return new LoadedConfig(node, status == null ? LoadedConfig.DEFAULT_STATUS_INTERVAL : status, path,
                warnings, ignored);
    }

    private NodeConfig nodeConfig(ObjectNode net, ObjectNode ps) {
        Network network = network(net, ps);
        NodeConfig.Builder b = NodeConfig.builder(network);

        List<String> mainnetPeers = in.stringList(net, "network", "initial_mainnet_peers");
        List<String> testnetPeers = in.stringList(net, "network", "initial_testnet_peers");
        boolean mainnet = network.equals(Network.MAINNET);
        String peersKey = mainnet ? "initial_mainnet_peers" : "initial_testnet_peers";
        List<String> peers = mainnet ? mainnetPeers : testnetPeers;
        if (peers != null) {
            List<String> unique = new ArrayList<>(new LinkedHashSet<>(peers));
            for (String peer : unique) {
                in.apply("network." + peersKey, () -> NodeConfig.checkHostPort(peer));
            }
            b.initialPeers(unique);
        }
        List<String> effectivePeers = peers != null ? peers : NodeConfig.defaultInitialPeers(network);
        if (!network.isBuiltIn() && network.magic() != Network.TESTNET_MAGIC) {
            for (String peer : effectivePeers) {
                if (NodeConfig.DEFAULT_MAINNET_PEERS.contains(peer) || NodeConfig.DEFAULT_TESTNET_PEERS.contains(peer)) {
                    throw in.error("network.initial_testnet_peers", "\"" + peer + "\" is a default seeder of the "
                            + "public networks, which cannot serve the configured network " + network.name() + " (magic "
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
                    throw in.error("network.cache_dir", describe(cache) + " is not a valid path: " + e.getReason());
                }
            } else {
                throw in.error("network.cache_dir", describe(cache) + " (expected: true for the default cache "
                        + "directory, false for no peer cache, or a directory path)");
            }
        }

        if (net.has("crawl_new_peer_interval") && net.has("new_peer_interval")) {
            throw in.error("network.new_peer_interval", "set together with crawl_new_peer_interval, of which it is "
                    + "an alias (expected: only one of them)");
        }
        for (ConfigOption<?> option : FileOptions.all()) {
            if (NodeOptions.settings().contains(option) && !READ_BY_HAND.contains(option)) {
                readInto(b, option, option.section().equals(NodeOptions.NETWORK_SECTION) ? net : ps, network);
            }
        }
        try {
            return b.build();
        } catch (SettingException e) {
            throw in.error(e.option().path(), e.problem()); // a file a setting names (the asmap)
        } catch (IllegalArgumentException e) {
            // the one relation between two settings, checked by build(): the write buffer's water marks
            ConfigOption<Integer> low = NodeOptions.WRITE_BUFFER_LOW_WATER_MARK;
            ConfigOption<Integer> high = NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK;
            throw in.error(low.path(), in.read(ps, low, low.key(), network).orElse(low.defaultValue())
                    + " (expected: at most " + high.key() + ", " + in.read(ps, high, high.key(), network)
                    .orElse(high.defaultValue()) + ")");
        }
    }

    /** Reads a setting (under its key or an alias) and sets it. */
    private <T> void readInto(NodeConfig.Builder b, ConfigOption<T> option, ObjectNode table, Network network) {
        String key = option.key();
        for (String alias : option.aliases()) {
            if (table.has(alias)) {
                key = alias;
            }
        }
        String path = option.section() + "." + key;
        in.read(table, option, key, network).ifPresent(value -> in.apply(path, () -> b.set(option, value)));
    }

    /** The network: [network] network, its testnet parameters, and [peerset]'s custom-network keys. */
    private Network network(ObjectNode net, ObjectNode ps) {
        JsonNode choice = net.get("network");
        JsonNode legacyNode = net.get("testnet_parameters");
        ObjectNode legacy = legacyNode == null ? null : in.table(legacyNode, "network.testnet_parameters");
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
                default -> throw in.error("network.network", describe(choice)
                        + " (expected: \"Mainnet\", \"Testnet\" or \"Regtest\")");
            };
        } else if (choice.isObject()) {
            // zebrad's own serialisation: a table of testnet parameters, or {params = ...} for Regtest
            if (choice.has("params")) {
                kind = "regtest";
                in.checkKeys((ObjectNode) choice, "network.network", List.of("params", "regtest"));
                params = in.table(choice.get("params"), "network.network.params");
                paramsKey = "network.network.params";
                if (choice.has("regtest")) {
                    in.bool((ObjectNode) choice, "network.network", "regtest");
                }
            } else {
                kind = "testnet";
                params = (ObjectNode) choice;
                paramsKey = "network.network";
            }
            if (legacy != null) {
                in.warn("network.testnet_parameters", "ignored: network.network is a table of parameters, "
                        + "which takes precedence (as in zebrad)");
            }
        } else {
            throw in.error("network.network", describe(choice) + " (expected: \"Mainnet\", \"Testnet\", \"Regtest\", "
                    + "or \"Testnet\" with a [network.testnet_parameters] table)");
        }
        if (params == null && legacy != null) {
            params = legacy;
            paramsKey = "network.testnet_parameters";
        }
        String name = null;
        Integer magic = null;
        if (params != null) {
            in.checkKeys(params, paramsKey, concat(TESTNET_PARAMETER_KEYS, IGNORED_TESTNET_PARAMETER_KEYS));
            name = in.string(params, paramsKey, "network_name");
            magic = magic(params, paramsKey);
        }

        Network base = switch (kind) {
            case "mainnet" -> {
                if (params != null) {
                    in.warn(paramsKey, "ignored: testnet parameters do not apply to Mainnet (as in zebrad)");
                }
                yield Network.MAINNET;
            }
            case "regtest" -> {
                if (name != null || magic != null) {
                    in.warn(paramsKey, "network_name and network_magic ignored: Regtest keeps its own name and "
                            + "magic (as in zebrad)");
                }
                yield Network.REGTEST;
            }
            default -> name == null && (magic == null || magic == Network.TESTNET_MAGIC) ? Network.TESTNET : null;
        };

        Long protocol = (Long) in.read(ps, NodeOptions.PROTOCOL_VERSION, NodeOptions.PROTOCOL_VERSION.key(),
                Network.TESTNET).orElse(null);
        Long minimum = (Long) in.read(ps, NodeOptions.MIN_PEER_VERSION, NodeOptions.MIN_PEER_VERSION.key(),
                Network.TESTNET).orElse(null);
        Integer port = in.read(ps, NodeOptions.DEFAULT_PORT, NodeOptions.DEFAULT_PORT.key(), Network.TESTNET)
                .orElse(null);
        if (base != null) {
            for (String key : List.of(NodeOptions.PROTOCOL_VERSION.key(), NodeOptions.MIN_PEER_VERSION.key(),
                    NodeOptions.DEFAULT_PORT.key())) {
                if (ps.has(key)) {
                    throw in.error("peerset." + key, "only for a custom network, not the built-in " + base.name()
                            + " (expected: network = \"Testnet\" with network_name or network_magic in "
                            + "[network.testnet_parameters])");
                }
            }
            return base;
        }

        String customName = UNNAMED_TESTNET;
        if (name != null) {
            Optional<String> problem = NodeOptions.NETWORK_NAME.range().problem(name);
            if (problem.isPresent()) {
                throw in.error(paramsKey + ".network_name", problem.get());
            }
            for (String reserved : RESERVED_NAMES) {
                if (reserved.equalsIgnoreCase(name)) {
                    throw in.error(paramsKey + ".network_name", "\"" + name + "\" is reserved (expected: a name other "
                            + "than " + String.join(", ", RESERVED_NAMES) + ", in any case)");
                }
            }
            customName = name.toLowerCase(Locale.ROOT);
        }
        long protocolVersion = protocol != null ? protocol : NodeOptions.PROTOCOL_VERSION.defaultValue();
        if (minimum != null && minimum > protocolVersion) {
            throw in.error("peerset.min_peer_version", minimum + " (expected: <= protocol_version "
                    + protocolVersion + ", or peerset would refuse peers running itself)");
        }
        Network.Builder custom = Network.custom(customName, magic != null ? magic : Network.TESTNET_MAGIC)
                .protocolVersion(protocolVersion);
        if (minimum != null) {
            custom.minimumPeerVersion(minimum);
        }
        if (port != null) {
            custom.defaultPort(port);
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
            throw in.error(key, describe(node) + expected);
        }
        int magic = 0;
        for (JsonNode b : node) {
            if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw in.error(key, "element " + describe(b) + expected);
            }
            magic = (magic << 8) | b.intValue();
        }
        if (magic == Network.MAINNET_MAGIC || magic == Network.REGTEST_MAGIC) {
            throw in.error(key, HexFormat.of().toHexDigits(magic) + " is "
                    + (magic == Network.MAINNET_MAGIC ? "Mainnet" : "Regtest") + "'s magic (expected: another "
                    + "magic; a configured testnet can never pose as Mainnet or Regtest)");
        }
        return magic;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
