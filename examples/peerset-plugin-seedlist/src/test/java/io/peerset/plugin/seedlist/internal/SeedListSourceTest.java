package io.peerset.plugin.seedlist.internal;

import io.peerset.testkit.doubles.RealTimeScheduler;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PluginSettings;
import io.peerset.plugin.seedlist.SeedListOptions;
import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source over files: plain and signed lists, and every way a list is refused. */
class SeedListSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] LIST = "# test\n203.0.113.7:8233\n[2001:db8::1]:8233\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final RealTimeScheduler scheduler = new RealTimeScheduler("seed-list-test-timer");
    private final ExecutorService blocking = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        scheduler.close();
        blocking.shutdownNow();
    }

    private SeedListSource source(PluginSettings settings) {
        SeedListPlan plan = SeedListPlan.of(settings);
        return new SeedListSource(plan, new Fetcher(scheduler, blocking, plan.timeout()));
    }

    private static PluginSettings.Builder settings(Path list) {
        return PluginSettings.builder().set(SeedListOptions.SOURCE, list.toString());
    }

    @Test
    void aPlainListGivesItsAddresses() throws Exception {
        Path list = Files.write(dir.resolve("seeds.txt"), LIST);
        SeedListSource source = source(settings(list).build());
        assertThat(source.name()).isEqualTo("seed-list");
        assertThat(source.candidates()).succeedsWithin(WAIT).isEqualTo(List.of(PeerAddress.parse("203.0.113.7:8233"),
                PeerAddress.parse("[2001:db8::1]:8233")));
        // asked again, it reads again (a node asks once per start)
        Files.writeString(list, "1.2.3.4:1\n");
        assertThat(source.candidates()).succeedsWithin(WAIT).isEqualTo(List.of(PeerAddress.parse("1.2.3.4:1")));
    }

    @Test
    void aSignedListIsUsedOnlyIfItsSignatureVerifies() throws Exception {
        KeyPair pair = Ed25519Test.keyPair();
        Path list = Files.write(dir.resolve("seeds.txt"), LIST);
        Files.write(dir.resolve("seeds.txt.sig"), Ed25519Test.sign(pair.getPrivate(), LIST));
        String key = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        SeedListSource source = source(settings(list).set(SeedListOptions.PUBLIC_KEY, key).build());
        assertThat(done(source.candidates())).hasSize(2);

        Files.writeString(list, "# test\n198.51.100.66:8233\n[2001:db8::1]:8233\n"); // an attacker's peer slipped in
        assertThat(failure(source.candidates())).hasMessage("seed list " + list + ": the signature " + list + ".sig does"
                + " not verify with public_key (expected: the list signed by that key, unchanged since; no address of it"
                + " is used)");

        Files.writeString(dir.resolve("seeds.txt.sig"), "garbage");
        assertThat(failure(source.candidates())).hasMessage("seed list " + list + ": its signature " + list + ".sig holds"
                + " 7 bytes that are not an Ed25519 signature (expected: its 64 bytes, raw or as one line of Base64 or hex)");

        Path elsewhere = Files.write(dir.resolve("sig.b64"),
                Base64.getEncoder().encode(Ed25519Test.sign(pair.getPrivate(), Files.readAllBytes(list))));
        SeedListSource named = source(settings(list).set(SeedListOptions.PUBLIC_KEY, key)
                .set(SeedListOptions.SIGNATURE, elsewhere.toString()).build());
        assertThat(done(named.candidates())).containsExactly(PeerAddress.parse("198.51.100.66:8233"),
                PeerAddress.parse("[2001:db8::1]:8233"));
    }

    @Test
    void aMissingSignatureFailsTheList() throws Exception {
        KeyPair pair = Ed25519Test.keyPair();
        Path list = Files.write(dir.resolve("seeds.txt"), LIST);
        SeedListSource source = source(settings(list).set(SeedListOptions.PUBLIC_KEY,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())).build());
        assertThat(failure(source.candidates())).hasMessage("signature " + list + ".sig: cannot read it: no such file");
    }

    @Test
    void aFileLargerThanTheBoundIsRefusedBeforeItIsRead() throws Exception {
        Path list = Files.write(dir.resolve("seeds.txt"), new byte[101]);
        SeedListSource source = source(settings(list).set(SeedListOptions.MAX_BYTES, 100).build());
        assertThat(failure(source.candidates())).hasMessage("seed list " + list + ": 101 bytes (expected: at most "
                + "plugins.seed-list.max_bytes = 100; raise it or shorten the list)");
    }

    @Test
    void aMissingFileOrADirectoryIsNamed() throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertThat(failure(source(settings(missing).build()).candidates()))
                .hasMessage("seed list " + missing + ": cannot read it: no such file");
        assertThat(failure(source(settings(dir).build()).candidates()))
                .hasMessage("seed list " + dir + ": is a directory (expected: a file)");
    }

    @Test
    void maxPeersKeepsTheFirstAddresses() throws Exception {
        Path list = Files.writeString(dir.resolve("seeds.txt"), "1.1.1.1:1\n2.2.2.2:2\n3.3.3.3:3\n");
        assertThat(done(source(settings(list).set(SeedListOptions.MAX_PEERS, 2).build()).candidates())).containsExactly(PeerAddress.parse("1.1.1.1:1"), PeerAddress.parse("2.2.2.2:2"));
    }

    @Test
    void closeCompletesAPendingAnswerWithNoAddress() throws Exception {
        Path list = Files.write(dir.resolve("seeds.txt"), LIST);
        SeedListPlan plan = SeedListPlan.of(settings(list).build());
        Executor never = task -> { }; // the read never runs: the answer stays pending until close
        SeedListSource source = new SeedListSource(plan, new Fetcher(scheduler, never, plan.timeout()));
        CompletableFuture<List<PeerAddress>> pending = source.candidates();
        assertThat(pending).isNotDone();
        source.close();
        assertThat(pending).isCompletedWithValue(List.of());
        assertThat(source.candidates()).isCompletedWithValue(List.of());
        source.close(); // idempotent
    }

    @Test
    void aPlanIsMadeWithoutIo() {
        SeedListPlan plan = SeedListPlan.of(settings(dir.resolve("not-yet-there.txt")).build());
        assertThat(plan.signature()).isEqualTo(Optional.empty());
        assertThat(plan.maxBytes()).isEqualTo(SeedListConstants.DEFAULT_MAX_BYTES);
        assertThat(plan.maxPeers()).isEqualTo(SeedListConstants.DEFAULT_MAX_PEERS);
        assertThat(plan.timeout()).isEqualTo(SeedListConstants.DEFAULT_TIMEOUT);
    }

    /** The future's addresses, waited for at most {@link #WAIT}. */
    static List<PeerAddress> done(CompletableFuture<List<PeerAddress>> future) {
        try {
            return future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected addresses", e);
        }
    }

    static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SeedListException.class);
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected a failed future", e);
        }
        throw new AssertionError("expected a failed future, got " + future.join());
    }
}
