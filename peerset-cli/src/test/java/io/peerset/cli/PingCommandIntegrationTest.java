package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.core.Providers;
import io.peerset.core.common.SystemScheduler;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code peerset ping} against real peerset listeners on 127.0.0.1: the success output in text and
 * JSON, and each failure an operator meets (refused, timeout, obsolete version, wrong magic).
 */
@Timeout(30)
class PingCommandIntegrationTest {

    private record Result(int exitCode, String out, String err) {}

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PeersetCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Starts a peerset node listening on loopback that answers getaddr with three addresses. */
    private PeerAddress node(Network network) {
        SystemScheduler scheduler = new SystemScheduler();
        resources.add(scheduler);
        Transport transport = Providers.transportProvider().create(TransportConfig.builder(network).ioThreads(1).build());
        resources.add(transport);
        SplittableRandom random = new SplittableRandom(7);
        List<AddressEntry> addresses = List.of(
                new AddressEntry(Instant.parse("2026-11-24T00:00:00Z"), PeerServices.NETWORK, PeerAddress.parse("203.0.113.1:8233")),
                new AddressEntry(Instant.parse("2026-11-24T00:00:00Z"), PeerServices.NETWORK, PeerAddress.parse("203.0.113.2:8233")),
                new AddressEntry(Instant.parse("2026-11-24T00:00:00Z"), PeerServices.NETWORK, PeerAddress.parse("[2001:db8::1]:8233")));
        InboundService inbound = (request, peer) -> CompletableFuture.completedFuture(
                request instanceof Request.Peers ? new Response.Peers(addresses) : new Response.Nil());
        PeerConnector connector = PeerConnector.builder()
                .transport(transport)
                .handshaker(Providers.handshakerProvider().create(HandshakeConfig.builder(network)
                        .userAgent("/test-node:1.0/")
                        .chainTip(ChainTip.fixed(1234, NetworkUpgrade.NU6, false))
                        .build(), scheduler, random.split()))
                .inboundService(inbound)
                .scheduler(scheduler)
                .random(random.split())
                .build();
        Acceptor acceptor = transport.listen(PeerAddress.parse("127.0.0.1:0")).join();
        List<PeerClient> clients = new CopyOnWriteArrayList<>();
        resources.add(() -> clients.forEach(PeerClient::close));
        acceptLoop(acceptor, connector, clients);
        return acceptor.localAddress();
    }

    private static void acceptLoop(Acceptor acceptor, PeerConnector connector, List<PeerClient> clients) {
        acceptor.accept().thenAccept(connection -> {
            connector.accept(connection).thenAccept(clients::add);
            acceptLoop(acceptor, connector, clients);
        });
    }

    @Test
    void pingsAPeersetNodeAndPrintsWhatItLearned() {
        PeerAddress node = node(Network.REGTEST);
        Result r = run("ping", node.toString(), "--network", "regtest", "--count", "3");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("peer          " + node)
                .contains("version       170160 (negotiated 170160)")
                .contains("services      1 [NODE_NETWORK]")
                .contains("user agent    /test-node:1.0/")
                .contains("start height  1234")
                .contains("relay         true")
                .contains("ping          3 sent, 3 answered")
                .contains("addresses     3");
    }

    @Test
    void jsonOutputIsOneObjectWithOk() {
        PeerAddress node = node(Network.REGTEST);
        Result r = run("ping", node.toString(), "--network", "regtest", "--count", "2", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("{\"ok\":true,\"peer\":\"" + node + "\"")
                .contains("\"version\":170160", "\"services\":1", "\"serviceNames\":[\"NODE_NETWORK\"]",
                        "\"userAgent\":\"/test-node:1.0/\"", "\"startHeight\":1234", "\"relay\":true",
                        "\"handshakeMillis\":", "\"ping\":{\"count\":2,\"minMillis\":", "\"addresses\":3"));
    }

    @Test
    void aRefusedConnectionIsExitOneWithOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = run("ping", "127.0.0.1:" + port, "--network", "regtest");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().isEqualTo("peerset ping: 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aSilentPeerIsATimeout() throws IOException {
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                accepted.add(silent.accept());
            } catch (IOException e) {
                // closed by the test
            }
        });
        acceptor.start();
        resources.add(() -> {
            for (Socket s : accepted) {
                s.close();
            }
        });
        Result r = run("ping", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "500ms", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"ok\":false", "\"error\":\"timeout\"", "\"step\":\"version\"");
    }

    @Test
    void anObsoletePeerIsNamedWithItsVersion() {
        Network old = Network.custom("old-peers", 0x0badcafe).protocolVersion(170_100).minimumPeerVersion(170_100).build();
        PeerAddress node = node(old);
        Result r = run("ping", node.toString(), "--magic", "0badcafe", "--protocol-version", "170160",
                "--min-peer-version", "170150");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("peerset ping: " + node
                + ": obsolete version: peer runs 170100 (expected: >= 170150)");
    }

    @Test
    void aPeerOnAnotherNetworkIsAWrongMagic() {
        PeerAddress node = node(Network.TESTNET);
        Result r = run("ping", node.toString(), "--network", "mainnet", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"ok\":false", "\"error\":\"wrong-magic\"", "\"step\":\"version\"", "magic");
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertThat(run("ping", "127.0.0.1:99999").exitCode()).isEqualTo(2);
        assertThat(run("ping", "127.0.0.1:8233", "--count", "0").exitCode()).isEqualTo(2);
        assertThat(run("ping", "127.0.0.1:8233", "--magic", "0badcafe").exitCode()).isEqualTo(2);
        assertThat(run("ping", "127.0.0.1:8233", "--timeout", "soon").exitCode()).isEqualTo(2);
        Result r = run("ping", "127.0.0.1:8233", "--magic", "24e92764", "--protocol-version", "1", "--min-peer-version", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--magic 24e92764 is mainnet's");
    }
}
