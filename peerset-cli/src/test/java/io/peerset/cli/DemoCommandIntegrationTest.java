package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code peerset demo} in-process over real TCP on 127.0.0.1: a small network converges through
 * gossip, and a stop (standing in for SIGINT) ends it at once with exit 130. The distribution's
 * smoke run starts {@code bin/peerset demo} itself.
 */
@Timeout(90)
class DemoCommandIntegrationTest {

    @RegisterExtension
    final RecordedStops stops = new RecordedStops();

    @Test
    void sixNodesFindEachOtherAndEveryOneReachesItsTarget() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PeersetCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--nodes", "6", "--duration", "45s", "--seed", "7", "--json"); // usually done in 4-11 s

        assertThat(exit).as("stdout: %s%nstderr: %s", out, err).isZero();
        assertThat(out.toString().lines()).as("stdout holds the JSON object only").hasSize(1);
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        assertThat(summary.get("nodes").intValue()).isEqualTo(6);
        assertThat(summary.get("target").intValue()).isEqualTo(3);
        assertThat(summary.get("seed").longValue()).isEqualTo(7);
        assertThat(summary.get("allReachedTarget").booleanValue()).isTrue();
        assertThat(summary.get("stoppedBy").textValue()).isEqualTo("target");
        assertThat(summary.get("durationMs").longValue()).isLessThan(20_000);
        assertThat(summary.get("handshakesOk").longValue()).isGreaterThanOrEqualTo(6 * 3 / 2);
        assertThat(summary.get("perNode")).hasSize(6);
        for (JsonNode node : summary.get("perNode")) {
            assertThat(node.get("reachedTargetAfterMs").isIntegralNumber()).as(node.toString()).isTrue();
            assertThat(node.get("address").textValue()).startsWith("127.0.0.1:");
            assertThat(node.get("error").isNull()).isTrue();
        }
        assertThat(summary.get("requestsSent").longValue()).as("requests go out once nodes have peers").isPositive();
        assertThat(summary.get("requestsServed").longValue()).isEqualTo(summary.get("requestsAnswered").longValue());
        assertThat(err.toString()).startsWith("peerset demo: 6 regtest nodes on 127.0.0.1, target 3 peers each, seed 7; "
                + "accelerated simulation settings");
        assertThat(err.toString()).as("with --json the progress lines go to stderr").contains("demo 0.");
    }

    @Test
    void aStopClosesEveryNodeAndExits130() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> PeersetCommand.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "demo", "--nodes", "4", "--target", "3", "--duration", "1m"));
        await().atMost(Duration.ofSeconds(20)).until(() -> stops.armed() && out.toString().contains("demo "));
        stops.stopAll(); // SIGINT
        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(DemoCommand.EXIT_INTERRUPTED);
        assertThat(out.toString()).contains("(stopped by interrupt)").contains("node  address");
    }
}
