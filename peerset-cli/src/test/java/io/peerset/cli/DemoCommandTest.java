package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.NodeConfig;
import io.peerset.cli.DemoOutput.NodeRow;
import io.peerset.cli.DemoOutput.Settings;
import io.peerset.cli.DemoOutput.StoppedBy;
import io.peerset.cli.DemoOutput.Summary;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code peerset demo}'s options and output formats, without starting a node (that is DemoCommandIntegrationTest). */
class DemoCommandTest {

    private static final Settings SETTINGS = new Settings("regtest", 2000, 1000, 100, 10, 34);

    private static NodeRow row(int node, int out, int in, int known, long served, OptionalLong reached) {
        return new NodeRow(node, "127.0.0.1:" + (40000 + node), out, in, out + in, out + in, known, out + in + 1, 1,
                served, reached, Optional.empty());
    }

    private static Summary summary() {
        List<NodeRow> rows = List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)), row(1, 4, 0, 4, 2, OptionalLong.of(3400)),
                new NodeRow(2, "127.0.0.1:40002", 1, 0, 1, 1, 2, 1, 3, 0, OptionalLong.empty(), Optional.of("boom")));
        return new Summary(3, 42, 20_000, 20_050, StoppedBy.DURATION, SETTINGS, 10, 9, rows);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--nodes 1            | --nodes 1 (expected: 2..64)",
        "--nodes 65           | --nodes 65 (expected: 2..64)",
        "--duration 500ms     | --duration 500ms (expected: 1s..10m)",
        "--duration 11m       | --duration 660000ms (expected: 1s..10m)",
        "--nodes 6 --target 6 | --target 6 (expected: 1..5 with 6 nodes)",
        "--target 0           | --target 0 (expected: 1..11 with 12 nodes)",
    })
    void outOfRangeOptionsAreOneUsageLine(String args, String message) {
        Cli.Result r = run(("demo " + args.strip()).split(" "));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("peerset demo: " + message.strip() + " (see 'peerset demo --help')"
                + System.lineSeparator());
    }

    @Test
    void malformedOptionsAreOneUsageLine() {
        for (String[] args : new String[][] {{"demo", "--nodes", "many"}, {"demo", "--duration", "soon"},
                {"demo", "--seed", "x"}, {"demo", "--bogus"}}) {
            Cli.Result r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).startsWith("peerset demo: ").endsWith("(see 'peerset demo --help')" + System.lineSeparator());
        }
    }

    @Test
    void helpListsTheOptions() {
        Cli.Result r = run("demo", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--nodes", "--duration", "--target", "--seed", "--json", "--plain");
    }

    @Test
    void theDefaultTargetIsFourOrHalfTheNodesButLetsNodeZeroAcceptEveryJoiner() {
        assertThat(DemoCommand.defaultTarget(2)).isEqualTo(1);
        assertThat(DemoCommand.defaultTarget(3)).isEqualTo(1);
        assertThat(DemoCommand.defaultTarget(5)).isEqualTo(2);
        assertThat(DemoCommand.defaultTarget(6)).isEqualTo(3);
        assertThat(DemoCommand.defaultTarget(8)).isEqualTo(4);
        assertThat(DemoCommand.defaultTarget(12)).isEqualTo(4);
        assertThat(DemoCommand.defaultTarget(21)).isEqualTo(4);
        assertThat(DemoCommand.defaultTarget(22)).isEqualTo(5);
        assertThat(DemoCommand.defaultTarget(64)).isEqualTo(13);
        for (int n = 2; n <= DemoCommand.MAX_NODES; n++) {
            int t = DemoCommand.defaultTarget(n);
            assertThat(t).as("nodes %d", n).isBetween(1, n - 1);
            assertThat(t * 5).as("node 0's inbound limit with %d nodes", n).isGreaterThanOrEqualTo(n - 1);
        }
    }

    @Test
    void nodesUseTheAcceleratedSimulationSettingsOnLoopback() {
        NodeConfig c = DemoCommand.config(12, 4, List.of("127.0.0.1:1234"));
        assertThat(c.network()).isEqualTo(Network.REGTEST);
        assertThat(c.listenAddress().toString()).isEqualTo("127.0.0.1:0");
        assertThat(c.initialPeers()).containsExactly("127.0.0.1:1234");
        assertThat(c.dnsSeeding()).isFalse();
        assertThat(c.cacheDir()).isEmpty();
        assertThat(c.peerSet().initialTargetSize()).isEqualTo(4);
        assertThat(c.peerSet().maxConnectionsPerIp()).isEqualTo(34);
        assertThat(c.crawlInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.crawlRateLimit()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.acceptPause()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.rejectPause()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void theSettingsLineNamesEveryAcceleratedSetting() {
        assertThat(DemoOutput.settingsLine(12, 4, 42, SETTINGS)).isEqualTo("peerset demo: 12 regtest nodes on 127.0.0.1, "
                + "target 4 peers each, seed 42; accelerated simulation settings, not the reference's: crawl interval "
                + "2000ms (reference 61s), crawl rate limit 1000ms (31s), accept pause 100ms (1s), max connections per IP 34 (1)");
    }

    @Test
    void theJsonSummaryHasExactlyTheDocumentedFieldsAndTypes() throws Exception {
        String json = DemoOutput.summaryJson(summary());
        assertThat(json).doesNotContain("\n").startsWith("{\"nodes\":3,\"target\":3,\"seed\":42,\"maxDurationMs\":20000,"
                + "\"durationMs\":20050,\"stoppedBy\":\"duration\",\"allReachedTarget\":false,\"allReachedTargetAfterMs\":null,"
                + "\"handshakesOk\":11,\"handshakesFailed\":5,\"requestsSent\":10,\"requestsAnswered\":9,\"requestsServed\":9,"
                + "\"settings\":{\"network\":\"regtest\",\"crawlIntervalMs\":2000,\"crawlRateLimitMs\":1000,"
                + "\"acceptPauseMs\":100,\"rejectPauseMs\":10,\"maxConnectionsPerIp\":34},\"perNode\":[");
        assertThat(json).contains("{\"node\":0,\"address\":\"127.0.0.1:40000\",\"reachedTargetAfterMs\":1200,\"outbound\":1,"
                + "\"inbound\":3,\"ready\":4,\"peers\":4,\"knownAddresses\":5,\"handshakesOk\":5,\"handshakesFailed\":1,"
                + "\"requestsServed\":7,\"error\":null}");
        assertThat(json).endsWith("\"reachedTargetAfterMs\":null,\"outbound\":1,\"inbound\":0,\"ready\":1,\"peers\":1,"
                + "\"knownAddresses\":2,\"handshakesOk\":1,\"handshakesFailed\":3,\"requestsServed\":0,\"error\":\"boom\"}]}");

        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(fieldNames(tree)).containsExactly("nodes", "target", "seed", "maxDurationMs", "durationMs", "stoppedBy",
                "allReachedTarget", "allReachedTargetAfterMs", "handshakesOk", "handshakesFailed", "requestsSent",
                "requestsAnswered", "requestsServed", "settings", "perNode");
        assertThat(tree.get("perNode").isArray()).isTrue();
        for (JsonNode node : tree.get("perNode")) {
            assertThat(fieldNames(node)).containsExactly("node", "address", "reachedTargetAfterMs", "outbound", "inbound",
                    "ready", "peers", "knownAddresses", "handshakesOk", "handshakesFailed", "requestsServed", "error");
            assertThat(node.get("address").isTextual()).isTrue();
            assertThat(node.get("reachedTargetAfterMs").isNumber() || node.get("reachedTargetAfterMs").isNull()).isTrue();
        }
    }

    @Test
    void whenEveryNodeReachedItsTargetTheJsonSaysWhen() throws Exception {
        List<NodeRow> rows = List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)), row(1, 4, 0, 4, 2, OptionalLong.of(3400)));
        Summary s = new Summary(3, -7, 30_000, 4_400, StoppedBy.TARGET, SETTINGS, 3, 3, rows);
        JsonNode tree = new ObjectMapper().readTree(DemoOutput.summaryJson(s));
        assertThat(tree.get("allReachedTarget").booleanValue()).isTrue();
        assertThat(tree.get("allReachedTargetAfterMs").longValue()).isEqualTo(3400);
        assertThat(tree.get("stoppedBy").textValue()).isEqualTo("target");
        assertThat(tree.get("seed").longValue()).isEqualTo(-7);
    }

    @Test
    void theProgressLineSummarisesTheNetworkOnOneLine() {
        List<NodeRow> rows = List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)), row(1, 4, 0, 4, 2, OptionalLong.empty()),
                row(2, 1, 0, 12, 0, OptionalLong.empty()));
        assertThat(DemoOutput.progressLine(3040, 4, rows)).isEqualTo("demo 3.0s: 1/3 nodes at target 4 | peers min 1 avg 3.0"
                + " max 4 | known min 4 max 12 | handshakes 12 ok, 3 failed | requests served 9");
    }

    @Test
    void theHumanSummarySaysWhoFellShort() {
        assertThat(DemoOutput.summaryLines(summary())).containsExactly(
                "peerset demo: 2/3 nodes reached their target of 3 peers within 20.0s",
                "  time to target: first 1.2s, median 1.2s, last 3.4s",
                "  short of the target: node 2 (failed: boom)",
                "  handshakes: 11 ok, 5 failed",
                "  requests: 10 sent, 9 answered, 9 served",
                "  ran 20.1s (stopped by duration), seed 42");
        List<NodeRow> rows = List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)), row(1, 4, 0, 4, 2, OptionalLong.of(3400)));
        assertThat(DemoOutput.summaryLines(new Summary(3, 1, 30_000, 4_400, StoppedBy.TARGET, SETTINGS, 3, 3, rows)).get(0))
                .isEqualTo("peerset demo: all 2 nodes reached their target of 3 peers in 3.4s");
        assertThat(DemoOutput.summaryLines(new Summary(3, 1, 30_000, 900, StoppedBy.INTERRUPT, SETTINGS, 0, 0,
                List.of(row(0, 0, 0, 0, 0, OptionalLong.empty())))))
                .startsWith("peerset demo: 0/1 nodes reached their target of 3 peers before the demo was interrupted",
                        "  short of the target: node 0 (0 peers)");
        assertThat(DemoOutput.summaryLines(new Summary(1, 1, 5_000, 5_000, StoppedBy.DURATION, SETTINGS, 0, 0,
                List.of(row(0, 1, 0, 1, 0, OptionalLong.empty())))))
                .startsWith("peerset demo: 0/1 nodes reached their target of 1 peer within 5.0s",
                        "  short of the target: node 0 (1 peer)");
    }

    @Test
    void theTableHasAHeaderAndOneAlignedLinePerNode() {
        List<String> table = DemoOutput.table(List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)),
                row(11, 4, 0, 4, 2, OptionalLong.empty())));
        assertThat(table).containsExactly(
                "node  address                out   in ready known served  target",
                "   0  127.0.0.1:40000          1    3     4     5      7  1.2s",
                "  11  127.0.0.1:40011          4    0     4     4      2  -");
        assertThat(DemoOutput.title(7250, 4, List.of(row(0, 1, 3, 5, 7, OptionalLong.of(1200)))))
                .isEqualTo("peerset demo: 7.3s, 1/1 nodes at their target of 4 peers");
    }

    @Test
    void aRedrawMovesUpOverThePreviousFrameAndClearsEveryLine() {
        assertThat(DemoOutput.redraw(0, List.of("a", "b"))).isEqualTo("\r\u001b[2Ka\n\r\u001b[2Kb\n");
        assertThat(DemoOutput.redraw(3, List.of("a"))).isEqualTo("\u001b[3A\r\u001b[2Ka\n");
    }

    @Test
    void testsAndPipesGetNoLiveTable() {
        // Surefire's forked JVM has no console; a live table would corrupt captured output.
        assertThat(DemoCommand.isTerminal()).isFalse();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
