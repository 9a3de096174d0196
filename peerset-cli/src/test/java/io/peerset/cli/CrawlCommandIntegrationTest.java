package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.core.PeerSets;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code peerset crawl} in-process against real nodes on 127.0.0.1. */
@Timeout(60)
class CrawlCommandIntegrationTest {

    private final List<PeerSetNode> nodes = new ArrayList<>();
    @org.junit.jupiter.api.extension.RegisterExtension
    final RecordedStops stops = new RecordedStops(); // no signal handlers in the test JVM

    private PeerSetNode node(List<PeerAddress> peers) {
        PeerSetNode node = PeerSets.nodeBuilder(NodeConfig.builder(Network.MAINNET).listenAddress(PeerAddress.parse("127.0.0.1:0"))
                .noCache().dnsSeeding(false).initialPeers(peers.stream().map(PeerAddress::toString).toList())
                .peerSet(PeerSetConfig.builder(Network.MAINNET).initialTargetSize(3).maxConnectionsPerIp(50).build())
                .build()).start();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(PeerSetNode::close);
    }

    @Test
    void crawlsFromOnePeerWritesRecordsAndResumes(@TempDir Path dir) throws Exception {
        PeerSetNode a = node(List.of());
        PeerAddress dead = PeerAddress.parse("127.0.0.1:1");
        Path out = dir.resolve("census.jsonl");
        Cli.Result first = run("crawl", "--peer", a.localAddress().toString(), "--peer", dead.toString(), "--no-dns",
                "--duration", "15s", "--timeout", "2s", "--output", out.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("crawl: ").contains("peerset crawl: done: 1 reached, ");
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            records.add(mapper.readTree(line));
        }
        // A may answer getaddr with an address it derived from our own connection (reference 4.11:
        // remote IP and advertised port), which the census then visits too: at least A and the dead one
        assertThat(records).hasSizeGreaterThanOrEqualTo(2);
        assertThat(records).filteredOn(r -> r.get("reachable").asBoolean()).hasSize(1);
        JsonNode reached = records.stream().filter(r -> r.get("reachable").asBoolean()).findFirst().orElseThrow();
        assertThat(reached.get("address").asText()).isEqualTo(a.localAddress().toString());
        assertThat(reached.get("version").asLong()).isEqualTo(Network.MAINNET.protocolVersion());
        assertThat(reached.get("userAgent").asText()).isEqualTo("/peerset:0.1.0/");
        assertThat(reached.get("error").isNull()).isTrue();
        assertThat(reached.get("handshakeMs").isNumber()).isTrue();
        assertThat(reached.get("pingMs").isNumber()).isTrue();
        for (String field : CrawlCommand.FIELDS) {
            assertThat(reached.has(field)).as(field).isTrue();
        }
        JsonNode failed = records.stream().filter(r -> r.get("address").asText().equals(dead.toString()))
                .findFirst().orElseThrow();
        assertThat(failed.get("reachable").asBoolean()).isFalse();
        assertThat(failed.get("error").asText()).isEqualTo("refused");

        Cli.Result again = run("crawl", "--peer", a.localAddress().toString(), "--no-dns", "--duration", "5s",
                "--output", out.toString());
        assertThat(again.err()).contains("resuming: " + records.size() + " address(es)");
        assertThat(Files.readAllLines(out)).as("nothing visited twice").hasSize(records.size());
        assertThat(again.exitCode()).as("nobody new was reached").isEqualTo(1);
    }

    @Test
    void csvHasAHeaderAndOneRowPerAddress(@TempDir Path dir) {
        PeerSetNode a = node(List.of());
        Cli.Result r = run("crawl", "--peer", a.localAddress().toString(), "--no-dns", "--duration", "10s", "--format", "csv");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", CrawlCommand.FIELDS));
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).filteredOn(l -> l.startsWith(a.localAddress() + ",true,,")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains(",true,")).hasSize(1);
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run("crawl", "--no-dns").exitCode()).isEqualTo(2);
        assertThat(run("crawl", "--format", "xml", "--peer", "127.0.0.1:1").err())
                .isEqualTo("peerset crawl: --format xml (expected: json or csv) (see 'peerset crawl --help')"
                        + System.lineSeparator());
        assertThat(run("crawl", "--concurrency", "0", "--peer", "127.0.0.1:1").exitCode()).isEqualTo(2);
        Cli.Result timeout = run("crawl", "--timeout", "50ms", "--peer", "127.0.0.1:1");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).isEqualTo("peerset crawl: --timeout 50ms (expected: 100ms..1m) (see 'peerset crawl --help')"
                + System.lineSeparator());
    }
}
