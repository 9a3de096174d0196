package io.peerset.plugin.seedlist.internal;

import io.peerset.testkit.doubles.RealTimeScheduler;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.plugin.seedlist.internal.LoopbackHttpServer.Answer;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The source against a real HTTP server on 127.0.0.1 that answers what a test scripts, honest or
 * hostile: a list (plain and signed), errors, a redirect, a false length, a body past the bound, a
 * body that never ends. Every failure names the URL and what to do; none takes longer than the
 * timeout.
 */
class SeedListHttpIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Every fetch's timeout but the stalled server's: long enough for a cold JVM's first TLS-less exchange under load. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The stalled server's, short so the test is quick; the option's own minimum (1 s) is checked elsewhere. */
    private static final Duration SHORT = Duration.ofMillis(500);
    private static final byte[] LIST = "203.0.113.7:8233\n# comment\n[2001:db8::1]:8233\n".getBytes(StandardCharsets.US_ASCII);

    private final RealTimeScheduler scheduler = new RealTimeScheduler("seed-list-test-timer");
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final LoopbackHttpServer server;

    SeedListHttpIntegrationTest() throws IOException {
        server = new LoopbackHttpServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        scheduler.close();
        blocking.shutdownNow();
    }

    private CompletableFuture<List<PeerAddress>> fetch(String path, int maxBytes) {
        return fetch(path, maxBytes, Optional.empty());
    }

    private CompletableFuture<List<PeerAddress>> fetch(String path, int maxBytes, Optional<PublicKey> key) {
        return fetch(path, maxBytes, key, TIMEOUT);
    }

    private CompletableFuture<List<PeerAddress>> fetch(String path, int maxBytes, Optional<PublicKey> key,
                                                       Duration timeout) {
        Location source = Location.parse(server.url(path));
        SeedListPlan plan = new SeedListPlan(source, key.map(k -> source.withSuffix(".sig")), key, maxBytes, 1000, timeout);
        return new SeedListSource(plan, new Fetcher(scheduler, blocking, timeout)).candidates();
    }

    @Test
    void aListServedOverLoopbackHttp() {
        server.answer("/seeds.txt", Answer.ok(LIST));
        assertThat(fetch("/seeds.txt", 1000)).succeedsWithin(WAIT).isEqualTo(List.of(
                PeerAddress.parse("203.0.113.7:8233"), PeerAddress.parse("[2001:db8::1]:8233")));
    }

    @Test
    void aSignedListAndItsSignatureFetchedTogether() throws Exception {
        KeyPair pair = Ed25519Test.keyPair();
        server.answer("/seeds.txt", Answer.ok(LIST));
        server.answer("/seeds.txt.sig", Answer.ok(java.util.Base64.getEncoder().encode(Ed25519Test.sign(pair.getPrivate(), LIST))));
        assertThat(SeedListSourceTest.done(fetch("/seeds.txt", 1000, Optional.of(pair.getPublic())))).hasSize(2);
        server.answer("/seeds.txt.sig", Answer.ok(Ed25519Test.sign(Ed25519Test.keyPair().getPrivate(), LIST)));
        assertThat(SeedListSourceTest.failure(fetch("/seeds.txt", 1000, Optional.of(pair.getPublic()))))
                .hasMessageContaining("does not verify with public_key");
    }

    @Test
    void anHttpErrorIsNamed() {
        assertThat(SeedListSourceTest.failure(fetch("/missing.txt", 1000)))
                .hasMessage("seed list " + server.url("/missing.txt") + ": HTTP 404 (expected: 200)");
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.answer("/old.txt", Answer.status(301, "Location: http://203.0.113.9/evil.txt\r\n"));
        assertThat(SeedListSourceTest.failure(fetch("/old.txt", 1000))).hasMessage("seed list " + server.url("/old.txt")
                + ": HTTP 301, a redirect to http://203.0.113.9/evil.txt (expected: 200; redirects are not followed:"
                + " configure the final URL)");
    }

    @Test
    void anAnnouncedLengthAboveTheBoundIsRefusedBeforeTheBody() {
        server.answer("/big.txt", Answer.raw(("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0], true));
        assertThat(SeedListSourceTest.failure(fetch("/big.txt", 1000))).hasMessage("seed list " + server.url("/big.txt")
                + ": announces 1000000000 bytes (expected: at most plugins.seed-list.max_bytes = 1000; raise it or"
                + " shorten the list)");
    }

    @Test
    void aBodyPastTheBoundIsCutOffWithoutALength() {
        // chunked, with no length announced: counted as it arrives
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            chunks.append("40\r\n").append("9".repeat(63)).append("\n\r\n");
        }
        server.answer("/endless.txt", Answer.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), chunks.toString().getBytes(StandardCharsets.US_ASCII), true));
        assertThat(SeedListSourceTest.failure(fetch("/endless.txt", 1000))).hasMessage("seed list "
                + server.url("/endless.txt") + ": more than 1000 bytes (expected: at most plugins.seed-list.max_bytes"
                + " = 1000; raise it or shorten the list)");
    }

    @Test
    void aServerThatNeverFinishesIsGivenUpAtTheTimeout() {
        server.answer("/slow.txt", Answer.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n1.2.3.4:1\n"
                .getBytes(StandardCharsets.US_ASCII), new byte[0], true));
        long start = System.nanoTime();
        CompletableFuture<List<PeerAddress>> answer = fetch("/slow.txt", 1000, Optional.empty(), SHORT);
        await().atMost(WAIT).until(answer::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(SeedListSourceTest.failure(answer)).hasMessage("seed list " + server.url("/slow.txt")
                + ": no complete answer within 500 ms (expected: within plugins.seed-list.timeout; raise it for a slow"
                + " server)");
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        String url = server.url("/seeds.txt");
        server.close();
        SeedListPlan plan = new SeedListPlan(Location.parse(url), Optional.empty(), Optional.empty(), 1000, 1000, TIMEOUT);
        CompletableFuture<List<PeerAddress>> answer = new SeedListSource(plan,
                new Fetcher(scheduler, blocking, TIMEOUT)).candidates();
        assertThat(SeedListSourceTest.failure(answer)).hasMessageStartingWith("seed list " + url + ": ");
    }
}
