package io.peerset.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String FILE = "zebrad.toml";

    /** The [network] section zebrad 6.3.0 writes by default (reference section 3.1), verbatim. */
    static final String ZEBRAD_6_3_0_NETWORK = """
            [network]
            cache_dir = true
            crawl_new_peer_interval = "1m 1s"
            initial_mainnet_peers = [
                "dnsseed.str4d.xyz:8233",
                "dnsseed.z.cash:8233",
                "mainnet.seeder.shieldedinfra.net:8233",
                "mainnet.seeder.zfnd.org:8233",
                "seeder.zec.rocks:8233",
            ]
            initial_testnet_peers = [
                "dnsseed.testnet.z.cash:18233",
                "seeder.testnet.zec.rocks:18233",
                "testnet.seeder.zfnd.org:18233",
            ]
            listen_addr = "[::]:8233"
            max_connections_per_ip = 1
            network = "Mainnet"
            peerset_initial_target_size = 25
            """;

    /** A whole zebrad.toml: the [network] section among the other sections zebrad writes. */
    static final String ZEBRAD_TOML = """
            # Default configuration for zebrad.

            [consensus]
            checkpoint_sync = true

            [mempool]
            eviction_memory_time = "1h"
            tx_cost_limit = 80000000

            [metrics]

            [mining]
            internal_miner = false

            """ + ZEBRAD_6_3_0_NETWORK + """

            [rpc]
            debug_force_finished_sync = false
            parallel_cpu_threads = 0

            [state]
            cache_dir = "cache_dir"
            delete_old_database = true
            ephemeral = false

            [sync]
            checkpoint_verify_concurrency_limit = 1000
            download_concurrency_limit = 50

            [tracing]
            buffer_limit = 128000
            force_use_color = false
            use_color = true
            use_journald = false
            """;

    private static LoadedConfig parse(String toml) {
        return ConfigLoader.parse(toml, FILE);
    }

    private static NodeConfig node(String toml) {
        return parse(toml).node();
    }

    /** The error for {@code toml}, checked to be one line naming the file and free of class names. */
    private static ConfigException error(String toml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(toml));
        assertThat(e).as("no ConfigException for:\n" + toml).isNotNull();
        assertThat(e.getMessage()).startsWith(FILE).doesNotContain("\n", "Exception", "\tat ");
        return e;
    }

    @Nested
    class ZebradFiles {

        @Test
        void zebrad630DefaultNetworkSectionGivesTheDefaults() {
            LoadedConfig config = parse(ZEBRAD_6_3_0_NETWORK);

            SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(), config.node());
            assertThat(config.warnings()).isEmpty();
            assertThat(config.ignoredSections()).isEmpty();
            assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.source()).isEmpty();
        }

        @Test
        void wholeZebradTomlIsAcceptedAndItsOtherSectionsListedInFileOrder() {
            LoadedConfig config = parse(ZEBRAD_TOML);

            SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(), config.node());
            assertThat(config.ignoredSections())
                    .containsExactly("consensus", "mempool", "metrics", "mining", "rpc", "state", "sync", "tracing");
            assertThat(config.warnings()).isEmpty();
        }

        @Test
        void emptyFileGivesMainnetDefaults() {
            SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(), node(""));
            SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(), node("[network]\n[peerset]\n"));
        }

        @Test
        void defaultsMatchTheReference() {
            NodeConfig node = node("");
            assertThat(node.listenAddress()).hasToString("[::]:8233");
            assertThat(node.externalAddress()).isEmpty();
            assertThat(node.initialPeers()).containsExactly("dnsseed.str4d.xyz:8233", "dnsseed.z.cash:8233",
                    "mainnet.seeder.shieldedinfra.net:8233", "mainnet.seeder.zfnd.org:8233", "seeder.zec.rocks:8233");
            assertThat(node.cacheDir()).contains(NodeConfig.defaultCacheDir());
            assertThat(node.peerSet().initialTargetSize()).isEqualTo(25);
            assertThat(node.peerSet().maxConnectionsPerIp()).isEqualTo(1);
            assertThat(node.crawlInterval()).isEqualTo(Duration.ofSeconds(61));
        }
    }

    @Nested
    class NetworkKey {

        @ParameterizedTest(name = "network = \"{0}\"")
        @CsvSource({"Mainnet, mainnet", "mainnet, mainnet", "Testnet, testnet", "testnet, testnet",
            "Regtest, regtest", "regtest, regtest"})
        void acceptsZebradsSpellingAndLowercase(String value, String expected) {
            NodeConfig node = node("[network]\nnetwork = \"" + value + "\"\n");
            assertThat(node.network()).isEqualTo(Network.builtIn(expected).orElseThrow());
            assertThat(node.peerSet().network()).isEqualTo(node.network());
        }

        @ParameterizedTest(name = "network = {0}")
        @ValueSource(strings = {"\"MAINNET\"", "\"main\"", "\"\"", "1", "true", "[\"Mainnet\"]"})
        void refusesOtherValues(String value) {
            ConfigException e = error("[network]\nnetwork = " + value + "\n");
            assertThat(e.key()).contains("network.network");
            assertThat(e.getMessage()).contains("expected: \"Mainnet\", \"Testnet\"");
        }

        @Test
        void testNetworksListenOnTheirOwnDefaultPort() {
            assertThat(node("[network]\nnetwork = \"Testnet\"\n").listenAddress()).hasToString("[::]:18233");
            assertThat(node("[network]\nnetwork = \"Regtest\"\n").listenAddress()).hasToString("[::]:18233");
        }
    }

    @Nested
    class ListenAddress {

        /** Reference section 3.1: the listen-address cases zebrad tests, through the whole loader. */
        @ParameterizedTest(name = "listen_addr = \"{0}\" on {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
            "0.0.0.0            | Mainnet | 0.0.0.0:8233",
            "0.0.0.0:9999       | Mainnet | 0.0.0.0:9999",
            "0.0.0.0            | Testnet | 0.0.0.0:18233",
            "0.0.0.0:8233       | Testnet | 0.0.0.0:8233",
            "[::]               | Mainnet | [::]:8233",
            "[::]:9999          | Mainnet | [::]:9999",
            "[::]               | Testnet | [::]:18233",
            "[::1]:8233         | Mainnet | [::1]:8233",
            "[2001:db8::1]:8233 | Mainnet | [2001:db8::1]:8233",
        })
        void referenceCases(String listen, String network, String expected) {
            LoadedConfig config = parse("[network]\nnetwork = \"" + network + "\"\nlisten_addr = \"" + listen + "\"\n");
            assertThat(config.node().listenAddress()).hasToString(expected);
        }

        @Test
        void mainnetPortOnTestnetIsKeptWithAWarning() {
            LoadedConfig config = parse("[network]\nnetwork = \"Testnet\"\nlisten_addr = \"0.0.0.0:8233\"\n");

            assertThat(config.node().listenAddress()).hasToString("0.0.0.0:8233");
            assertThat(config.warnings()).singleElement().asString()
                    .startsWith(FILE + ": network.listen_addr: port 8233 belongs to another network");
        }

        @ParameterizedTest(name = "port {0} on Mainnet warns")
        @ValueSource(ints = {8232, 18232, 18233, 18344, 8033, 18033, 16125, 26125})
        void portsOfOtherNetworksWarn(int port) {
            LoadedConfig config = parse("[network]\nlisten_addr = \"0.0.0.0:" + port + "\"\n");
            assertThat(config.node().listenAddress().port()).isEqualTo(port);
            assertThat(config.warnings()).singleElement().asString().contains("port " + port);
        }

        @ParameterizedTest(name = "port {0} on Mainnet is quiet")
        @ValueSource(ints = {0, 8233, 9999, 65535})
        void otherPortsAreQuiet(int port) {
            assertThat(parse("[network]\nlisten_addr = \"0.0.0.0:" + port + "\"\n").warnings()).isEmpty();
        }

        @Test
        void hostNamesAreRefusedWithAClearError() {
            ConfigException e = error("[network]\nlisten_addr = \"localhost:8233\"\n");
            assertThat(e.key()).contains("network.listen_addr");
            assertThat(e.getMessage()).isEqualTo(FILE + ": network.listen_addr: \"localhost:8233\" is a host name; "
                    + "host names are not resolved here (expected: an IP address, optionally with a port, like "
                    + "\"0.0.0.0\", \"[::]:8233\" or \"192.0.2.1:8233\")");
        }

        @Test
        void externalAddressParsesTheSameWay() {
            NodeConfig node = node("[network]\nnetwork = \"Testnet\"\nexternal_addr = \"203.0.113.7\"\n");
            assertThat(node.externalAddress()).contains(PeerAddress.parse("203.0.113.7:18233"));

            ConfigException e = error("[network]\nexternal_addr = \"my.host.example\"\n");
            assertThat(e.key()).contains("network.external_addr");
            assertThat(e.getMessage()).contains("is a host name");
        }

        @Test
        void externalAddressPortOfAnotherNetworkWarns() {
            assertThat(parse("[network]\nexternal_addr = \"203.0.113.7:18233\"\n").warnings()).singleElement()
                    .asString().contains("network.external_addr: port 18233");
        }

        @Test
        void addressMustBeAString() {
            assertThat(error("[network]\nlisten_addr = 8233\n").getMessage())
                    .isEqualTo(FILE + ": network.listen_addr: the integer 8233 (expected: a string)");
        }
    }

    @Nested
    class InitialPeers {

        @Test
        void mainnetUsesTheMainnetList() {
            NodeConfig node = node("""
                    [network]
                    initial_mainnet_peers = ["a.example:8233", "192.0.2.1:8233", "[2001:db8::1]:8233"]
                    initial_testnet_peers = ["t.example:18233"]
                    """);
            assertThat(node.initialPeers()).containsExactly("a.example:8233", "192.0.2.1:8233", "[2001:db8::1]:8233");
        }

        @ParameterizedTest(name = "{0} uses initial_testnet_peers")
        @ValueSource(strings = {"Testnet", "Regtest"})
        void everyOtherNetworkUsesTheTestnetList(String network) {
            NodeConfig node = node("[network]\nnetwork = \"" + network + "\"\n"
                    + "initial_mainnet_peers = [\"a.example:8233\"]\ninitial_testnet_peers = [\"127.0.0.1:18233\"]\n");
            assertThat(node.initialPeers()).containsExactly("127.0.0.1:18233");
        }

        @Test
        void testnetDefaultsAreTheTestnetSeeders() {
            assertThat(node("[network]\nnetwork = \"Testnet\"\n").initialPeers())
                    .containsExactlyElementsOf(NodeConfig.DEFAULT_TESTNET_PEERS);
        }

        @Test
        void portIsRequired() {
            ConfigException e = error("[network]\ninitial_mainnet_peers = [\"dnsseed.z.cash:8233\", \"seeder.example\"]\n");
            assertThat(e.key()).contains("network.initial_mainnet_peers");
            assertThat(e.getMessage()).isEqualTo(FILE + ": network.initial_mainnet_peers: initial peer "
                    + "\"seeder.example\": missing port (expected: host:port)");
        }

        @Test
        void portlessEntryInTheListThatDoesNotApplyIsAccepted() {
            // zebrad checks ports only when it dials: the unused list may hold anything
            NodeConfig node = node("[network]\ninitial_testnet_peers = [\"seeder.example\"]\n");
            assertThat(node.initialPeers()).containsExactlyElementsOf(NodeConfig.DEFAULT_MAINNET_PEERS);
        }

        @Test
        void entriesMustBeStringsInEitherList() {
            assertThat(error("[network]\ninitial_testnet_peers = [\"a:1\", 5]\n").getMessage())
                    .contains("network.initial_testnet_peers: element the integer 5 (expected: an array of");
            assertThat(error("[network]\ninitial_mainnet_peers = \"a:1\"\n").getMessage())
                    .contains("network.initial_mainnet_peers: the string \"a:1\" (expected: an array of");
        }

        @Test
        void duplicatesCollapseFirstKept() {
            assertThat(node("[network]\ninitial_mainnet_peers = [\"b:1\", \"a:2\", \"b:1\"]\n").initialPeers())
                    .containsExactly("b:1", "a:2");
        }

        @Test
        void emptyListMeansNoSeedPeers() {
            assertThat(node("[network]\ninitial_mainnet_peers = []\n").initialPeers()).isEmpty();
        }

        @Test
        void whitespaceInAnEntryIsRefused() {
            assertThat(error("[network]\ninitial_mainnet_peers = [\" a.example:8233\"]\n").getMessage())
                    .contains("contains whitespace");
        }
    }

    @Nested
    class CacheDir {

        @Test
        void trueIsTheOperatingSystemsCacheDirectory() {
            assertThat(node("[network]\ncache_dir = true\n").cacheDir()).contains(NodeConfig.defaultCacheDir());
        }

        @Test
        void falseMeansNoPeerCache() {
            assertThat(node("[network]\ncache_dir = false\n").cacheDir()).isEmpty();
        }

        @Test
        void stringIsAPath() {
            assertThat(node("[network]\ncache_dir = \"/var/cache/peerset\"\n").cacheDir())
                    .contains(Path.of("/var/cache/peerset"));
            assertThat(node("[network]\ncache_dir = \"relative/dir\"\n").cacheDir()).contains(Path.of("relative/dir"));
        }

        @ParameterizedTest(name = "cache_dir = {0}")
        @ValueSource(strings = {"\"\"", "1", "[]", "{}"})
        void anythingElseIsRefused(String value) {
            ConfigException e = error("[network]\ncache_dir = " + value + "\n");
            assertThat(e.key()).contains("network.cache_dir");
            assertThat(e.getMessage()).contains("expected: true for the default cache directory, false for no peer "
                    + "cache, or a directory path");
        }
    }

    @Nested
    class Limits {

        @Test
        void zeroTargetSizeWarnsAndUses25() {
            LoadedConfig config = parse("[network]\npeerset_initial_target_size = 0\n");
            assertThat(config.node().peerSet().initialTargetSize()).isEqualTo(25);
            assertThat(config.warnings()).containsExactly(FILE + ": network.peerset_initial_target_size: 0 "
                    + "(expected: > 0); using the default 25");
        }

        @Test
        void targetSizeSetsTheLimits() {
            PeerSetConfig peerSet = node("[network]\npeerset_initial_target_size = 10\n").peerSet();
            assertThat(peerSet.initialTargetSize()).isEqualTo(10);
            assertThat(peerSet.outboundLimit()).isEqualTo(30);
            assertThat(peerSet.inboundLimit()).isEqualTo(50);
        }

        @ParameterizedTest(name = "peerset_initial_target_size = {0}")
        @ValueSource(strings = {"-1", "10001", "\"25\"", "25.0", "true", "99999999999999999999999"})
        void targetSizeOutOfRangeOrTypeIsRefused(String value) {
            ConfigException e = error("[network]\npeerset_initial_target_size = " + value + "\n");
            assertThat(e.key()).contains("network.peerset_initial_target_size");
            assertThat(e.getMessage()).endsWith("(expected: an integer 0..10000)");
        }

        @Test
        void zeroConnectionsPerIpWarnsAndUses1() {
            LoadedConfig config = parse("[network]\nmax_connections_per_ip = 0\n");
            assertThat(config.node().peerSet().maxConnectionsPerIp()).isEqualTo(1);
            assertThat(config.warnings()).singleElement().asString().contains("network.max_connections_per_ip: 0");
        }

        @Test
        void connectionsPerIp() {
            assertThat(node("[network]\nmax_connections_per_ip = 3\n").peerSet().maxConnectionsPerIp()).isEqualTo(3);
            assertThat(error("[network]\nmax_connections_per_ip = -3\n").key()).contains("network.max_connections_per_ip");
        }
    }

    @Nested
    class CrawlInterval {

        @ParameterizedTest(name = "\"{0}\" = {1} s")
        @CsvSource({"1m 1s, 61", "61s, 61", "1h, 3600", "2m30s, 150", "1s, 1", "1day, 86400"})
        void humantimeDurations(String text, long seconds) {
            assertThat(node("[network]\ncrawl_new_peer_interval = \"" + text + "\"\n").crawlInterval())
                    .isEqualTo(Duration.ofSeconds(seconds));
        }

        @Test
        void aliasNewPeerInterval() {
            assertThat(node("[network]\nnew_peer_interval = \"2m\"\n").crawlInterval()).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        void keyAndAliasTogetherAreRefused() {
            assertThat(error("[network]\ncrawl_new_peer_interval = \"1m\"\nnew_peer_interval = \"2m\"\n").getMessage())
                    .contains("network.new_peer_interval: set together with crawl_new_peer_interval");
        }

        @Test
        void outOfRangeOrMalformedIsRefused() {
            assertThat(error("[network]\ncrawl_new_peer_interval = \"500ms\"\n").getMessage())
                    .isEqualTo(FILE + ": network.crawl_new_peer_interval: \"500ms\" (expected: from \"1s\" to \"1day\")");
            assertThat(error("[network]\ncrawl_new_peer_interval = \"soon\"\n").getMessage())
                    .contains("network.crawl_new_peer_interval: \"soon\": a number expected");
            assertThat(error("[network]\ncrawl_new_peer_interval = 61\n").getMessage())
                    .contains("the integer 61 (expected: a string)");
        }
    }

    @Nested
    class TestnetParameters {

        @Test
        void nameAndMagicMakeACustomNetwork() {
            NodeConfig node = node("""
                    [network]
                    network = "Testnet"
                    initial_testnet_peers = ["192.0.2.1:18233"]

                    [network.testnet_parameters]
                    network_name = "MyTestnet"
                    network_magic = [1, 2, 3, 4]
                    """);
            Network network = node.network();
            assertThat(network.isBuiltIn()).isFalse();
            assertThat(network.name()).isEqualTo("mytestnet");
            assertThat(network.magic()).isEqualTo(0x01020304);
            assertThat(network.defaultPort()).isEqualTo(18233);
            assertThat(network.protocolVersion()).isEqualTo(Network.CURRENT_PROTOCOL_VERSION);
            assertThat(node.listenAddress()).hasToString("[::]:18233");
            assertThat(node.initialPeers()).containsExactly("192.0.2.1:18233");
        }

        @Test
        void magicAloneGivesZebradsUnnamedTestnet() {
            Network network = node("""
                    [network]
                    network = "Testnet"
                    initial_testnet_peers = []
                    [network.testnet_parameters]
                    network_magic = [0, 1, 0, 2]
                    """).network();
            assertThat(network.name()).isEqualTo("unknowntestnet");
            assertThat(network.magic()).isEqualTo(0x00010002);
        }

        @Test
        void nameAloneKeepsTestnetsMagicAndMayUseTheDefaultSeeders() {
            NodeConfig node = node("""
                    [network]
                    network = "Testnet"
                    [network.testnet_parameters]
                    network_name = "ConfiguredTestnet_1"
                    """);
            assertThat(node.network().name()).isEqualTo("configuredtestnet_1");
            assertThat(node.network().magic()).isEqualTo(Network.TESTNET_MAGIC);
            assertThat(node.initialPeers()).containsExactlyElementsOf(NodeConfig.DEFAULT_TESTNET_PEERS);
        }

        @Test
        void consensusParametersAloneKeepThePublicTestnet() {
            LoadedConfig config = parse("""
                    [network]
                    network = "Testnet"
                    [network.testnet_parameters]
                    network_magic = [250, 26, 249, 191]
                    slow_start_interval = 0
                    target_difficulty_limit = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
                    disable_pow = true
                    genesis_hash = "00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08"
                    pre_blossom_halving_interval = 144
                    extend_funding_stream_addresses_as_required = true
                    temporary_orchard_disabling_soft_fork_height = 10
                    should_allow_unshielded_coinbase_spends = false
                    checkpoints = true
                    lockbox_disbursements = [{ address = "t2x", amount = 1 }]
                    funding_streams = []

                    [network.testnet_parameters.activation_heights]
                    BeforeOverwinter = 1
                    Overwinter = 207_500
                    NU5 = 1_842_420

                    [network.testnet_parameters.pre_nu6_funding_streams.height_range]
                    start = 0
                    end = 100
                    """);
            assertThat(config.node().network()).isEqualTo(Network.TESTNET);
            assertThat(config.warnings()).isEmpty();
        }

        @Test
        void customMagicMayNotDialThePublicSeeders() {
            ConfigException e = error("""
                    [network]
                    network = "Testnet"
                    [network.testnet_parameters]
                    network_name = "MyTestnet"
                    network_magic = [1, 2, 3, 4]
                    """);
            assertThat(e.key()).contains("network.initial_testnet_peers");
            assertThat(e.getMessage()).contains("\"dnsseed.testnet.z.cash:18233\" is a default seeder",
                    "mytestnet (magic 01020304)", "expected: that network's own peers, or []");
        }

        @ParameterizedTest(name = "network_magic = {0}")
        @ValueSource(strings = {"[1, 2, 3]", "[1, 2, 3, 4, 5]", "[1, 2, 3, 256]", "[1, 2, 3, -1]", "\"01020304\"",
            "[1, 2, 3, \"4\"]", "[36, 233, 39, 100]", "[170, 232, 63, 95]"})
        void badMagicIsRefused(String magic) {
            ConfigException e = error("[network]\nnetwork = \"Testnet\"\ninitial_testnet_peers = []\n"
                    + "[network.testnet_parameters]\nnetwork_magic = " + magic + "\n");
            assertThat(e.key()).contains("network.testnet_parameters.network_magic");
        }

        @Test
        void mainnetMagicIsNamed() {
            assertThat(error("[network]\nnetwork = \"Testnet\"\n[network.testnet_parameters]\n"
                    + "network_magic = [36, 233, 39, 100]\n").getMessage()).contains("24e92764 is Mainnet's magic");
        }

        @ParameterizedTest(name = "network_name = \"{0}\"")
        @ValueSource(strings = {"Testnet", "testnet", "MAINNET", "RegtestKind", "my-net", "my net", "",
            "a234567890123456789012345678901"})
        void badOrReservedNamesAreRefused(String name) {
            ConfigException e = error("[network]\nnetwork = \"Testnet\"\n[network.testnet_parameters]\n"
                    + "network_name = \"" + name + "\"\n");
            assertThat(e.key()).contains("network.testnet_parameters.network_name");
        }

        @Test
        void unknownParameterIsRefusedNamingIt() {
            ConfigException e = error("[network]\nnetwork = \"Testnet\"\n[network.testnet_parameters]\n"
                    + "network_nmae = \"x\"\n");
            assertThat(e.key()).contains("network.testnet_parameters.network_nmae");
            assertThat(e.getMessage()).contains("unknown key; did you mean network_name?");
        }

        @Test
        void ignoredOnMainnetWithAWarning() {
            LoadedConfig config = parse("[network]\n[network.testnet_parameters]\nnetwork_name = \"X\"\n");
            assertThat(config.node().network()).isEqualTo(Network.MAINNET);
            assertThat(config.warnings()).singleElement().asString()
                    .contains("network.testnet_parameters: ignored: testnet parameters do not apply to Mainnet");
        }

        @Test
        void regtestKeepsItsNameAndMagicWithAWarning() {
            LoadedConfig config = parse("[network]\nnetwork = \"Regtest\"\n[network.testnet_parameters]\n"
                    + "network_name = \"X\"\nnetwork_magic = [1, 2, 3, 4]\n"
                    + "[network.testnet_parameters.activation_heights]\nNU5 = 1\n");
            assertThat(config.node().network()).isEqualTo(Network.REGTEST);
            assertThat(config.warnings()).singleElement().asString().contains("Regtest keeps its own name and magic");
        }

        @Test
        void regtestWithConsensusParametersOnlyIsQuiet() {
            LoadedConfig config = parse("[network]\nnetwork = \"Regtest\"\n"
                    + "[network.testnet_parameters.activation_heights]\nNU5 = 1\n");
            assertThat(config.node().network()).isEqualTo(Network.REGTEST);
            assertThat(config.warnings()).isEmpty();
        }

        @Test
        void zebradsTableFormForAConfiguredTestnet() {
            NodeConfig node = node("""
                    [network]
                    initial_testnet_peers = []
                    [network.network]
                    network_name = "Tablenet"
                    network_magic = [9, 9, 9, 9]
                    """);
            assertThat(node.network().name()).isEqualTo("tablenet");
            assertThat(node.network().magic()).isEqualTo(0x09090909);
        }

        @Test
        void zebradsTableFormForRegtest() {
            assertThat(node("[network.network.params.activation_heights]\nNU5 = 1\n").network())
                    .isEqualTo(Network.REGTEST);
            assertThat(node("[network.network]\nregtest = true\n[network.network.params]\n").network())
                    .isEqualTo(Network.REGTEST);
        }

        @Test
        void tableFormTakesPrecedenceOverTheLegacyTable() {
            LoadedConfig config = parse("""
                    [network]
                    [network.network]
                    network_name = "First"
                    [network.testnet_parameters]
                    network_name = "Second"
                    """);
            assertThat(config.node().network().name()).isEqualTo("first");
            assertThat(config.warnings()).singleElement().asString().contains("takes precedence");
        }
    }

    @Nested
    class PeersetSection {

        @Test
        void everyKeyIsRead() {
            LoadedConfig config = parse("""
                    [peerset]
                    dns_seeding = false
                    dns_server = "9.9.9.9:5353"
                    status_interval = "30s"
                    accept_pause = "250ms"
                    reject_pause = "0s"
                    user_agent = "/MyNode:1.0/"
                    transport = "netty"
                    request_queue_capacity = 500
                    ready_timeout = "1m"
                    """);
            NodeConfig node = config.node();
            assertThat(node.dnsSeeding()).isFalse();
            assertThat(node.dnsServer()).contains(new InetSocketAddress(PeerAddress.parse("9.9.9.9:1").ip(), 5353));
            assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(node.acceptPause()).isEqualTo(Duration.ofMillis(250));
            assertThat(node.rejectPause()).isEqualTo(Duration.ZERO);
            assertThat(node.userAgent()).isEqualTo("/MyNode:1.0/");
            assertThat(node.transport()).contains("netty");
            assertThat(node.peerSet().requestQueueCapacity()).isEqualTo(500);
            assertThat(node.peerSet().readyTimeout()).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void everySettingANodeUsesHasAKey() {
            NodeConfig node = node("""
                    [peerset]
                    crawl_rate_limit = "2s"
                    request_timeout = "7s"
                    handshake_timeout = "1500ms"
                    heartbeat_interval = "30s"
                    inbound_service_timeout = "2s"
                    services = 0
                    relay = false
                    address_book_capacity = 700
                    ban_duration = "1h"
                    max_banned_ips = 30
                    io_threads = 2
                    write_buffer_low_water_mark = 1000
                    write_buffer_high_water_mark = 2000
                    prefer_native = false
                    """);
            assertThat(node.crawlRateLimit()).isEqualTo(Duration.ofSeconds(2));
            assertThat(node.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(node.handshakeTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(node.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(node.inboundServiceTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(node.services()).isEqualTo(io.peerset.wire.PeerServices.NONE);
            assertThat(node.relay()).isFalse();
            assertThat(node.addressBookCapacity()).isEqualTo(700);
            assertThat(node.banDuration()).isEqualTo(Duration.ofHours(1));
            assertThat(node.maxBannedIps()).isEqualTo(30);
            assertThat(node.ioThreads()).isEqualTo(2);
            assertThat(node.writeBufferLowWaterMark()).isEqualTo(1000);
            assertThat(node.writeBufferHighWaterMark()).isEqualTo(2000);
            assertThat(node.preferNative()).isFalse();
            for (io.peerset.api.ConfigOption<?> option : io.peerset.api.NodeOptions.all()) {
                List<String> keys = switch (option.section()) {
                    case "network" -> ConfigLoader.NETWORK_KEYS;
                    case "peerset" -> ConfigLoader.PEERSET_KEYS;
                    default -> ConfigLoader.TESTNET_PARAMETER_KEYS;
                };
                assertThat(keys).as(option.path()).contains(option.key());
            }
        }

        @Test
        void newKeysAreCheckedAsTheOthers() {
            assertThat(error("[peerset]\nhandshake_timeout = \"0s\"\n").getMessage())
                    .isEqualTo(FILE + ": peerset.handshake_timeout: \"0s\" (expected: more than 0s)");
            assertThat(error("[peerset]\nio_threads = 2000\n").getMessage())
                    .isEqualTo(FILE + ": peerset.io_threads: the integer 2000 (expected: an integer 0..1024)");
            assertThat(error("[peerset]\nservices = -1\n").key()).contains("peerset.services");
            assertThat(error("[peerset]\nrelay = 1\n").getMessage())
                    .contains("peerset.relay: the integer 1 (expected: true or false)");
            assertThat(error("[peerset]\nwrite_buffer_low_water_mark = 3000\nwrite_buffer_high_water_mark = 2000\n")
                    .getMessage()).isEqualTo(FILE + ": peerset.write_buffer_low_water_mark: 3000 (expected: at most "
                    + "write_buffer_high_water_mark, 2000)");
            assertThat(error("[peerset]\nasmap = \"/nonexistent/ip_asn.map\"\n").getMessage())
                    .startsWith(FILE + ": peerset.asmap: /nonexistent/ip_asn.map: cannot read it: ");
            assertThat(node("[network]\nnetwork = \"Testnet\"\n[network.testnet_parameters]\nnetwork_name = \"Lab\"\n"
                    + "[peerset]\nprotocol_version = 0\nmin_peer_version = 0\n").network().protocolVersion()).isZero();
        }

        @Test
        void defaults() {
            LoadedConfig config = parse("");
            NodeConfig node = config.node();
            assertThat(node.dnsSeeding()).isTrue();
            assertThat(node.dnsServer()).isEmpty();
            assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(node.acceptPause()).isEqualTo(Duration.ofSeconds(1));
            assertThat(node.rejectPause()).isEqualTo(Duration.ofMillis(10));
            assertThat(node.userAgent()).isEqualTo(HandshakeConfig.DEFAULT_USER_AGENT);
            assertThat(node.transport()).isEmpty();
            assertThat(node.peerSet().requestQueueCapacity()).isEqualTo(PeerSetConfig.DEFAULT_REQUEST_QUEUE_CAPACITY);
            assertThat(node.peerSet().readyTimeout()).isEqualTo(PeerSetConfig.DEFAULT_READY_TIMEOUT);
        }

        @Test
        void onePauseKeepsTheOtherDefault() {
            NodeConfig node = node("[peerset]\nreject_pause = \"50ms\"\n");
            assertThat(node.acceptPause()).isEqualTo(Duration.ofSeconds(1));
            assertThat(node.rejectPause()).isEqualTo(Duration.ofMillis(50));
        }

        @ParameterizedTest(name = "dns_server = \"{0}\" -> {1}")
        @CsvSource(delimiter = '|', value = {"9.9.9.9 | 9.9.9.9:53", "[2620:fe::fe]:53 | [2620:fe::fe]:53",
            "2620:fe::fe | [2620:fe::fe]:53"})
        void dnsServerPortDefaultsTo53(String text, String expected) {
            assertThat(node("[peerset]\ndns_server = \"" + text + "\"\n").dnsServer())
                    .contains(PeerAddress.parse(expected).toSocketAddress());
        }

        @ParameterizedTest(name = "dns_server = \"{0}\"")
        @ValueSource(strings = {"dns.quad9.net", "9.9.9.9:0", "0.0.0.0:53", "9.9.9.9:99999"})
        void badDnsServerIsRefused(String text) {
            assertThat(error("[peerset]\ndns_server = \"" + text + "\"\n").key()).contains("peerset.dns_server");
        }

        @Test
        void statusIntervalRange() {
            assertThat(error("[peerset]\nstatus_interval = \"500ms\"\n").getMessage())
                    .isEqualTo(FILE + ": peerset.status_interval: \"500ms\" (expected: from \"1s\" to \"1day\")");
            assertThat(error("[peerset]\nstatus_interval = \"2days\"\n").key()).contains("peerset.status_interval");
        }

        @Test
        void pauseAndTimeoutRanges() {
            assertThat(error("[peerset]\naccept_pause = \"2m\"\n").getMessage())
                    .contains("peerset.accept_pause: \"2m\" (expected: from \"0s\" to \"1m\")");
            assertThat(error("[peerset]\nready_timeout = \"0s\"\n").getMessage())
                    .contains("peerset.ready_timeout: \"0s\" (expected: more than 0s and at most \"1day\")");
            assertThat(error("[peerset]\nrequest_queue_capacity = 0\n").key()).contains("peerset.request_queue_capacity");
        }

        @Test
        void userAgentAndTransportAreChecked() {
            assertThat(error("[peerset]\nuser_agent = \"" + "x".repeat(257) + "\"\n").getMessage())
                    .contains("peerset.user_agent: 257 UTF-8 bytes (expected: at most 256)");
            assertThat(node("[peerset]\nuser_agent = \"\"\n").userAgent()).isEmpty();
            assertThat(error("[peerset]\ntransport = \"\"\n").key()).contains("peerset.transport");
            assertThat(error("[peerset]\ntransport = \"net ty\"\n").key()).contains("peerset.transport");
            assertThat(error("[peerset]\ndns_seeding = \"yes\"\n").getMessage())
                    .contains("peerset.dns_seeding: the string \"yes\" (expected: true or false)");
        }

        @Test
        void customNetworkKeysShapeACustomNetwork() {
            NodeConfig node = node("""
                    [network]
                    network = "Testnet"
                    listen_addr = "0.0.0.0"
                    initial_testnet_peers = []
                    [network.testnet_parameters]
                    network_name = "Lab"
                    network_magic = [1, 2, 3, 4]
                    [peerset]
                    protocol_version = 170200
                    min_peer_version = 170100
                    default_port = 12345
                    """);
            Network network = node.network();
            assertThat(network.protocolVersion()).isEqualTo(170_200);
            assertThat(network.initialMinimumPeerVersion()).isEqualTo(170_100);
            assertThat(network.defaultPort()).isEqualTo(12_345);
            assertThat(node.listenAddress()).hasToString("0.0.0.0:12345");
            assertThat(node.peerSet().network()).isEqualTo(network);
        }

        @ParameterizedTest(name = "{0} with a built-in network")
        @ValueSource(strings = {"protocol_version = 170200", "min_peer_version = 170100", "default_port = 12345"})
        void customNetworkKeysAreRefusedForBuiltInNetworks(String line) {
            ConfigException e = error("[network]\nnetwork = \"Testnet\"\n[peerset]\n" + line + "\n");
            assertThat(e.key()).contains("peerset." + line.substring(0, line.indexOf(' ')));
            assertThat(e.getMessage()).contains("only for a custom network, not the built-in testnet");
        }

        @Test
        void minimumAboveProtocolVersionIsRefused() {
            ConfigException e = error("[network]\nnetwork = \"Testnet\"\n[network.testnet_parameters]\n"
                    + "network_name = \"Lab\"\n[peerset]\nprotocol_version = 170100\nmin_peer_version = 170200\n");
            assertThat(e.getMessage()).contains("peerset.min_peer_version: 170200 (expected: <= protocol_version 170100");
        }

        @Test
        void unknownKeyIsRefusedNamingKeyAndFile() {
            ConfigException e = error("[peerset]\nstatus_intervall = \"5s\"\n");
            assertThat(e.source()).isEqualTo(FILE);
            assertThat(e.key()).contains("peerset.status_intervall");
            assertThat(e.getMessage()).startsWith(FILE + ": peerset.status_intervall: unknown key; did you mean "
                    + "status_interval? (expected one of: protocol_version, ");
        }
    }

    @Nested
    class Strictness {

        @Test
        void unknownNetworkKeyIsRefusedNamingKeyAndFile() {
            ConfigException e = error("[network]\nlisten_adr = \"[::]:8233\"\n");
            assertThat(e.key()).contains("network.listen_adr");
            assertThat(e.getMessage()).startsWith(FILE + ": network.listen_adr: unknown key; did you mean listen_addr? "
                    + "(expected one of: network, listen_addr, ");
        }

        @Test
        void farOffUnknownKeyGetsNoSuggestion() {
            assertThat(error("[network]\nbanana = 1\n").getMessage()).doesNotContain("did you mean");
        }

        @Test
        void unknownSectionIsRefused() {
            ConfigException e = error("[peerst]\nuser_agent = \"x\"\n");
            assertThat(e.getMessage()).startsWith(FILE + ": unknown section [peerst]; did you mean peerset? "
                    + "(expected: [network], [peerset], [plugins.<name>], or a zebrad section: ");
            assertThat(e.key()).isEmpty();
        }

        @Test
        void topLevelKeyIsRefused() {
            assertThat(error("listen_addr = \"[::]:8233\"\n").getMessage())
                    .startsWith(FILE + ": listen_addr: unknown top-level key");
        }

        @Test
        void sectionThatIsNotATableIsRefused() {
            assertThat(error("network = \"Mainnet\"\n").getMessage())
                    .isEqualTo(FILE + ": network: the string \"Mainnet\" (expected: a table, [network])");
        }

        @Test
        void ignoredSectionsNeedNotBeTables() {
            assertThat(parse("tracing = 5\n").ignoredSections()).containsExactly("tracing");
        }

        @Test
        void syntaxErrorNamesFileLineAndColumn() {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> parse("[network]\nlisten_addr = \"[::]:8233\"\nnetwork = \n"));
            assertThat(e.getMessage()).isEqualTo(FILE + ":3:11: TOML syntax error: Newline not permitted here");
            assertThat(e.source()).isEqualTo(FILE + ":3:11");
        }

        @Test
        void duplicateKeyIsASyntaxError() {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> parse("[network]\nnetwork = \"Mainnet\"\nnetwork = \"Testnet\"\n"));
            assertThat(e.getMessage()).startsWith(FILE + ":").contains("TOML syntax error: Duplicate key");
        }

        @Test
        void stringSourceIsNamed() {
            assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("x = 1", null))
                    .getMessage()).startsWith("<string>: x:");
        }
    }

    @Nested
    class FilesOnDisk {

        @TempDir
        Path dir;

        @Test
        void loadReadsTheFileAndRemembersIt() throws IOException {
            Path file = Files.writeString(dir.resolve("zebrad.toml"), ZEBRAD_TOML);
            LoadedConfig config = ConfigLoader.load(file);
            assertThat(config.source()).contains(file);
            SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(), config.node());
        }

        @Test
        void errorsNameThePathAsGiven() throws IOException {
            Path file = Files.writeString(dir.resolve("bad.toml"), "[network]\nfoo = 1\n");
            assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + ": network.foo: unknown key");
        }

        @Test
        void missingFile() {
            Path file = dir.resolve("missing.toml");
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessage(file + ": cannot read: no such file");
        }

        @Test
        void directory() {
            assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessage(dir + ": is a directory (expected: a TOML file)");
        }

        @Test
        void notUtf8() throws IOException {
            Path file = Files.write(dir.resolve("latin1.toml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("not UTF-8 text");
        }

        @Test
        void tooLarge() throws IOException {
            Path file = Files.writeString(dir.resolve("big.toml"), "#".repeat(ConfigLoader.MAX_FILE_BYTES + 1));
            assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("bytes (expected: a TOML file of at most");
        }
    }

    @Test
    void defaultsForACustomNetworkHaveNoPublicSeeders() {
        Network custom = Network.custom("lab", 0x01020304).build();
        assertThat(ConfigLoader.defaults(custom).node().initialPeers()).isEmpty();
        Network sameMagic = Network.custom("lab", Network.TESTNET_MAGIC).build();
        assertThat(ConfigLoader.defaults(sameMagic).node().initialPeers())
                .containsExactlyElementsOf(NodeConfig.DEFAULT_TESTNET_PEERS);
        assertThat(ConfigLoader.defaults(Network.MAINNET).source()).isEqualTo(Optional.empty());
        assertThat(ConfigLoader.defaults(Network.MAINNET).warnings()).isEqualTo(List.of());
    }
}
