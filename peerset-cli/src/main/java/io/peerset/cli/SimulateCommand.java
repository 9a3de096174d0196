package io.peerset.cli;

import io.peerset.cli.config.ConfigException;
import io.peerset.cli.config.ScenarioLoader;
import io.peerset.sim.Figures;
import io.peerset.sim.Scenario;
import io.peerset.sim.Simulation;
import io.peerset.sim.spi.AdversaryStrategyProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerset simulate SCENARIO.toml}: runs a scenario on real peerset nodes under virtual time
 * ({@link Simulation}) and reports what it measured: a human summary on stdout, or with {@code --json}
 * one JSON line per sample and the summary (or, in compare mode, both summaries side by side) as the
 * last line — byte for byte the same for the same scenario and seed. Progress, wall time and heap go to
 * stderr, never into the deterministic output. With {@code --out DIR}: {@code samples.jsonl},
 * {@code summary.json}, {@code run.txt} (wall time, heap, command) and a self-contained
 * {@code report.html} with plots.
 *
 * <p>Exit status: 0 after a run; 2 for a bad scenario (one line naming the file, the key and what was
 * expected), an unknown strategy or bad usage; 1 when the output cannot be written.
 *
 * <p>Threading: the whole simulation runs on the calling thread.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Run a network of real peerset nodes under virtual time, deterministically, and report "
                + "connectivity, convergence and the adversaries' reach (docs/SIMULATION.md)."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "The scenario file (TOML).")
    Path scenario;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of every random draw: the same scenario and seed give the same output (default: 1).")
    long seed;

    @Option(names = "--json", description = "One JSON line per sample, then the summary as the last line.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write samples.jsonl, summary.json, run.txt and report.html (with plots) there.")
    Path out;

    @Option(names = "--strategies", description = "List the adversary strategies available and exit.")
    boolean listStrategies;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listStrategies) {
            for (Map.Entry<String, AdversaryStrategyProvider> e : Simulation.strategies().entrySet()) {
                stdout.printf("%-14s %s%n", e.getKey(), e.getValue().description());
            }
            return 0;
        }
        if (scenario == null) {
            err.println("peerset simulate: missing SCENARIO (expected: a scenario file; see docs/SIMULATION.md)");
            return 2;
        }
        Scenario s;
        try {
            s = ScenarioLoader.load(scenario);
        } catch (ConfigException e) {
            err.println("peerset simulate: " + e.getMessage());
            return 2;
        }
        List<Figures> samples = new ArrayList<>();
        long wallStart = System.nanoTime();
        Simulation.Outcome outcome;
        try {
            outcome = Simulation.builder(s).seed(seed)
                    .onSample(sample -> {
                        if (out != null) {
                            samples.add(sample); // for the report only: a long run at 1 s samples is large
                        }
                        if (json) {
                            stdout.println(sample.toJson());
                            stdout.flush();
                        }
                    })
                    .progress(line -> {
                        err.println(line);
                        err.flush();
                    })
                    .run();
        } catch (IllegalArgumentException e) {
            err.println("peerset simulate: " + scenario + ": " + e.getMessage());
            return 2;
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String run = String.format("simulate: %s, seed %d: %d s virtual in %.1f s wall (%.0fx real time), heap in use %d MiB"
                        + " of %d MiB max", s.name(), seed, s.duration().toSeconds(), wall,
                s.duration().toSeconds() * (s.compare().isPresent() ? 2 : 1) / wall, heapMiB, rt.maxMemory() >> 20);
        err.println(run);
        if (json) {
            stdout.println(outcome.last().toJson());
        } else {
            HumanSummary.print(stdout, s, outcome);
        }
        stdout.flush();
        if (out != null) {
            try {
                Files.createDirectories(out);
                StringBuilder lines = new StringBuilder();
                for (Figures f : samples) {
                    lines.append(f.toJson()).append('\n');
                }
                Files.writeString(out.resolve("samples.jsonl"), lines, StandardCharsets.UTF_8);
                Files.writeString(out.resolve("summary.json"), outcome.last().toJson() + "\n", StandardCharsets.UTF_8);
                Files.writeString(out.resolve("run.txt"), run + "\nscenario: " + scenario + "\n", StandardCharsets.UTF_8);
                Files.writeString(out.resolve("report.html"), HtmlReport.render(s, seed, samples, outcome),
                        StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                err.println("peerset simulate: cannot write " + out + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** The human summary: the figures people look for first, per run. */
    static final class HumanSummary {
        private HumanSummary() {
        }

        static void print(PrintWriter out, Scenario s, Simulation.Outcome outcome) {
            out.printf("%s: %d honest nodes, %d adversaries, %d virtual seconds%n", s.name(), s.nodes(),
                    s.adversaries().stream().mapToInt(Scenario.AdversaryGroup::count).sum(), s.duration().toSeconds());
            line(out, Simulation.REFERENCE, outcome.reference());
            outcome.variants().forEach((name, f) -> line(out, name, f));
        }

        private static void line(PrintWriter out, String name, Figures f) {
            Figures ttt = f.figures("timeToTarget");
            out.printf("  %-10s running %d: at target %d, >= 8 outbound %d, >= 1 %d, none %d; fully eclipsed %d;"
                            + " components %d (largest %d)%n", name, (int) f.number("nodes"), (int) f.number("atTarget"),
                    (int) f.number("atLeast8"), (int) f.number("atLeast1"), (int) f.number("noOutbound"),
                    (int) f.number("fullyEclipsed"), (int) f.number("components"), (int) f.number("largestComponent"));
            out.printf("  %-10s outbound median %s p90 %s max %s; inbound median %s; time to target median %s s,"
                            + " p90 %s s (%d reached)%n", "", fig(f, "outbound", "median"), fig(f, "outbound", "p90"),
                    fig(f, "outbound", "worst"), fig(f, "inbound", "median"), Figures.decimal(ttt.number("median")),
                    Figures.decimal(ttt.number("p90")), (int) ttt.number("reached"));
            if (f.get("addressBookAdversaryShare") != null) {
                out.printf("  %-10s adversary share: outbound median %s p90 %s worst %s; routed median %s; address"
                                + " books median %s%n", "", fig(f, "adversaryOutboundShare", "median"),
                        fig(f, "adversaryOutboundShare", "p90"), fig(f, "adversaryOutboundShare", "worst"),
                        fig(f, "adversaryRoutedShare", "median"), fig(f, "addressBookAdversaryShare", "median"));
            }
        }

        private static String fig(Figures f, String group, String name) {
            return Figures.decimal(f.figures(group).number(name));
        }
    }
}
