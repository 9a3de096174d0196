package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.cli.config.ScenarioLoader;
import io.peerset.sim.Figures;
import io.peerset.sim.Scenario;
import io.peerset.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** {@code peerset simulate}: the shipped scenarios load, output is deterministic, bad scenarios fail in one line. */
class SimulateCommandTest {

    static final Path SCENARIOS = Path.of("src/main/dist/scenarios");

    static final String TINY = """
            name = "tiny"
            network = "Mainnet"
            nodes = 20
            join_over = "10s"
            duration = "2m"
            sample_interval = "30s"
            [node.network]
            peerset_initial_target_size = 4
            [compare]
            name = "target6"
            [compare.network]
            peerset_initial_target_size = 6
            [latency]
            honest = { min = "10ms", max = "50ms" }
            [[adversary]]
            strategy = "poison"
            count = 3
            prefixes = 2
            """;

    static Path write(Path dir, String toml) throws IOException {
        Path f = dir.resolve("s.toml");
        Files.writeString(f, toml);
        return f;
    }

    @Test
    void jsonIsOneLinePerSampleThenTheComparisonAndTheSameForTheSameSeed(@TempDir Path dir) throws IOException {
        Path file = write(dir, TINY);
        Cli.Result a = run("simulate", file.toString(), "--json", "--seed", "4");
        assertThat(a.exitCode()).as(a.err()).isZero();
        List<String> lines = a.out().lines().toList();
        assertThat(lines).hasSize(4 * 2 + 1);
        assertThat(lines.get(0)).startsWith("{\"type\":\"sample\",\"run\":\"reference\",\"virtualSeconds\":30,");
        assertThat(lines.get(4)).startsWith("{\"type\":\"sample\",\"run\":\"target6\",\"virtualSeconds\":30,");
        assertThat(lines.get(8)).startsWith("{\"type\":\"comparison\",\"reference\":{\"type\":\"summary\"")
                .contains("\"target6\":{\"type\":\"summary\",\"run\":\"target6\"");
        assertThat(a.err()).contains("virtual in").contains("heap in use");
        assertThat(run("simulate", file.toString(), "--json", "--seed", "4").out()).isEqualTo(a.out());
        assertThat(run("simulate", file.toString(), "--json", "--seed", "5").out()).isNotEqualTo(a.out());
    }

    @Test
    void outWritesSamplesSummaryAndAnHtmlReport(@TempDir Path dir) throws IOException {
        Path file = write(dir, TINY);
        Cli.Result r = run("simulate", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("tiny: 20 honest nodes, 3 adversaries, 120 virtual seconds")
                .contains("reference").contains("target6").contains("fully eclipsed");
        assertThat(Files.readAllLines(dir.resolve("out/samples.jsonl"))).hasSize(8);
        assertThat(Files.readString(dir.resolve("out/summary.json"))).startsWith("{\"type\":\"comparison\"");
        String html = Files.readString(dir.resolve("out/report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("<polyline").contains("<rect")
                .doesNotContain("<script");
    }

    @Test
    void theShippedScenariosLoad() throws IOException {
        try (var files = Files.list(SCENARIOS)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("bootstrap.toml", "churn.toml",
                    "dns-down.toml", "addr-poisoning.toml", "sybil-prefixes.toml", "eclipse-victims.toml",
                    "bootstrap-10k.toml", "bootstrap-compare.toml");
            for (Path p : all) {
                assertThat(ScenarioLoader.load(p).name()).isNotBlank();
            }
        }
    }

    /**
     * Small versions of the shipped scenarios (60 honest nodes, adversaries scaled alike, 3 virtual
     * minutes): each runs to its end with its own features at work. The full-size runs are behind
     * peerset-bench/scripts/simulate-scenarios.sh (docs/SIMULATION.md).
     */
    @Test
    void smallVersionsOfTheShippedScenariosRun() {
        for (String name : List.of("bootstrap", "churn", "dns-down", "addr-poisoning", "sybil-prefixes", "eclipse-victims",
                "fast-routing")) {
            Scenario full = ScenarioLoader.load(SCENARIOS.resolve(name + ".toml"));
            double scale = 60.0 / full.nodes();
            List<Scenario.AdversaryGroup> scaled = full.adversaries().stream().map(g -> new Scenario.AdversaryGroup(
                    g.strategy(), Math.max(2, (int) Math.round(g.count() * scale)), g.prefixes(), g.start(),
                    Math.min(g.victims(), 3), g.parameters())).toList();
            // churn begins after 2 minutes: its small version runs longer, so that some nodes leave
            Duration duration = name.equals("churn") ? Duration.ofMinutes(6) : Duration.ofMinutes(3);
            Scenario.Builder b = full.toBuilder().nodes(60).joinOver(Duration.ofSeconds(20)).duration(duration)
                    .sampleInterval(Duration.ofMinutes(1)).adversaries(scaled);
            // the victims' restart comes within the short run too
            full.victimRestart().ifPresent(r -> b.victimRestart(new Scenario.VictimRestart(Duration.ofMinutes(2), r.downtime())));
            Scenario small = b.build();
            Simulation.Outcome outcome = Simulation.builder(small).seed(2).run();
            Figures f = outcome.reference();
            if (name.equals("sybil-prefixes")) {
                // the defence at work beside the baseline: one outbound peer per /16, 4 adversary /16s
                assertThat(outcome.last().figures("peerset").figures("adversaryOutbound").number("worst"))
                        .as(name).isLessThanOrEqualTo(4);
            }
            assertThat(f.number("nodes")).as(name).isGreaterThanOrEqualTo(55);
            assertThat(f.number("atLeast1")).as("%s: %s", name, f).isGreaterThanOrEqualTo(50);
            if (name.equals("churn")) {
                assertThat(f.number("started")).as(name).isGreaterThan(60);
            }
            if (name.equals("fast-routing")) {
                // the figure the scenario is for, at its victims, beside the baseline's
                assertThat(outcome.last().figures("peerset").figures("victims").figures("routingExcess").number("nodes"))
                        .as(name).isEqualTo(3);
                assertThat(f.figures("routingExcess").figures("lastInterval").number("nodes")).as(name).isPositive();
            }
            if (name.equals("eclipse-victims")) {
                // restarted at 2 minutes, running again with honest outbound peers at 3
                Figures victims = outcome.last().figures("peerset").figures("victims");
                assertThat(victims.number("running")).as(name).isEqualTo(3);
                assertThat(victims.figures("honestOutbound").number("fewest")).as("%s: %s", name, victims).isPositive();
            }
            if (!full.adversaries().isEmpty()) {
                assertThat(f.number("adversaries")).as(name).isPositive();
                assertThat(f.figures("addressBookAdversaryShare").number("worst")).as(name).isPositive();
            }
        }
    }

    @Test
    void listsTheStrategies() {
        Cli.Result r = run("simulate", "--strategies");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().map(l -> l.split(" ")[0]).toList())
                .containsExactly("eclipse", "fast", "poison", "seeder-poison", "silent", "slow", "sybil");
    }

    @Test
    void badScenariosFailWithOneLineNamingFileKeyAndExpectation(@TempDir Path dir) throws IOException {
        String[][] cases = {
                {"nodes = 0\n", "s.toml: nodes: 0 (expected: 1..100000)"},
                {"nodez = 5\n", "s.toml: nodez: unknown key; did you mean nodes?"},
                {"[node.network]\nlisten_addr = \"1.2.3.4:8233\"\n", "node.network.listen_addr: set by the simulator"},
                {"[latency]\nhonest = \"fast\"\n", "latency.honest: \"fast\""},
                {"[churn]\nper_minute = 2.0\n", "churn.per_minute: 2.0 (expected: 0 to 1)"},
                {"[[adversary]]\nstrategy = \"nope\"\ncount = 2\n", "strategy nope (expected: one of eclipse, fast"},
                {"[[adversary]]\nstrategy = \"slow\"\ncount = 2\n[adversary.parameters]\ndelay = \"soon\"\n",
                        "adversary 1 (slow): delay: soon (expected: a duration"},
                {"[seeders]\ndown = [ { from = \"5m\", until = \"1m\" } ]\n", "seeders.down[1]: until: PT1M (expected: after from"},
                {"duration = 5\n", "duration: the integer 5 (expected: a duration"},
                {"[compare]\nname = \"reference\"\n", "compare.name: reference (expected:"},
                {"join_over = \"20m\"\n[[adversary]]\nstrategy = \"poison\"\ncount = 2\n", "join_over: PT20M (expected: at most the duration"},
                {"[[adversary]]\nstrategy = \"poison\"\nshare = -0.5\n", "adversary[1].share: -0.5 (expected: more than 0"},
                {"[seeders]\npoisoned = 0.5\n", "seeders.poisoned: 0.5 (expected: 0 without adversaries"},
                {"[[adversary]]\nstrategy = \"poison\"\ncount = 2\nprefixes = 8000\n[[adversary]]\nstrategy = \"poison\"\ncount = 2\nprefixes = 8000\n",
                        "adversary.prefixes (all groups): 16000 (expected: 0..8192)"},
                {"nodes = 70000\n[address_space]\nprefixes = 1\n", "nodes: 70000 (expected: at most 65024"},
                {"[victim_restart]\nat = \"1m\"\n", "victim_restart: set (expected: only with an adversary group that has victims)"},
                {"[victim_restart]\nat = \"20m\"\n[[adversary]]\nstrategy = \"eclipse\"\ncount = 2\nvictims = 1\n",
                        "victim_restart.at: PT20M (expected: before the end, PT10M)"},
        };
        for (String[] c : cases) {
            Cli.Result r = run("simulate", write(dir, c[0]).toString());
            assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(c[0]).doesNotContain("\n").contains(c[1]).startsWith("peerset simulate: ");
            assertThat(r.out()).isEmpty();
        }
        assertThat(run("simulate", dir.resolve("missing.toml").toString()).err()).contains("no such file");
    }

    @Test
    void anyNodeCountOutOfRangeIsRefusedAndAnyInRangeLoads(@TempDir Path dir) {
        Gen<Integer> counts = SourceDSL.integers().between(-1_000, 200_000);
        QuickTheory.qt().withExamples(60).forAll(counts).checkAssert(n -> {
            String toml = "nodes = " + n + "\n";
            boolean valid = n >= 1 && n <= 100_000;
            if (valid) {
                assertThat(ScenarioLoader.parse(toml, "p.toml").nodes()).isEqualTo(n);
            } else {
                assertThatThrownBy(() -> ScenarioLoader.parse(toml, "p.toml"))
                        .hasMessage("p.toml: nodes: " + n + " (expected: 1..100000)");
            }
        });
    }
}
