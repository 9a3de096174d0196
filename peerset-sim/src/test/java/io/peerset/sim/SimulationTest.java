package io.peerset.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small whole networks of real nodes: convergence, determinism, compare mode, churn and restarts. */
class SimulationTest {

    static Scenario.Builder small(int nodes) {
        NodeConfig node = NodeConfig.builder(Network.MAINNET).referenceBehaviour()
                .peerSet(PeerSetConfig.builder(Network.MAINNET).initialTargetSize(8).build()).build();
        return Scenario.builder(Network.MAINNET).name("small").nodes(nodes).node(node)
                .joinOver(Duration.ofSeconds(20)).duration(Duration.ofMinutes(3)).sampleInterval(Duration.ofSeconds(30))
                .latency(new Scenario.Latency(Duration.ofMillis(20), Duration.ofMillis(80)));
    }

    static List<String> lines(Scenario scenario, long seed) {
        List<String> out = new ArrayList<>();
        Simulation.Outcome outcome = Simulation.builder(scenario).seed(seed).onSample(s -> out.add(s.toJson())).run();
        out.add(outcome.last().toJson());
        return out;
    }

    @Test
    void honestNodesBootstrapFromSeedersAndReachTheirTarget() {
        Simulation.Outcome outcome = Simulation.builder(small(40).duration(Duration.ofMinutes(5)).build()).seed(3).run();
        Figures s = outcome.reference();
        assertThat(s.number("nodes")).isEqualTo(40);
        // the reference's one connection per IP: a node every other node dialled first may find no IP
        // left to dial, so a small network can keep one node without outbound peers
        assertThat(s.number("atLeast1")).as("%s", s).isGreaterThanOrEqualTo(39);
        assertThat(s.number("atTarget")).as("%s", s).isGreaterThanOrEqualTo(28);
        // the crawler fills spare slots up to three times the target (reference §1.4)
        assertThat(s.figures("outbound").number("worst")).isLessThanOrEqualTo(24);
        assertThat(s.number("components")).isEqualTo(1);
        assertThat(s.number("fullyEclipsed")).isZero();
        assertThat(s.figures("timeToTarget").number("reached")).isGreaterThanOrEqualTo(28);
        assertThat(s.figures("timeToTarget").number("median")).isPositive();
        assertThat(s.number("routedRequests")).isPositive();
        assertThat(s.figures("messages").get("version")).isNotNull();
        assertThat(s.figures("messages").figures("getaddr").number("sent")).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameOutputAndAnotherSeedAnother() {
        Scenario scenario = small(25).duration(Duration.ofMinutes(2)).build();
        List<String> a = lines(scenario, 11);
        assertThat(lines(scenario, 11)).isEqualTo(a);
        assertThat(lines(scenario, 12)).isNotEqualTo(a);
        assertThat(a).hasSize(5); // four samples, one summary
        assertThat(a.get(a.size() - 1)).startsWith("{\"type\":\"summary\",\"run\":\"reference\"");
    }

    @Test
    void compareModeRunsBothConfigurationsOnTheSameSeedSideBySide() {
        NodeConfig bigger = NodeConfig.builder(Network.MAINNET).referenceBehaviour()
                .peerSet(PeerSetConfig.builder(Network.MAINNET).initialTargetSize(12).build()).build();
        Scenario scenario = small(30).compare(new Scenario.Variant("target12", bigger)).build();
        Simulation.Outcome outcome = Simulation.builder(scenario).seed(5).run();
        Figures last = outcome.last();
        assertThat(last.values().keySet()).containsExactly("type", "reference", "target12");
        assertThat(last.figures("reference").get("run")).isEqualTo("reference");
        assertThat(last.figures("target12").figures("outbound").number("median"))
                .isGreaterThan(last.figures("reference").figures("outbound").number("median"));
        // the reference half equals a plain run of the same seed
        assertThat(last.figures("reference")).isEqualTo(Simulation.builder(small(30).build()).seed(5).run().reference());
    }

    @Test
    void churnReplacesNodesAndRestartsKeepTheirPeerCache() {
        Scenario replace = small(30).duration(Duration.ofMinutes(5))
                .churn(new Scenario.Churn(0.1, false, Duration.ZERO, Duration.ZERO)).build();
        Figures r = Simulation.builder(replace).seed(2).run().reference();
        // about 3 nodes a minute for 5 minutes replaced by new ones at new addresses
        assertThat(r.number("started")).isGreaterThan(30 + 8);
        assertThat(r.number("nodes")).isEqualTo(30);

        // seeders down after the first minute: only a node's stored peer cache brings it back
        Scenario.Builder seedersDown = small(30).duration(Duration.ofMinutes(5))
                .seeders(new Scenario.Seeders(3, 25, 1.0, List.of(new Scenario.Window(Duration.ofMinutes(1),
                        Duration.ofMinutes(10))), 0));
        Figures restarted = Simulation.builder(seedersDown.churn(new Scenario.Churn(0.1, true, Duration.ofSeconds(30),
                Duration.ZERO)).build()).seed(2).run().reference();
        Figures replaced = Simulation.builder(seedersDown.churn(new Scenario.Churn(0.1, false, Duration.ofSeconds(30),
                Duration.ZERO)).build()).seed(2).run().reference();
        assertThat(restarted.number("started")).isEqualTo(30); // the same 30 hosts came back
        assertThat(replaced.number("started")).isGreaterThan(30);
        assertThat(restarted.number("noOutbound")).as("%s", restarted).isLessThanOrEqualTo(3);
        assertThat(replaced.number("noOutbound")).as("%s", replaced).isGreaterThan(restarted.number("noOutbound") + 4);
        assertThat(restarted.number("components")).isLessThan(replaced.number("components"));
    }

    @Test
    void refusedDialsAndLinkResetsAreTheNetworksFaults() {
        Figures clean = Simulation.builder(small(20).duration(Duration.ofMinutes(2)).build()).seed(6).run().reference();
        Figures refused = Simulation.builder(small(20).duration(Duration.ofMinutes(2)).connectFailure(1.0).build())
                .seed(6).run().reference();
        assertThat(clean.number("atLeast1")).isGreaterThanOrEqualTo(18);
        assertThat(refused.number("atLeast1")).isZero();
        assertThat(refused.figures("messages").values()).doesNotContainKey("version");

        Figures resets = Simulation.builder(small(20).duration(Duration.ofMinutes(2)).meanLinkLifetime(Duration.ofSeconds(20))
                .build()).seed(6).run().reference();
        // links break every 20 s on average; a node may not redial an address for 119 s after it
        // failed (reference), and in 20 nodes every address soon has: connectivity collapses
        assertThat(resets.number("atLeast1")).isLessThan(clean.number("atLeast1") / 2);
        assertThat(resets.figures("outbound").number("median")).isLessThan(clean.figures("outbound").number("median"));
    }

    @Test
    void anUnknownStrategyOrParameterFailsBeforeAnythingRuns() {
        Scenario unknown = small(5).adversary(new Scenario.AdversaryGroup("nope", 2, 1, Duration.ZERO, 0, Map.of())).build();
        assertThatThrownBy(() -> Simulation.builder(unknown).run()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("adversary 1: strategy nope (expected: one of eclipse, fast, poison, ");
        Scenario badParam = small(5).adversary(new Scenario.AdversaryGroup("slow", 2, 1, Duration.ZERO, 0,
                Map.of("delay", "soon"))).build();
        assertThatThrownBy(() -> Simulation.builder(badParam).run())
                .hasMessage("adversary 1 (slow): delay: soon (expected: a duration such as 500ms, 10s, 2m or 1h, at most 3600s)");
    }
}
