package io.peerset.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.sim.spi.AdversaryStrategy;
import io.peerset.sim.spi.AdversaryStrategyProvider;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each built-in strategy does what it claims, measured against a control group of the same size that
 * behaves honestly (a provider defined here, through the same SPI a researcher uses), same scenario,
 * same seed.
 */
class StrategiesTest {

    /** A strategy that changes nothing: the control. */
    static final class Honest implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "honest";
        }

        @Override
        public String description() {
            return "behaves like an honest node (the control group)";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            return new AdversaryStrategy() { };
        }
    }

    static Map<String, AdversaryStrategyProvider> withControl() {
        Map<String, AdversaryStrategyProvider> all = new TreeMap<>(Simulation.strategies());
        all.put("honest", new Honest());
        return all;
    }

    static Figures run(String strategy, Map<String, String> parameters, int victims) {
        // 30 requests a minute per node: enough answers for the peers' latency estimates to matter
        Scenario s = SimulationTest.small(30).duration(Duration.ofMinutes(4)).requestsPerMinute(30)
                .adversary(new Scenario.AdversaryGroup(strategy, 8, 2, Duration.ZERO, victims, parameters)).build();
        return Simulation.builder(s).seed(9).strategies(withControl()).run().reference();
    }

    static double median(Figures f, String name) {
        return f.figures(name).number("median");
    }

    @Test
    void theBuiltInStrategiesAreFoundByServiceLoader() {
        assertThat(Simulation.strategies().keySet())
                .containsExactly("eclipse", "fast", "poison", "seeder-poison", "silent", "slow", "sybil");
    }

    @Test
    void poisonFillsAddressBooksWithAdversaryAddresses() {
        Figures control = run("honest", Map.of(), 0);
        Figures poison = run("poison", Map.of("push", "true"), 0);
        // 8 adversaries of 38 nodes: about a fifth of a book when they behave; most of it when they poison
        assertThat(median(control, "addressBookAdversaryShare")).isLessThan(0.3);
        assertThat(median(poison, "addressBookAdversaryShare")).isGreaterThan(median(control, "addressBookAdversaryShare") + 0.15);
        assertThat(poison.figures("messages").figures("addr").number("received"))
                .isGreaterThan(control.figures("messages").figures("addr").number("received"));
    }

    @Test
    void seederPoisoningTakesItsShareOfEverySeederAnswer() {
        Scenario s = SimulationTest.small(60).duration(Duration.ofMinutes(1))
                .adversary(new Scenario.AdversaryGroup("seeder-poison", 40, 2, Duration.ZERO, 0, Map.of("share", "0.4")))
                .build();
        World w = new World(s, s.node(), 4, List.of(Simulation.strategies().get("seeder-poison")
                .create(Map.of("share", "0.4"))), p -> { });
        w.run(f -> { }, new Stats("x"));
        for (int seeder = 0; seeder < 3; seeder++) {
            List<PeerAddress> answer = w.seederAnswer(seeder, w.honest.get(0)).join();
            assertThat(answer).hasSize(25).doesNotHaveDuplicates();
            // 10 of 25 from the poisoned share (distinct draws of 40), plus what the seeder lists of
            // the running nodes (40 of 100 are adversaries)
            assertThat(answer.stream().filter(w::isAdversary).count()).isBetween(8L, 25L);
        }
        w.close();
    }

    @Test
    void silentPeersAreDroppedAndAnswerNothing() {
        Figures control = run("honest", Map.of(), 0);
        Figures silent = run("silent", Map.of(), 0);
        // heartbeats time out: honest nodes drop them, so they hold fewer outbound slots than the control
        assertThat(silent.figures("adversaryOutboundShare").number("p90"))
                .isLessThan(control.figures("adversaryOutboundShare").number("p90"));
        assertThat(silent.figures("messages").figures("pong").number("received"))
                .isLessThan(silent.figures("messages").figures("ping").number("sent"));
    }

    @Test
    void slowPeersGetFewerRequestsAndFastPeersMore() {
        Figures control = run("honest", Map.of(), 0);
        double controlShare = (double) control.number("routedToAdversaries") / control.number("routedRequests");
        Figures slow = run("slow", Map.of("delay", "2s"), 0);
        Figures fast = run("fast", Map.of("latency", "1ms"), 0);
        assertThat(slow.number("routedToAdversaries") / slow.number("routedRequests")).isLessThan(controlShare);
        assertThat(fast.number("routedToAdversaries") / fast.number("routedRequests")).isGreaterThan(controlShare);
    }

    @Test
    void eclipseAttackersHoldTheirVictimsInboundSlots() {
        long[] control = adversariesInboundAtVictims(new Honest().create(Map.of()));
        long[] eclipse = adversariesInboundAtVictims(Simulation.strategies().get("eclipse").create(Map.of()));
        for (int v = 0; v < 2; v++) {
            assertThat(eclipse[v]).as("victim %s", v).isGreaterThanOrEqualTo(control[v] + 2);
        }
    }

    /** Adversary connections held at the two victims after three minutes, then at a non-victim. */
    private static long[] adversariesInboundAtVictims(AdversaryStrategy strategy) {
        Scenario s = SimulationTest.small(30).duration(Duration.ofMinutes(3))
                .adversary(new Scenario.AdversaryGroup("x", 8, 2, Duration.ofSeconds(5), 2, Map.of())).build();
        World w = new World(s, s.node(), 9, List.of(strategy), p -> { });
        w.run(f -> { }, new Stats("x"));
        long[] counts = new long[3];
        for (int v = 0; v < 3; v++) {
            SimNode node = w.honest.get(v == 2 ? 29 : v);
            counts[v] = node.inbound.stream().filter(w::isAdversary).count();
        }
        w.close();
        return counts;
    }

    /** Both runs of a compare face the same attacker: adversaries keep the baseline's settings, not the variant's. */
    @Test
    void adversariesKeepTheBaselineSettingsInEveryRun() {
        Scenario s = SimulationTest.small(10).duration(Duration.ofSeconds(20))
                .adversary(new Scenario.AdversaryGroup("x", 4, 2, Duration.ZERO, 0, Map.of())).build();
        NodeConfig variant = s.node().toBuilder()
                .peerSet(PeerSetConfig.builder(s.node().network()).initialTargetSize(12).build()).build();
        World w = new World(s, variant, 3, List.of(new Honest().create(Map.of())), p -> { });
        w.run(f -> { }, new Stats("x"));
        assertThat(w.honest).allSatisfy(n -> assertThat(n.target).isEqualTo(12));
        assertThat(w.adversaries).allSatisfy(n -> assertThat(n.target).isEqualTo(8));
        w.close();
    }

    @Test
    void sybilAddressesSitInTheGroupsFewPrefixes() {
        Scenario s = SimulationTest.small(10).duration(Duration.ofMinutes(1))
                .adversary(new Scenario.AdversaryGroup("sybil", 40, 4, Duration.ZERO, 0, Map.of())).build();
        World w = new World(s, s.node(), 1, List.of(Simulation.strategies().get("sybil").create(Map.of())), p -> { });
        assertThat(w.adversaries.stream().map(n -> prefix16(n.address.ip())).distinct().count()).isEqualTo(4);
        assertThat(w.honest.stream().map(n -> prefix16(n.address.ip())).filter(p -> w.adversaries.stream()
                .anyMatch(a -> prefix16(a.address.ip()).equals(p))).count()).isZero();
    }

    private static String prefix16(InetAddress ip) {
        byte[] b = ip.getAddress();
        return (b[0] & 0xff) + "." + (b[1] & 0xff);
    }
}
