package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetStatus;
import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.FileOptions;
import io.peerset.cli.config.OptionText;
import io.peerset.cli.config.RandomConfigs;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code peerset run}'s settings and output, without starting a node (that is RunCommandIntegrationTest). */
class RunCommandTest {

    /** Parses the flags into a command, as picocli does, and merges them over {@code base}. */
    private static NodeConfig merged(NodeConfig base, String... args) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        return command.merge(base);
    }

    @Test
    void aBusyPortReadsTheSameForBothListeners() {
        assertThat(RunCommand.busyPort("listen on", PeerAddress.parse("127.0.0.1:8233"), "--listen")).isEqualTo(
                "cannot listen on 127.0.0.1:8233: address already in use (another process holds it; choose another"
                        + " with --listen)");
        assertThat(RunCommand.busyPort("serve metrics on", PeerAddress.parse("[::1]:9999"), "--metrics")).isEqualTo(
                "cannot serve metrics on [::1]:9999: address already in use (another process holds it; choose another"
                        + " with --metrics)");
    }

    @Test
    void flagsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("zebrad.toml");
        Files.writeString(file, "[network]\nnetwork = \"Testnet\"\nlisten_addr = \"0.0.0.0\"\n"
                + "initial_testnet_peers = [\"seed.example:18233\"]\npeerset_initial_target_size = 10\n"
                + "max_connections_per_ip = 3\n");
        NodeConfig fromFile = ConfigLoader.load(file).node();
        assertThat(fromFile.listenAddress()).isEqualTo(PeerAddress.parse("0.0.0.0:18233"));

        NodeConfig c = merged(fromFile, "--listen", "127.0.0.1", "--peer", "10.0.0.1:18233", "--peer", "b.example:1",
                "--no-dns", "--dns-server", "127.0.0.1:5353", "--cache-dir", dir.toString(), "--target-size", "4");
        assertThat(c.network()).isEqualTo(Network.TESTNET);
        assertThat(c.listenAddress()).as("a bare IP gets the network's port").isEqualTo(PeerAddress.parse("127.0.0.1:18233"));
        assertThat(c.initialPeers()).containsExactly("10.0.0.1:18233", "b.example:1");
        assertThat(c.dnsSeeding()).isFalse();
        assertThat(c.dnsServer()).hasValueSatisfying(s -> assertThat(s.getPort()).isEqualTo(5353));
        assertThat(c.cacheDir()).contains(dir);
        assertThat(c.peerSet().initialTargetSize()).isEqualTo(4);
        assertThat(c.peerSet().maxConnectionsPerIp()).as("kept from the file").isEqualTo(3);

        NodeConfig untouched = merged(fromFile);
        assertThat(untouched.toString()).isEqualTo(fromFile.toString());
        assertThat(merged(fromFile, "--no-cache").cacheDir()).isEmpty();
    }

    @Test
    void badFlagsAreOneLineUsageErrorsBeforeAnyNodeStarts(@TempDir Path dir) throws Exception {
        Cli.Result both = run("run", "--cache-dir", dir.toString(), "--no-cache");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().lines()).hasSize(1);

        Cli.Result target = run("run", "--target-size", "0", "--no-dns");
        assertThat(target.exitCode()).isEqualTo(2);
        assertThat(target.err()).isEqualTo("peerset run: --target-size 0 (expected: 1..10000) (see 'peerset run --help')"
                + System.lineSeparator());

        Cli.Result listen = run("run", "--listen", "node.example:8233");
        assertThat(listen.exitCode()).isEqualTo(2);
        assertThat(listen.err()).startsWith("peerset run: --listen node.example:8233: ").hasLineCount(1);

        Cli.Result peer = run("run", "--peer", "seed.example");
        assertThat(peer.exitCode()).isEqualTo(2);
        assertThat(peer.err()).contains("missing port").hasLineCount(1);

        Path noMap = dir.resolve("missing.map");
        Cli.Result asmap = run("run", "--asmap", noMap.toString(), "--no-dns");
        assertThat(asmap.exitCode()).isEqualTo(2);
        assertThat(asmap.err()).startsWith("peerset run: --asmap " + noMap + ": cannot read it: ").hasLineCount(1);

        Cli.Result interval = run("run", "--status-interval", "10ms");
        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.err()).contains("--status-interval").hasLineCount(1);

        Files.writeString(dir.resolve("peerset.toml"), "[network]\nnetwork = \"Mainnet\"\n");
        Cli.Result twice = run("run", "--config", dir.resolve("peerset.toml").toString(), "--network", "testnet");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("--config and --network cannot be combined").hasLineCount(1);

        Files.writeString(dir.resolve("bad.toml"), "[network]\nlisten_adr = \"[::]:8233\"\n");
        Cli.Result bad = run("run", "--config", dir.resolve("bad.toml").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("listen_adr: unknown key").hasLineCount(1);
        assertThat(bad.out()).isEmpty();
    }

    private static NodeStatus status(int outbound, int inbound, int ready, int responded, int never, int failed,
                                     int pending, long ok, long bad) {
        return new NodeStatus(outbound, inbound, new PeerSetStatus(ready, 0, 0, 0, 170_100, 0, 0),
                Map.of(PeerAddrState.RESPONDED, responded, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, never,
                        PeerAddrState.FAILED, failed, PeerAddrState.ATTEMPT_PENDING, pending), ok, bad);
    }

    @Test
    void statusLinesHaveTheDocumentedFormats() {
        NodeStatus s = status(3, 1, 4, 12, 240, 5, 1, 14, 5);
        assertThat(RunCommand.jsonLine(s)).isEqualTo("{\"outbound\":3,\"inbound\":1,\"ready\":4,\"addressBook\":"
                + "{\"connected\":12,\"never-connected\":240,\"failed\":5,\"connecting\":1},"
                + "\"handshakes\":{\"ok\":14,\"failed\":5}}");
        assertThat(RunCommand.humanLine(s)).isEqualTo("peers: 3 outbound, 1 inbound, 4 ready | addresses: 12 connected,"
                + " 240 never connected, 5 failed, 1 connecting | handshakes: 14 ok, 5 failed");
    }

    @Test
    void theLiveLineShowsConnectedPeersAgainstTheTarget() {
        NodeStatus s = new NodeStatus(8, 2, new PeerSetStatus(9, 1, 0, 0, 170_100, 0, 0),
                Map.of(PeerAddrState.RESPONDED, 12, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, 228), 14, 5);
        assertThat(RunCommand.liveLine(s, 25)).isEqualTo("[########------------] 10/25 peers (8 out, 2 in, 9 ready)"
                + " | 240 addresses | handshakes 14 ok, 5 failed");
        qt().forAll(integers().between(0, 500), integers().between(1, 200)).checkAssert((peers, target) -> {
            NodeStatus t = new NodeStatus(peers, 0, new PeerSetStatus(peers, 0, 0, 0, 0, 0, 0), Map.of(), 0, 0);
            String line = RunCommand.liveLine(t, target);
            assertThat(line.substring(1, 1 + RunCommand.BAR_WIDTH)).matches("#*-*");
            assertThat(line.charAt(1 + RunCommand.BAR_WIDTH)).isEqualTo(']');
            assertThat(line).doesNotContain("\n").contains(peers + "/" + target + " peers");
        });
    }

    @Test
    void everyStatusRendersToJsonThatReadsBackTheSameNumbers() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        qt().forAll(integers().between(0, 100_000), integers().between(0, 100_000), integers().between(0, 5_000),
                integers().between(0, Integer.MAX_VALUE)).checkAssert((a, b, c, d) -> {
                    NodeStatus s = status(a, b, c, c, a + b, b, c, (long) d * 3, d);
                    JsonNode n;
                    try {
                        n = mapper.readTree(RunCommand.jsonLine(s));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertThat(n.size()).isEqualTo(5);
                    assertThat(n.get("outbound").asInt()).isEqualTo(a);
                    assertThat(n.get("inbound").asInt()).isEqualTo(b);
                    assertThat(n.get("ready").asInt()).isEqualTo(c);
                    assertThat(n.get("addressBook").get("never-connected").asInt()).isEqualTo(a + b);
                    assertThat(n.get("addressBook").size()).isEqualTo(PeerAddrState.values().length);
                    assertThat(n.get("handshakes").get("ok").asLong()).isEqualTo((long) d * 3);
                    assertThat(n.get("handshakes").get("failed").asLong()).isEqualTo((long) d);
                    assertThat(RunCommand.jsonLine(s)).doesNotContain("\n");
                });
    }

    /**
     * Every setting of the option table is a flag; a flag changes its setting to the value the file
     * would give and leaves every other setting as the file had it (the field-by-field copy that
     * dropped settings is gone).
     */
    @Test
    void everySettingIsAFlagThatChangesOnlyItsSetting() {
        List<ConfigOption<?>> settings = FileOptions.runFlags().stream()
                .filter(o -> NodeOptions.settings().contains(o)).toList();
        qt().withExamples(400).forAll(longs().all(), integers().between(0, settings.size() - 1))
                .checkAssert((seed, index) -> {
                    NodeConfig base = RandomConfigs.randomConfig(seed).node();
                    ConfigOption<?> option = settings.get(index);
                    if (!option.appliesTo(base.network())) {
                        return;
                    }
                    checkFlag(base, option, new java.util.Random(seed ^ index));
                });
    }

    private static <T> void checkFlag(NodeConfig base, ConfigOption<T> option, java.util.Random r) {
        T value = RandomConfigs.randomValue(option, r, base.network());
        String flag = FileOptions.flag(option);
        List<String> args = new java.util.ArrayList<>();
        T expected = value;
        if (OptionText.isNegationFlag(option)) {
            args.add(flag);
            @SuppressWarnings("unchecked")
            T no = (T) Boolean.FALSE;
            expected = no;
        } else if (option.kind() == ConfigOption.Kind.HOST_PORTS) {
            if (((List<?>) value).isEmpty()) {
                return; // no flag says "no peers": the file's initial_*_peers = [] does
            }
            for (Object peer : (List<?>) value) {
                args.add(flag);
                args.add(peer.toString());
            }
        } else {
            // one argument, so that a value that starts with '-' (a transport name may) is not read as a flag
            args.add(flag + "=" + OptionText.format(option, value));
        }
        NodeConfig want;
        try {
            want = base.toBuilder().set(option, expected).build();
        } catch (IllegalArgumentException lowAboveHigh) {
            assertThatThrownBy(() -> merged(base, args.toArray(String[]::new))).as(args.toString())
                    .hasMessageContaining(lowAboveHigh.getMessage());
            return;
        }
        NodeConfig merged = merged(base, args.toArray(String[]::new));
        if (!merged.equals(want)) {
            throw new AssertionError(args + " on " + base + ": got " + merged + " (expected only " + option.path()
                    + " changed to " + expected + ")");
        }
    }

    @Test
    void flagsAreReadAndCheckedAsTheFileReadsThem() {
        NodeConfig base = NodeConfig.builder(Network.MAINNET).build();
        assertThat(merged(base, "--ready-timeout", "1m 30s").peerSet().readyTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(merged(base, "--ban-duration", "2days").banDuration()).isEqualTo(Duration.ofDays(2));
        assertThat(merged(base, "--relay", "false", "--services", "0").relay()).isFalse();
        assertThat(merged(base, "--io-threads", "2").ioThreads()).isEqualTo(2);
        assertThatThrownBy(() -> merged(base, "--ready-timeout", "0s"))
                .hasMessage("--ready-timeout 0s (expected: more than 0s and at most \"1day\")");
        assertThatThrownBy(() -> merged(base, "--ready-timeout", "PT3S"))
                .hasMessageStartingWith("--ready-timeout PT3S: \"PT3S\": ");
        assertThatThrownBy(() -> merged(base, "--target-size", "x"))
                .hasMessage("--target-size x: not an integer (expected: 1..10000)");
        assertThatThrownBy(() -> merged(base, "--relay", "yes"))
                .hasMessage("--relay yes: not a boolean (expected: true or false)");
        assertThatThrownBy(() -> merged(base, "--write-buffer-low-water-mark", "10", "--write-buffer-high-water-mark", "5"))
                .hasMessageContaining("writeBufferWaterMarks: 10..5");
        Cli.Result bad = run("run", "--status-interval", "10ms");
        assertThat(bad.err()).isEqualTo("peerset run: --status-interval 10ms (expected: from \"1s\" to \"1day\")"
                + " (see 'peerset run --help')" + System.lineSeparator());
    }

    @Test
    void flagsTakeTheFilesDurationGrammar(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.toml"), "[network]\nlisten_adr = \"[::]:8233\"\n");
        // the flag is accepted (humantime, as status_interval in the file); the file then stops the run
        Cli.Result day = run("run", "--status-interval", "1day", "--config", dir.resolve("bad.toml").toString());
        assertThat(day.err()).contains("listen_adr: unknown key");
        assertThat(day.exitCode()).isEqualTo(1);
    }

    @Test
    void helpListsEveryFlag() {
        Cli.Result help = run("run", "--help");
        assertThat(help.exitCode()).isZero();
        for (String flag : List.of("--config", "--network", "--magic", "--listen", "--peer", "--no-dns", "--dns-server",
                "--cache-dir", "--no-cache", "--target-size", "--status-interval", "--json", "--metrics", "--log-ips",
                "--plain")) {
            assertThat(help.out()).contains(flag);
        }
        for (ConfigOption<?> option : FileOptions.runFlags()) {
            assertThat(help.out()).as(option.path()).contains(FileOptions.flag(option), option.key());
        }
        assertThat(Duration.ofSeconds(10)).isEqualTo(io.peerset.cli.config.LoadedConfig.DEFAULT_STATUS_INTERVAL);
    }
}
