package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.NodeConfig;
import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.LoadedConfig;
import io.peerset.cli.config.SameConfig;
import io.peerset.wire.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigCommandTest {

    @ParameterizedTest(name = "peerset config --network {0} round-trips to the defaults")
    @ValueSource(strings = {"mainnet", "testnet", "regtest", "Testnet"})
    void defaultConfigRoundTripsToTheDefaults(String name) {
        Cli.Result result = run("config", "--network", name);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        LoadedConfig parsed = ConfigLoader.parse(result.out(), "peerset config output");
        Network network = Network.builtIn(name).orElseThrow();
        SameConfig.assertSame(NodeConfig.builder(network).build(), parsed.node());
        assertThat(parsed.statusInterval()).isEqualTo(LoadedConfig.DEFAULT_STATUS_INTERVAL);
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void mainnetIsTheDefault() {
        Cli.Result result = run("config");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("network = \"Mainnet\"\n", "listen_addr = \"[::]:8233\"\n");
        SameConfig.assertSame(NodeConfig.builder(Network.MAINNET).build(),
                ConfigLoader.parse(result.out(), "out").node());
    }

    @Test
    void customNetworkRoundTrips() {
        Cli.Result result = run("config", "--magic", "01020304", "--protocol-version", "170200",
                "--min-peer-version", "170100", "--default-port", "12345");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("[network.testnet_parameters]\nnetwork_name = \"custom\"\n"
                + "network_magic = [1, 2, 3, 4]\n", "initial_testnet_peers = []\n", "protocol_version = 170200\n");
        Network network = Network.custom("custom", 0x01020304).protocolVersion(170_200).minimumPeerVersion(170_100)
                .defaultPort(12_345).build();
        SameConfig.assertSame(ConfigLoader.defaults(network).node(), ConfigLoader.parse(result.out(), "out").node());
    }

    @Test
    void everyKeyIsWrittenWithAComment() {
        String out = run("config").out();
        List<String> lines = out.lines().toList();
        List<String> keys = new ArrayList<>();
        keys.addAll(ConfigLoader.NETWORK_KEYS);
        keys.addAll(ConfigLoader.TESTNET_PARAMETER_KEYS);
        keys.addAll(ConfigLoader.PEERSET_KEYS);
        keys.remove("new_peer_interval"); // an alias, documented with crawl_new_peer_interval
        keys.remove("testnet_parameters"); // a table, written as its header
        assertThat(out).contains("[network.testnet_parameters]").contains("new_peer_interval");
        for (String key : keys) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("(# )?" + key + " = .*")) {
                    at = i;
                    break;
                }
            }
            assertThat(at).as("line for key " + key).isPositive();
            if (!ConfigLoader.TESTNET_PARAMETER_KEYS.contains(key)) {
                // the comment block right above the key says what it is and its default
                int start = at;
                while (start > 0 && lines.get(start - 1).startsWith("#")) {
                    start--;
                }
                String comment = String.join("\n", lines.subList(start, at));
                assertThat(comment).as("comment of " + key).contains("# Default: ");
                assertThat(comment.length()).as("comment of " + key).isGreaterThan(40);
            }
        }
    }

    @Test
    void fileShowsItsEffectiveSettingsAndRoundTrips(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("zebrad.toml"), """
                [consensus]
                checkpoint_sync = true

                [network]
                network = "Testnet"
                listen_addr = "0.0.0.0"
                cache_dir = false
                peerset_initial_target_size = 0
                crawl_new_peer_interval = "90s"

                [peerset]
                status_interval = "1m"
                user_agent = "/Lab \\"quoted\\" \\u00e9/"
                """);
        Cli.Result result = run("config", "--file", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("# The effective settings of " + file,
                "# warning: " + file + ": network.peerset_initial_target_size: 0",
                "# ignored zebrad sections: [consensus]", "listen_addr = \"0.0.0.0:18233\"",
                "crawl_new_peer_interval = \"1m 30s\"", "cache_dir = false", "status_interval = \"1m\"",
                "user_agent = \"/Lab \\\"quoted\\\" \\u00E9/\"");
        LoadedConfig original = ConfigLoader.load(file);
        LoadedConfig reparsed = ConfigLoader.parse(result.out(), "out");
        SameConfig.assertSame(original.node(), reparsed.node());
        assertThat(reparsed.statusInterval()).isEqualTo(original.statusInterval());
    }

    @Test
    void badFileIsOneLineOnStderrAndExitOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("zebrad.toml"), "[network]\nlisten_adr = \"[::]:8233\"\n");
        Cli.Result result = run("config", "--file", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("peerset config: " + file + ": network.listen_adr: unknown key; did you mean listen_addr?")
                .doesNotContain("Exception");
    }

    @Test
    void missingFileIsOneLine() {
        Cli.Result result = run("config", "--file", "/no/such/dir/zebrad.toml");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("peerset config: /no/such/dir/zebrad.toml: cannot read: no such file"
                + System.lineSeparator());
    }

    @Test
    void fileAndNetworkOptionsAreAUsageError() {
        Cli.Result result = run("config", "--file", "x.toml", "--network", "testnet");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .contains("--file and --network cannot be combined");
    }

    @Test
    void unknownNetworkIsAUsageError() {
        Cli.Result result = run("config", "--network", "moonnet");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .isEqualTo("peerset config: --network moonnet (expected: mainnet, testnet or regtest) "
                        + "(see 'peerset config --help')");
    }

    @Test
    void builtInMagicIsAUsageError() {
        Cli.Result result = run("config", "--magic", "fa1af9bf", "--protocol-version", "170160", "--min-peer-version", "1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--magic fa1af9bf is testnet's (expected: --network testnet)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--default-port 0|--default-port 0 (expected: 1..65535)",
        "--default-port 65536|--default-port 65536 (expected: 1..65535)",
        "--min-peer-version 170300|--min-peer-version 170300 (expected: <= --protocol-version 170200)",
        "--protocol-version -1|--protocol-version -1 (expected: 0..4294967295)",
    })
    void customNetworkOptionsAreChecked(String caseText) {
        String[] parts = caseText.split("\\|");
        List<String> args = new ArrayList<>(List.of("config", "--magic", "0x01020304", "--protocol-version", "170200",
                "--min-peer-version", "170100"));
        String[] option = parts[0].split(" ");
        int at = args.indexOf(option[0]);
        if (at >= 0) {
            args.set(at + 1, option[1]);
        } else {
            args.addAll(List.of(option));
        }
        Cli.Result result = run(args.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString()
                .isEqualTo("peerset config: " + parts[1] + " (see 'peerset config --help')");
    }

    @Test
    void magicWithoutVersionsIsAUsageError() {
        Cli.Result result = run("config", "--magic", "01020304");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().startsWith("peerset config: ");
    }

    @Test
    void helpListsTheOptions() {
        Cli.Result result = run("config", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: peerset config")
                .contains("--network", "--magic", "--protocol-version", "--min-peer-version", "--default-port", "--file");
    }

    @ParameterizedTest(name = "peerset {0} --help")
    @ValueSource(strings = {"config", "decode", "ping"})
    void everySubcommandHasHelp(String subcommand) {
        Cli.Result result = run(subcommand, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: peerset " + subcommand);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheSubcommand() {
        assertThat(run("--help").out()).contains("config");
    }
}
