package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.cli.admin.AdminServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API against a running {@code peerset run --admin} over 127.0.0.1 (issue 17 §2): the
 * commands' exact output, the JSON's fields, and every refusal (no or wrong token, wrong method, unknown
 * path, oversized body, bad addresses, a non-loopback address without the flag).
 */
@Timeout(90)
class AdminIntegrationTest {

        private static final Pattern ADMIN = Pattern.compile("admin API on http://(\\S+) \\(cookie ");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final RecordedStops stops = new RecordedStops();

    private static Cli.Result cli(String admin, Path cookie, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", admin, "--admin-cookie", cookie.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    /** A raw request, to see what the server does with what the client never sends. */
    private static final int[] lastStatus = new int[1];

    private static String raw(String admin, String method, String path, String auth, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + admin + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        if (auth != null) {
            c.setRequestProperty("Authorization", auth);
        }
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream o = c.getOutputStream()) {
                o.write(body);
            }
        }
        lastStatus[0] = c.getResponseCode();
        try (InputStream in = lastStatus[0] >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void anOperatorListsConnectsBansAndDisconnectsThroughTheApi(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve("admin.cookie");
        Cli.Running node = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache", "--admin", "0",
                "--admin-cookie", cookie.toString());
        Cli.Running other = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache");
        await().atMost(Duration.ofSeconds(20)).until(() -> node.find(ADMIN) != null && other.address() != null);
        String admin = node.find(ADMIN);
        String peer = other.address();
        assertThat(Files.readString(cookie)).matches("[0-9a-f]{64}\n");
        if (cookie.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-------");
        }

        Cli.Result empty = cli(admin, cookie, "peers");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).isEqualTo(String.format("%-24s %-3s %-8s %-7s %-22s %9s %8s %9s %8s %15s %15s %-18s %s%n",
                "ADDRESS", "DIR", "STATE", "VERSION", "USER AGENT", "HEIGHT", "AGE", "LOAD ms", "RTT ms", "IN msg/bytes",
                "OUT msg/bytes", "NETGROUP", "SCORE") + "0 peer(s): 0 outbound, 0 inbound" + System.lineSeparator());

        Cli.Result connected = cli(admin, cookie, "connect", peer, "--keep");
        assertThat(connected.exitCode()).as(connected.err()).isZero();
        assertThat(connected.out()).matches("connected to " + Pattern.quote(peer)
                + " \\(version 170160, /peerset:[^/]+/\\) in \\d+ ms; kept\\R");

        JsonNode peers = MAPPER.readTree(cli(admin, cookie, "peers", "--json").out()).get("peers");
        assertThat(peers).hasSize(1);
        List<String> fields = new ArrayList<>();
        peers.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("address", "direction", "state", "version", "announcedVersion", "userAgent",
                "services", "startHeight", "connectedSince", "loadMillis", "lastRttMillis", "messagesReceived",
                "messagesSent", "bytesReceived", "bytesSent", "netgroup", "misbehaviour");
        assertThat(peers.get(0).get("address").asText()).isEqualTo(peer);
        assertThat(peers.get(0).get("direction").asText()).isEqualTo("outbound");
        assertThat(peers.get(0).get("bytesReceived").asLong()).isPositive();
        Cli.Result table = cli(admin, cookie, "peers");
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().toList().get(1)).startsWith(String.format("%-24s out ", peer));
        assertThat(table.out()).endsWith("1 peer(s): 1 outbound, 0 inbound" + System.lineSeparator());
        JsonNode status = MAPPER.readTree(raw(admin, "GET", "/status", "Bearer " + Files.readString(cookie).strip(), null));
        assertThat(status.get("outbound").asInt()).isEqualTo(1);
        assertThat(status.get("kept").get(0).asText()).isEqualTo(peer);

        // refusals, each one line and exit 1
        Cli.Result again = cli(admin, cookie, "connect", peer);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("peerset connect: connect: " + peer + " is already connected"
                + System.lineSeparator());
        Cli.Result port0 = cli(admin, cookie, "connect", "127.0.0.1:0");
        assertThat(port0.exitCode()).isEqualTo(1);
        assertThat(port0.err()).startsWith("peerset connect: address: 127.0.0.1:0 (expected: an address valid for outbound");
        Cli.Result name = cli(admin, cookie, "connect", "example.com:8233");
        assertThat(name.exitCode()).isEqualTo(1);
        assertThat(name.err()).startsWith("peerset connect: address: \"example.com:8233\" (expected: an IP literal");
        Cli.Result badBlock = cli(admin, cookie, "ban", "10.0.0.1/8");
        assertThat(badBlock.exitCode()).isEqualTo(1);
        assertThat(badBlock.err()).contains("bits set below its prefix (expected: 10.0.0.0/8)");

        // ban, list, unban
        Cli.Result ban = cli(admin, cookie, "ban", "203.0.113.0/24", "--duration", "2h", "--reason", "test ban");
        assertThat(ban.exitCode()).as(ban.err()).isZero();
        assertThat(ban.out()).matches("banned 203\\.0\\.113\\.0/24 until \\S+Z \\(operator\\): test ban\\R");
        assertThat(cli(admin, cookie, "bans").out()).matches("203\\.0\\.113\\.0/24 until \\S+Z \\(operator\\): test ban\\R"
                + "1 ban\\(s\\)\\R");
        assertThat(cli(admin, cookie, "unban", "203.0.113.0/24").out()).isEqualTo("unbanned 203.0.113.0/24"
                + System.lineSeparator());
        Cli.Result none = cli(admin, cookie, "unban", "203.0.113.0/24");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("peerset unban: no ban of 203.0.113.0/24 (GET /bans lists them)"
                + System.lineSeparator());

        // raw refusals: nothing changes without the token
        String token = Files.readString(cookie).strip();
        byte[] banBody = "{\"subnet\":\"198.51.100.0/24\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(raw(admin, "POST", "/ban", null, banBody)).contains("\"error\":\"unauthorized");
        assertThat(lastStatus[0]).isEqualTo(401);
        raw(admin, "POST", "/ban", "Bearer " + "0".repeat(64), banBody);
        assertThat(lastStatus[0]).isEqualTo(401);
        raw(admin, "POST", "/ban", "Basic " + token, banBody);
        assertThat(lastStatus[0]).isEqualTo(401);
        assertThat(MAPPER.readTree(raw(admin, "GET", "/bans", "Bearer " + token, null)).get("bans")).as("no ban").isEmpty();
        assertThat(raw(admin, "GET", "/ban", "Bearer " + token, null)).contains("expected: POST");
        assertThat(lastStatus[0]).isEqualTo(405);
        raw(admin, "GET", "/nothing", "Bearer " + token, null);
        assertThat(lastStatus[0]).isEqualTo(404);
        raw(admin, "POST", "/ban", "Bearer " + token, new byte[AdminServer.MAX_BODY + 1]);
        assertThat(lastStatus[0]).isEqualTo(413);
        assertThat(raw(admin, "POST", "/ban", "Bearer " + token, "[1]".getBytes(StandardCharsets.UTF_8)))
                .contains("must be a JSON object");
        assertThat(lastStatus[0]).isEqualTo(400);
        Path wrong = dir.resolve("wrong.cookie");
        Files.writeString(wrong, "1".repeat(64));
        Cli.Result refused = cli(admin, wrong, "peers");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("peerset peers: the admin API at http://" + admin + " refused the cookie ");

        assertThat(raw(admin, "POST", "/connect", "Bearer " + token, ("{\"address\":\"" + peer + "\",\"keep\":1}")
                .getBytes(StandardCharsets.UTF_8))).contains("keep: 1 (expected: true or false)");
        assertThat(lastStatus[0]).isEqualTo(400);
        assertThat(raw(admin, "POST", "/ban", "Bearer " + token, "{\"subnet\":\"192.0.2.0/24\",\"reason\":{}}"
                .getBytes(StandardCharsets.UTF_8))).contains("reason: missing (expected: a string)");
        assertThat(lastStatus[0]).isEqualTo(400);
        // a client that opens a request and stalls holds one serving thread, not the API
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(admin.substring(admin.lastIndexOf(':') + 1))));
            stalled.getOutputStream().write("GET /status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertThat(cli(admin, cookie, "bans").exitCode()).isZero();
        }
        assertThat(MAPPER.readTree(raw(admin, "POST", "/reload", "Bearer " + token, new byte[0])).get("addresses").asInt())
                .as("no candidate source gives any here (--no-dns, no cache, no --peer)").isZero();
        assertThat(lastStatus[0]).isEqualTo(200);

        Cli.Result dropped = cli(admin, cookie, "disconnect", peer);
        assertThat(dropped.out()).isEqualTo("closed 1 connection(s) to " + peer + System.lineSeparator());
        assertThat(MAPPER.readTree(raw(admin, "GET", "/status", "Bearer " + token, null)).get("kept")).isEmpty();

        stops.stopAll();
        assertThat(node.exit().get(15, TimeUnit.SECONDS)).isZero();
        assertThat(other.exit().get(15, TimeUnit.SECONDS)).isZero();
        assertThat(cookie).as("deleted at stop").doesNotExist();
        Cli.Result gone = cli(admin, cookie, "peers");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).startsWith("peerset peers: " + cookie + " does not exist");
    }

    @Test
    void aNonLoopbackAddressNeedsItsFlagAndIsRefusedBeforeTheNodeStarts(@TempDir Path dir) throws Exception {
        Cli.Running node = Cli.start("run", "--listen", "127.0.0.1:0", "--no-dns", "--no-cache", "--admin", "0.0.0.0:0");
        assertThat(node.exit().get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(node.err().toString()).isEqualTo("peerset run: --admin 0.0.0.0:0: 0.0.0.0:0 is not a loopback address "
                + "(expected: 127.0.0.1 or [::1]; --admin-allow-remote binds it, and then the API is reachable "
                + "unencrypted from the network)" + System.lineSeparator());
        assertThat(node.address()).as("no node started").isNull();
        Cli.Result remote = Cli.run("peers", "--admin", "192.0.2.1:8239");
        assertThat(remote.exitCode()).isEqualTo(2);
        assertThat(remote.err()).isEqualTo("peerset peers: --admin 192.0.2.1:8239 is not this machine; give its node's "
                + "cookie with --admin-cookie (see 'peerset peers --help')" + System.lineSeparator());
        Cli.Result usage = Cli.run("peers", "--admin", "https://127.0.0.1:8239");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).startsWith("peerset peers: --admin https://127.0.0.1:8239: the admin API is plain HTTP");
    }
}
