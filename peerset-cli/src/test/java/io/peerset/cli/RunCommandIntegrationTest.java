package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerset run} in-process over real TCP on 127.0.0.1: the stop trigger stands in for
 * SIGINT/SIGTERM (the distribution's smoke run sends a real SIGTERM to {@code bin/peerset run}).
 */
@Timeout(60)
class RunCommandIntegrationTest {

    @RegisterExtension
    final RecordedStops stops = new RecordedStops();

    @Test
    void twoNodesConnectPrintJsonStatusAndStopCleanlyWritingTheCache(@TempDir Path dir) throws Exception {
        Cli.Running first = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--cache-dir", dir.resolve("a").toString(),
                "--status-interval", "1s", "--json");
        await().atMost(Duration.ofSeconds(15)).until(() -> first.address() != null);
        Cli.Running second = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--cache-dir", dir.resolve("b").toString(),
                "--peer", first.address(), "--status-interval", "1s", "--json");
        await().atMost(Duration.ofSeconds(20)).until(() -> second.out().toString().contains("\"outbound\":1,"));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.out().toString().contains("\"inbound\":1,"));
        String line = second.out().toString().lines().filter(l -> l.contains("\"outbound\":1,")).findFirst().orElseThrow();
        assertThat(line).matches("\\{\"outbound\":1,\"inbound\":0,\"ready\":1,\"addressBook\":\\{\"connected\":1,"
                + "\"never-connected\":\\d+,\"failed\":\\d+,\"connecting\":\\d+},\"handshakes\":\\{\"ok\":1,\"failed\":\\d+}}");

        stops.stopAll(); // SIGTERM to both
        assertThat(second.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(first.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(second.err().toString()).endsWith("peerset run: stopped" + System.lineSeparator());
        Path cache = dir.resolve("b").resolve("network").resolve("mainnet.peers");
        assertThat(Files.readAllLines(cache)).contains(first.address());
    }

    @Test
    void eventsAreAppendedAsJsonLinesFromTheFirstCandidateToTheShutdown(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Running first = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache");
        await().atMost(Duration.ofSeconds(15)).until(() -> first.address() != null);
        Cli.Running second = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache", "--peer", first.address(),
                "--events", events.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(events)
                && Files.readString(events).contains("\"event\":\"PeerAdded\""));
        stops.stop(1); // the recording node shuts down while still connected
        assertThat(second.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        stops.stopAll();
        assertThat(first.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            lines.add(mapper.readTree(line));
        }
        assertThat(lines).extracting(j -> j.get("event").asText())
                .contains("AddressStateChanged", "PeerAdded", "PeerRemoved");
        // initial peers are dialled directly (not handed out by the book): never-connected, then connected
        assertThat(lines).as("recorded from the start: the configured peer's record is created, then connected")
                .filteredOn(j -> j.get("event").asText().equals("AddressStateChanged")
                        && j.get("address").asText().equals(first.address()))
                .extracting(j -> j.get("current").asText()).startsWith("never-connected").contains("connected");
        assertThat(lines).filteredOn(j -> j.get("event").asText().equals("PeerAdded")).singleElement()
                .satisfies(j -> {
                    assertThat(j.get("peer").asText()).isEqualTo(first.address());
                    assertThat(j.get("inbound").asBoolean()).isFalse();
                });
        assertThat(lines).filteredOn(j -> j.get("event").asText().equals("PeerRemoved"))
                .extracting(j -> j.get("reason").asText()).as("its own shutdown is recorded too").contains("closed");
        assertThat(second.err().toString()).doesNotContain("dropped");
    }

    @Test
    void anEventsFileThatCannotBeOpenedIsOneLineAndExitOneBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing").resolve("events.jsonl");
        Cli.Running node = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache", "--events", missing.toString());
        assertThat(node.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(node.err().toString()).isEqualTo("peerset run: --events " + missing
                + ": cannot open for appending: no such file or directory" + System.lineSeparator());
        assertThat(node.out().toString()).isEmpty();
    }

    @Test
    void aBusyPortIsOneLineAndExitOne() throws Exception {
        Cli.Running first = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache");
        await().atMost(Duration.ofSeconds(15)).until(() -> first.address() != null);
        Cli.Running second = Cli.start("run", "--listen", first.address(), "--no-dns", "--no-cache");
        assertThat(second.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.err().toString()).isEqualTo("peerset run: cannot listen on " + first.address()
                + ": address already in use (another process holds it; choose another with --listen)"
                + System.lineSeparator());
        assertThat(second.out().toString()).isEmpty();
    }

    @Test
    void metricsAreServedForPrometheusWhileTheNodeRuns() throws Exception {
        Cli.Running node = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache", "--metrics", "127.0.0.1:0");
        Pattern served = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
        await().atMost(Duration.ofSeconds(15)).until(() -> served.matcher(node.err().toString()).find());
        Matcher m = served.matcher(node.err().toString());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        String scrape;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            scrape = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(scrape).startsWith("HTTP/1.1 200").contains("peerset_connections{direction=\"outbound\"} 0.0")
                .contains("peerset_handshakes_total{outcome=\"ok\"} 0.0");
        stops.stopAll();
        assertThat(node.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThatPortIsClosed(port);
    }

    @Test
    void aBusyMetricsPortIsOneLineAndExitOneBeforeTheNodeStarts() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Running node = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache",
                    "--metrics", "127.0.0.1:" + busy.getLocalPort());
            assertThat(node.exit().get(15, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(node.err().toString()).isEqualTo("peerset run: cannot serve metrics on 127.0.0.1:"
                    + busy.getLocalPort() + ": address already in use (another process holds it; choose another"
                    + " with --metrics)" + System.lineSeparator());
            assertThat(node.out().toString()).isEmpty();
        }
    }

    private static void assertThatPortIsClosed(int port) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                .isInstanceOf(java.io.IOException.class);
    }
}
