package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.NodeConfig;
import io.peerset.testkit.doubles.RealTimeScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS seeding against a real DNS server: {@code dnsmasq} on 127.0.0.1 at a free port, answering
 * from {@code --host-record}s, with one domain forwarded to a socket that never answers. Skipped
 * (with a message saying what to install) when dnsmasq is absent; {@code .ci/run} installs it.
 *
 * <p>Every wait is bounded; every dnsmasq started is killed after its test or after the class.
 */
class DnsSeedingIntegrationTest {

    private static final String SKIP_MESSAGE = "dnsmasq not found: install the Debian package dnsmasq-base to run this test";

    /** The shortened per-name timeout: long enough for loopback, short enough for a fast suite. */
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    /** The shortened retry pause. */
    private static final Duration PAUSE = Duration.ofMillis(200);

    /** How long any single wait of this test may take before it fails. */
    private static final Duration BUDGET = Duration.ofSeconds(15);

    private static Path dnsmasq;
    private static DatagramSocket blackhole;
    private static Dnsmasq shared;
    private static RealTimeScheduler scheduler;

    private final List<Dnsmasq> perTest = new ArrayList<>();
    private final List<DnsSeedSource> sources = new ArrayList<>();

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = findDnsmasq();
        Assumptions.assumeTrue(dnsmasq != null, SKIP_MESSAGE);
        scheduler = new RealTimeScheduler("dns-test-scheduler");
        // Queries for slow.peerset.test are forwarded here, and never answered: it never reads.
        blackhole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        shared = Dnsmasq.start(dnsmasq, freePort(), blackhole.getLocalPort());
        shared.awaitReady();
        // Load Netty's DNS classes once, so that no test's short timeout pays for the JVM's warm-up.
        try (NettyNameLookup warmUp = new NettyNameLookup(
                Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), shared.port)), BUDGET)) {
            assertThat(warmUp.resolve("seed-a.peerset.test").get(BUDGET.toSeconds(), TimeUnit.SECONDS)).isNotEmpty();
        }
    }

    @AfterAll
    static void stopDnsmasq() {
        if (shared != null) {
            shared.close();
        }
        if (blackhole != null) {
            blackhole.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @AfterEach
    void stopPerTest() {
        sources.forEach(DnsSeedSource::close);
        perTest.forEach(Dnsmasq::close);
    }

    private DnsSeedSource source(int dnsPort, String... peers) {
        NodeConfig config = NodeConfig.builder(Network.MAINNET).initialPeers(List.of(peers)).noCache()
                .dnsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort)).build();
        DnsSeedSource source = DnsSeedCandidateSourceProvider.create(config, scheduler, TIMEOUT, PAUSE);
        sources.add(source);
        return source;
    }

    private static PeerAddress addr(String text) {
        return PeerAddress.parse(text);
    }

    @Test
    void severalNamesYieldTheUnionOfTheirAddressesWithEachEntrysPort() throws Exception {
        DnsSeedSource source = source(shared.port, "seed-a.peerset.test:8233", "seed-b.peerset.test:18233",
                "10.1.2.3:8233", "SEED-A.peerset.test:8233");

        List<PeerAddress> found = source.candidates().get(BUDGET.toSeconds(), TimeUnit.SECONDS);

        assertThat(found).containsExactlyInAnyOrder(addr("127.0.0.2:8233"), addr("127.0.0.3:8233"),
                addr("127.0.0.4:18233"), addr("[::1]:18233"));
        assertThat(source.roundsFinished()).isEqualTo(1);
    }

    @Test
    void aNameThatNeverAnswersTimesOutWithoutDelayingTheOthers() throws Exception {
        DnsSeedSource source = source(shared.port, "slow.peerset.test:8233", "seed-a.peerset.test:8233",
                "missing.peerset.test:8233", "seed-b.peerset.test:8233");

        long start = System.nanoTime();
        List<PeerAddress> found = source.candidates().get(BUDGET.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(found).containsExactlyInAnyOrder(addr("127.0.0.2:8233"), addr("127.0.0.3:8233"),
                addr("127.0.0.4:8233"), addr("[::1]:8233"));
        // The silent name is given up on after its query timeout (80 % of TIMEOUT) at the latest by
        // TIMEOUT; the others are not asked one after the other, nor retried.
        assertThat(took).isGreaterThanOrEqualTo(DnsSeedCandidateSourceProvider.queryTimeout(TIMEOUT).minusMillis(50))
                .isLessThan(TIMEOUT.plusMillis(750));
        assertThat(source.roundsFinished()).isEqualTo(1);
    }

    @Test
    void aNameWhoseAaaaQuestionIsNeverAnsweredStillYieldsItsIpv4Addresses() throws Exception {
        DnsSeedSource source = source(shared.port, "half.peerset.test:8233");

        long start = System.nanoTime();
        List<PeerAddress> found = source.candidates().get(BUDGET.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(found).containsExactly(addr("127.0.0.5:8233"));
        assertThat(took).isLessThan(TIMEOUT.plusMillis(750));
        assertThat(source.roundsFinished()).isEqualTo(1);
    }

    @Test
    void whenNoNameResolvesTheWholeSetIsAskedAgainUntilOneDoes() throws Exception {
        int port = freePort();
        DnsSeedSource source = source(port, "seed-a.peerset.test:8233", "seed-b.peerset.test:8233");

        // No server yet: the first round fails (no answer, or "port unreachable").
        CompletableFuture<List<PeerAddress>> found = source.candidates();
        Awaitility.await().atMost(BUDGET).until(() -> source.roundsFinished() >= 1);
        assertThat(found).isNotDone();

        Dnsmasq late = Dnsmasq.start(dnsmasq, port, blackhole.getLocalPort());
        perTest.add(late);

        assertThat(found.get(BUDGET.toSeconds(), TimeUnit.SECONDS)).containsExactlyInAnyOrder(addr("127.0.0.2:8233"),
                addr("127.0.0.3:8233"), addr("127.0.0.4:8233"), addr("[::1]:8233"));
        assertThat(source.roundsFinished()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void closeCompletesAPendingLookupEmptyAndStopsTheResolverThread() throws Exception {
        NodeConfig config = NodeConfig.builder(Network.MAINNET).initialPeers(List.of("seed-a.peerset.test:8233"))
                .noCache().dnsServer((InetSocketAddress) blackhole.getLocalSocketAddress()).build();
        AtomicReference<NettyNameLookup> created = new AtomicReference<>();
        DnsSeedSource source = DnsSeedCandidateSourceProvider.plan(config, scheduler, () -> {
            NettyNameLookup lookup = new NettyNameLookup(config.dnsServer(), Duration.ofSeconds(10));
            created.set(lookup);
            return lookup;
        }, Duration.ofSeconds(10), PAUSE);
        sources.add(source);

        CompletableFuture<List<PeerAddress>> found = source.candidates();
        Awaitility.await().during(Duration.ofMillis(200)).atMost(BUDGET).until(() -> !found.isDone());

        source.close();
        source.close();

        assertThat(found.get(BUDGET.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(created.get().terminationFuture().await(BUDGET.toMillis())).isTrue();
        assertThat(source.candidates()).isCompletedWithValue(List.of());
    }

    /** @return dnsmasq's path, or null if it is not installed */
    private static Path findDnsmasq() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/sbin/dnsmasq"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "dnsmasq"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** @return a port free for both UDP and TCP on 127.0.0.1 (dnsmasq binds both) */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return tcp.getLocalPort();
                } catch (IOException taken) {
                    // TCP side busy: try another.
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }

    /** A dnsmasq process in the foreground, serving the test's zone. */
    private static final class Dnsmasq implements AutoCloseable {
        final int port;
        final Process process;
        final Path log;

        private Dnsmasq(int port, Process process, Path log) {
            this.port = port;
            this.process = process;
            this.log = log;
        }

        static Dnsmasq start(Path binary, int port, int blackholePort) throws IOException {
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> command = List.of(binary.toString(),
                    "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                    "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file=",
                    // As root dnsmasq would switch to "nobody", which may not exist; otherwise it stays as is.
                    "--user=" + (root ? "root" : System.getProperty("user.name")),
                    "--cache-size=0", "--log-facility=-", "--log-queries",
                    // Answer every other name under peerset.test locally (NXDOMAIN), never upstream.
                    "--local=/peerset.test/",
                    "--host-record=seed-a.peerset.test,127.0.0.2",
                    "--host-record=seed-a.peerset.test,127.0.0.3",
                    "--host-record=seed-b.peerset.test,127.0.0.4,::1",
                    // An A record, while the AAAA question goes on to the silent server.
                    "--host-record=half.peerset.test,127.0.0.5",
                    "--server=/half.peerset.test/127.0.0.1#" + blackholePort,
                    "--server=/slow.peerset.test/127.0.0.1#" + blackholePort);
            Path log = Files.createTempFile("dnsmasq-" + port + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Dnsmasq(port, process, log);
        }

        /** Waits until dnsmasq answers a query for seed-a (it answers before it is fully up otherwise). */
        void awaitReady() {
            Awaitility.await().atMost(BUDGET).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("dnsmasq exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                return answers("seed-a.peerset.test");
            });
        }

        private boolean answers(String name) throws IOException {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(200);
                byte[] query = aQuery(name);
                socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                socket.receive(reply);
                return reply.getLength() > 12;
            } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                return false;
            }
        }

        /** @return a DNS query for the A record of {@code name} (RFC 1035 section 4.1) */
        private static byte[] aQuery(String name) {
            ByteBuffer b = ByteBuffer.allocate(512);
            b.putShort((short) 0x5eed).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0);
            for (String label : name.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                b.put((byte) bytes.length).put(bytes);
            }
            b.put((byte) 0).putShort((short) 1).putShort((short) 1);
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                Files.deleteIfExists(log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } catch (IOException e) {
                // A temp file left behind: harmless.
            }
        }
    }
}
