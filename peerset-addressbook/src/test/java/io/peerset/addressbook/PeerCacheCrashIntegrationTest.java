package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the peer cache (issue 4, section 4): a child JVM rewrites the file in a loop and
 * is killed with SIGKILL at a random moment, 100 times; after every kill the file holds one of the
 * two complete contents, never a partial or an empty one.
 */
class PeerCacheCrashIntegrationTest {

    private static final int KILLS = 100;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledWriterLeavesTheOldOrTheNewFileNeverAPartialOne() throws Exception {
        Path target = dir.resolve("network").resolve("mainnet.peers");
        List<String> complete = new ArrayList<>();
        for (List<String> selection : PeerCacheRewriter.selections()) {
            complete.add(PeerCacheFile.format(selection));
        }
        SplittableRandom random = new SplittableRandom(20_261_124);
        String java = ProcessHandle.current().info().command().orElse("java");
        // Surefire patches the test classes into the module: name both output folders, and the jars
        // of both paths, so the child runs the same code on a plain class path.
        Path module = Path.of(System.getProperty("user.dir"));
        String classPath = String.join(File.pathSeparator, List.of(
                module.resolve("target/test-classes").toString(), module.resolve("target/classes").toString(),
                System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", "")));
        int killedMidWrite = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Dslf4j.internal.verbosity=ERROR", "-cp", classPath, PeerCacheRewriter.class.getName(),
                    target.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                for (int skipped = 0; line != null && !line.equals("ready") && skipped < 20; skipped++) {
                    line = out.readLine();
                }
                assertThat(line).as("child output before kill %d", kill).isEqualTo("ready");
                // Let it rewrite for a random while (up to 30 ms), then kill it, most likely mid-write.
                long until = System.nanoTime() + random.nextLong(TimeUnit.MILLISECONDS.toNanos(30));
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            try (var listing = Files.list(target.getParent())) {
                killedMidWrite += listing.anyMatch(p -> p.getFileName().toString().startsWith(".tmp.")) ? 1 : 0;
            }
            assertThat(Files.readString(target, StandardCharsets.UTF_8)).as("after kill %d", kill).isIn(complete);
        }
        // The kills really landed during writes: some left a temporary file behind (it is hidden,
        // and the next writer's random name never collides with it).
        assertThat(killedMidWrite).isPositive();
    }
}
