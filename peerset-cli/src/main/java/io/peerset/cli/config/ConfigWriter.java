package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.WireLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a configuration as a complete, commented TOML file: every key that
 * {@link ConfigLoader} reads, each with a comment giving its meaning, unit, range and default;
 * optional keys that are unset appear commented out with an example value.
 *
 * <p>Contract: for every configuration the loader can produce, {@code ConfigLoader.parse(write(c))}
 * yields a {@link NodeConfig} equal to {@code c.node()} in every field, and the same status
 * interval. The output is also a valid zebrad.toml {@code [network]} section (plus a
 * {@code [peerset]} section): a custom network is written in zebrad's
 * {@code [network.testnet_parameters]} form. Strings are written as TOML basic strings with every
 * character outside printable ASCII escaped, so the output is plain ASCII.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    /**
     * @param config a configuration, typically from {@link ConfigLoader#defaults(Network)} or
     *               {@link ConfigLoader#load(Path)}
     * @return the TOML text, ending with a newline
     */
    public static String write(LoadedConfig config) {
        requireNonNull(config, "config");
        NodeConfig node = config.node();
        Network network = node.network();
        boolean custom = !network.isBuiltIn();
        PeerSetConfig peerSet = node.peerSet();
        StringBuilder out = new StringBuilder(8_192);

        out.append("# peerset configuration: ").append(network.name()).append(" (magic ").append(network.magicHex())
                .append(", default port ").append(network.defaultPort()).append(").\n");
        config.source().ifPresent(file -> out.append("# The effective settings of ").append(oneLine(file.toString()))
                .append(", every default filled in.\n"));
        for (String warning : config.warnings()) {
            out.append("# warning: ").append(oneLine(warning)).append('\n');
        }
        if (!config.ignoredSections().isEmpty()) {
            out.append("# ignored zebrad sections: [").append(String.join("], [", config.ignoredSections()))
                    .append("]\n");
        }
        out.append("""
                #
                # peerset reads a zebrad.toml unchanged: [network] is zebrad's own section, [peerset] holds
                # peerset's additions, and zebrad's other sections ([consensus], [state], [rpc], [mempool],
                # [sync], [tracing], [metrics], [mining]) are ignored. An unknown key is an error.
                # Every key may be left out: it then takes the default given in its comment.
                # Durations are strings of numbers with units, added up: "500ms", "61s", "1m 1s", "1h".
                # Written by `peerset config`.

                [network]

                # The network to join: "Mainnet", "Testnet" or "Regtest" (lowercase is accepted too). A custom
                # network is "Testnet" with a [network.testnet_parameters] table (below).
                # Default: "Mainnet".
                """);
        out.append("network = ").append(quote(custom ? "Testnet" : capitalised(network.name()))).append("\n\n");

        out.append("""
                # Where to listen for inbound peers: "ip:port", "[ipv6]:port", or a bare IP, which gets the
                # network's default port. Host names are refused. "[::]" listens on every interface (IPv4 and
                # IPv6); port 0 asks for any free port. A port of another network is only a warning.
                # Default: "[::]:<default port>" ("[::]:8233" on Mainnet, "[::]:18233" on the test networks).
                """);
        out.append("listen_addr = ").append(quote(node.listenAddress().toString())).append("\n\n");

        out.append("""
                # The address announced to peers in version messages instead of listen_addr, for a node behind
                # NAT or in a container; same format as listen_addr. Not used in address gossip.
                # Default: unset (listen_addr is announced).
                """);
        if (node.externalAddress().isPresent()) {
            out.append("external_addr = ").append(quote(node.externalAddress().get().toString())).append("\n\n");
        } else {
            out.append("# external_addr = \"203.0.113.7:").append(network.defaultPort()).append("\"\n\n");
        }

        boolean mainnet = network.equals(Network.MAINNET);
        out.append("""
                # Initial peers when network = "Mainnet": "host:port" strings, the port is required. Names are DNS
                # seeders, resolved at start-up (unless [peerset] dns_seeding = false); IP literals are dialled
                # as they are. Duplicates are dropped.
                # Default: the Mainnet seeders of zebrad 6.3.0, as listed here.
                """);
        peers(out, "initial_mainnet_peers", mainnet ? node.initialPeers() : NodeConfig.DEFAULT_MAINNET_PEERS);
        out.append("""
                # Initial peers on every other network (Testnet, Regtest, custom testnets), same format. On Regtest
                # only loopback addresses are kept. A custom network whose magic is not Testnet's may not list
                # the public seeders.
                # Default: the Testnet seeders of zebrad 6.3.0, as listed here.
                """);
        peers(out, "initial_testnet_peers", mainnet ? NodeConfig.DEFAULT_TESTNET_PEERS : node.initialPeers());

        out.append("""
                # Where the peer cache file <cache_dir>/network/<network name>.peers (up to 75 recently live
                # peers, read at start-up and rewritten every 5 minutes) lives: true = the operating system's
                # cache directory (on Linux $XDG_CACHE_HOME/zebra or ~/.cache/zebra, shared with zebrad),
                # false = no peer cache, or a directory path.
                # Default: true.
                """);
        out.append("cache_dir = ").append(cacheDir(node)).append("\n\n");

        out.append("""
                # How many outbound peers to aim for at start-up. It also sets the connection limits: outbound
                # 3 times, inbound 5 times, in total 8 times this number. 0 warns and uses 25. Range 0..10000.
                # Default: 25.
                """);
        out.append("peerset_initial_target_size = ").append(peerSet.initialTargetSize()).append("\n\n");

        out.append("""
                # How often the crawler asks peers for more addresses and dials spare outbound slots: a duration
                # (alias: new_peer_interval). Range "1s" to "1day".
                # Default: "1m 1s" (61 seconds).
                """);
        out.append("crawl_new_peer_interval = ").append(quote(HumanDuration.format(node.crawlInterval()))).append("\n\n");

        out.append("""
                # The most connections to peers with one IP address. 0 warns and uses 1. Above 1, the crawler
                # may also dial another port of an IP it is already connected to.
                # Default: 1.
                """);
        out.append("max_connections_per_ip = ").append(peerSet.maxConnectionsPerIp()).append("\n\n");

        out.append("""
                # A custom testnet, with network = "Testnet": network_name (1 to 30 ASCII letters, digits or '_';
                # peerset uses its lowercase form, also for the peer cache file) and network_magic (the 4 bytes
                # that start every message, in wire order; not Mainnet's or Regtest's). Leaving the name out
                # gives "unknowntestnet" if the magic is not Testnet's. zebrad's consensus parameters
                # (activation_heights, genesis_hash, funding_streams, ...) may stay in this table: peerset
                # accepts and ignores them. Ignored on Mainnet; on Regtest the name and magic are ignored.
                # Default: unset (the public Testnet).
                """);
        if (custom) {
            out.append("[network.testnet_parameters]\n");
            out.append("network_name = ").append(quote(network.name())).append('\n');
            out.append("network_magic = ").append(magicArray(network.magic())).append("\n\n");
        } else {
            out.append("# [network.testnet_parameters]\n# network_name = \"MyTestnet\"\n# network_magic = [1, 2, 3, 4]\n\n");
        }

        out.append("""
                [peerset]

                # peerset's own settings (zebrad has none of these).

                """);
        // A custom network's defaults come from Network's own builder, so they cannot drift apart.
        Network defaults = Network.custom("defaults", Network.TESTNET_MAGIC).build();
        out.append("""
                # The protocol version announced in version messages. Custom networks only: an error with a
                # built-in network, whose version is fixed. Range 1..4294967295.
                """);
        out.append("# Default: ").append(defaults.protocolVersion()).append(".\n");
        customKey(out, custom, "protocol_version", custom ? network.protocolVersion() : defaults.protocolVersion());
        out.append("""
                # The lowest protocol version accepted from peers, at every network upgrade. Custom networks
                # only. Range 0..protocol_version.
                """);
        out.append("# Default: ").append(defaults.initialMinimumPeerVersion()).append(".\n");
        customKey(out, custom, "min_peer_version",
                custom ? network.initialMinimumPeerVersion() : defaults.initialMinimumPeerVersion());
        out.append("""
                # The network's default port: listen_addr and external_addr without a port get it. Custom
                # networks only. Range 1..65535.
                """);
        out.append("# Default: ").append(defaults.defaultPort()).append(".\n");
        customKey(out, custom, "default_port", custom ? network.defaultPort() : defaults.defaultPort());

        out.append("""
                # Whether seeder names in the initial peer list are resolved through DNS; false dials only the IP
                # literals of the list and the peer cache.
                # Default: true.
                """);
        out.append("dns_seeding = ").append(node.dnsSeeding()).append("\n\n");

        out.append("""
                # The DNS server that resolves the seeders: "ip:port", or a bare IP (port 53).
                # Default: unset (the system's resolver).
                """);
        if (node.dnsServer().isPresent()) {
            out.append("dns_server = ").append(quote(PeerAddress.of(node.dnsServer().get()).toString())).append("\n\n");
        } else {
            out.append("# dns_server = \"9.9.9.9:53\"\n\n");
        }

        out.append("""
                # How often the running node prints its status line: a duration. Range "1s" to "1day".
                """);
        out.append("# Default: ").append(quote(HumanDuration.format(LoadedConfig.DEFAULT_STATUS_INTERVAL))).append(".\n");
        out.append("status_interval = ").append(quote(HumanDuration.format(config.statusInterval()))).append("\n\n");

        out.append("""
                # The listener's pause after accepting a connection, which paces inbound handshakes: a duration.
                # Range "0s" to "1m".
                """);
        out.append("# Default: ")
                .append(quote(HumanDuration.format(PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL))).append(".\n");
        out.append("accept_pause = ").append(quote(HumanDuration.format(node.acceptPause()))).append("\n\n");

        out.append("""
                # The listener's pause after a dropped connection or an accept error: a duration. Range "0s" to
                # "1m".
                """);
        out.append("# Default: ")
                .append(quote(HumanDuration.format(PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL)))
                .append(".\n");
        out.append("reject_pause = ").append(quote(HumanDuration.format(node.rejectPause()))).append("\n\n");

        out.append("# The user agent announced in version messages, at most ").append(WireLimits.MAX_USER_AGENT_LENGTH)
                .append(" bytes of UTF-8.\n");
        out.append("# Default: ").append(quote(HandshakeConfig.DEFAULT_USER_AGENT)).append(".\n");
        out.append("user_agent = ").append(quote(node.userAgent())).append("\n\n");

        out.append("""
                # The transport provider, by name, such as "netty".
                # Default: unset (the available provider of highest priority).
                """);
        if (node.transport().isPresent()) {
            out.append("transport = ").append(quote(node.transport().get())).append("\n\n");
        } else {
            out.append("# transport = \"netty\"\n\n");
        }

        out.append("""
                # The most requests waiting in the peer set for a peer; beyond it, new requests fail at once
                # instead of queueing. Range 1..2147483647.
                """);
        out.append("# Default: ").append(PeerSetConfig.DEFAULT_REQUEST_QUEUE_CAPACITY).append(".\n");
        out.append("request_queue_capacity = ").append(peerSet.requestQueueCapacity()).append("\n\n");

        out.append("""
                # How long a request waits for a ready peer before it fails: a duration. Range: more than "0s",
                # at most "1day".
                """);
        out.append("# Default: ").append(quote(HumanDuration.format(PeerSetConfig.DEFAULT_READY_TIMEOUT))).append(".\n");
        out.append("ready_timeout = ").append(quote(HumanDuration.format(peerSet.readyTimeout()))).append('\n');
        return out.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\R", " ");
    }

    private static void customKey(StringBuilder out, boolean custom, String key, long value) {
        out.append(custom ? "" : "# ").append(key).append(" = ").append(value).append("\n\n");
    }

    private static void peers(StringBuilder out, String key, List<String> peers) {
        if (peers.isEmpty()) {
            out.append(key).append(" = []\n\n");
            return;
        }
        out.append(key).append(" = [\n");
        for (String peer : peers) {
            out.append("    ").append(quote(peer)).append(",\n");
        }
        out.append("]\n\n");
    }

    private static String cacheDir(NodeConfig node) {
        if (node.cacheDir().isEmpty()) {
            return "false";
        }
        Path dir = node.cacheDir().get();
        return dir.equals(NodeConfig.defaultCacheDir()) ? "true" : quote(dir.toString());
    }

    private static String magicArray(int magic) {
        return "[" + (magic >>> 24) + ", " + (magic >>> 16 & 0xff) + ", " + (magic >>> 8 & 0xff) + ", "
                + (magic & 0xff) + "]";
    }

    private static String capitalised(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    /**
     * @param text any string
     * @return a TOML basic string: quoted, with {@code "} and {@code \} escaped and every code point
     *         outside printable ASCII written as {@code \}{@code uXXXX} or {@code \}{@code UXXXXXXXX}
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        quoted.append((char) c);
                    } else if (c <= 0xffff) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04X", c));
                    } else {
                        quoted.append(String.format(Locale.ROOT, "\\U%08X", c));
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
