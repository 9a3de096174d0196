package io.peerset.cli;

import io.peerset.sim.Figures;
import io.peerset.sim.Scenario;
import io.peerset.sim.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The self-contained HTML report of {@code peerset simulate --out}: the summary and three plots drawn
 * as inline SVG (no script, no external file): the convergence curve (nodes at their target, with at
 * least one outbound peer, fully eclipsed), the adversaries' share of outbound peers over time, and
 * the outbound degree histogram at the end; one colour per run in compare mode.
 */
final class HtmlReport {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    private static final int W = 640;
    private static final int H = 240;
    private static final int PAD = 40;

    private HtmlReport() {
    }

    static String render(Scenario s, long seed, List<Figures> samples, Simulation.Outcome outcome) {
        Map<String, List<Figures>> byRun = new LinkedHashMap<>();
        for (Figures f : samples) {
            byRun.computeIfAbsent((String) f.get("run"), k -> new ArrayList<>()).add(f);
        }
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>peerset simulate: ").append(esc(s.name()))
                .append("</title><style>body{font:14px sans-serif;margin:2em;max-width:60em}svg{background:#fafafa;"
                        + "border:1px solid #ddd}code,pre{background:#f4f4f4;padding:2px}pre{white-space:pre-wrap;"
                        + "word-break:break-all}</style></head><body>");
        h.append("<h1>").append(esc(s.name())).append("</h1><p>").append(s.nodes()).append(" honest nodes, ")
                .append(s.adversaries().stream().mapToInt(Scenario.AdversaryGroup::count).sum())
                .append(" adversaries, ").append(s.duration().toSeconds()).append(" virtual seconds, seed ").append(seed)
                .append(". Runs: ");
        int c = 0;
        for (String run : byRun.keySet()) {
            h.append("<span style=\"color:").append(COLOURS[c++ % COLOURS.length]).append("\">&#9632; ")
                    .append(esc(run)).append("</span> ");
        }
        h.append("</p>");
        h.append("<h2>Convergence</h2><p>Share of running honest nodes at their outbound target (solid), with at "
                + "least one outbound peer (dashed), and fully eclipsed (dotted).</p>");
        h.append(chart(byRun, List.of(
                f -> f.number("atTarget") / Math.max(1, f.number("nodes")),
                f -> f.number("atLeast1") / Math.max(1, f.number("nodes")),
                f -> f.number("fullyEclipsed") / Math.max(1, f.number("nodes"))), 1.0));
        if (!s.adversaries().isEmpty()) {
            h.append("<h2>Adversaries' share of outbound peers</h2><p>Median (solid) and 90th percentile (dashed) "
                    + "over honest nodes with outbound peers.</p>");
            h.append(chart(byRun, List.of(
                    f -> f.figures("adversaryOutboundShare").number("median"),
                    f -> f.figures("adversaryOutboundShare").number("p90")), 1.0));
        }
        h.append("<h2>Outbound degree at the end</h2>");
        h.append(histogram(outcome));
        h.append("<h2>Summary</h2><pre>").append(esc(outcome.last().toJson())).append("</pre>");
        h.append("<p>Reproduce: <code>peerset simulate SCENARIO.toml --seed ").append(seed)
                .append(" --json</code>. What the simulation does not model: docs/SIMULATION.md.</p></body></html>\n");
        return h.toString();
    }

    private static String chart(Map<String, List<Figures>> byRun, List<ToDoubleFunction<Figures>> series, double yMax) {
        double xMax = 1;
        for (List<Figures> run : byRun.values()) {
            for (Figures f : run) {
                xMax = Math.max(xMax, f.number("virtualSeconds"));
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\">");
        axes(svg, xMax, yMax);
        String[] dash = {"", "6,4", "2,3"};
        int c = 0;
        for (List<Figures> run : byRun.values()) {
            String colour = COLOURS[c++ % COLOURS.length];
            for (int k = 0; k < series.size(); k++) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"");
                if (!dash[k % dash.length].isEmpty()) {
                    svg.append(" stroke-dasharray=\"").append(dash[k % dash.length]).append('"');
                }
                svg.append(" points=\"");
                for (Figures f : run) {
                    svg.append(x(f.number("virtualSeconds"), xMax)).append(',')
                            .append(fmt(y(series.get(k).applyAsDouble(f), yMax))).append(' ');
                }
                svg.append("\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String histogram(Simulation.Outcome outcome) {
        Map<String, Figures> runs = new LinkedHashMap<>();
        runs.put(Simulation.REFERENCE, outcome.reference());
        runs.putAll(outcome.variants());
        int maxDegree = 1;
        double maxCount = 1;
        for (Figures f : runs.values()) {
            for (Map.Entry<String, Object> e : f.figures("outboundHistogram").values().entrySet()) {
                maxDegree = Math.max(maxDegree, Integer.parseInt(e.getKey()));
                maxCount = Math.max(maxCount, ((Number) e.getValue()).doubleValue());
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\">");
        axes(svg, maxDegree, maxCount);
        double slot = (W - 2.0 * PAD) / (maxDegree + 1);
        int c = 0;
        for (Figures f : runs.values()) {
            String colour = COLOURS[c % COLOURS.length];
            double barWidth = slot / runs.size();
            for (Map.Entry<String, Object> e : f.figures("outboundHistogram").values().entrySet()) {
                int degree = Integer.parseInt(e.getKey());
                double count = ((Number) e.getValue()).doubleValue();
                double top = y(count, maxCount);
                svg.append("<rect fill=\"").append(colour).append("\" x=\"").append(fmt(PAD + degree * slot + c * barWidth))
                        .append("\" y=\"").append(fmt(top)).append("\" width=\"").append(fmt(Math.max(1, barWidth - 1)))
                        .append("\" height=\"").append(fmt(H - PAD - top)).append("\"/>");
            }
            c++;
        }
        return svg.append("</svg><p>Nodes (vertical) by outbound peers (horizontal, 0 to ").append(maxDegree)
                .append(").</p>").toString();
    }

    private static void axes(StringBuilder svg, double xMax, double yMax) {
        svg.append("<line x1=\"").append(PAD).append("\" y1=\"").append(H - PAD).append("\" x2=\"").append(W - PAD)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#333\"/>");
        svg.append("<line x1=\"").append(PAD).append("\" y1=\"").append(PAD / 2).append("\" x2=\"").append(PAD)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#333\"/>");
        svg.append("<text x=\"").append(W - PAD).append("\" y=\"").append(H - PAD / 3).append("\" text-anchor=\"end\">")
                .append(Figures.decimal(xMax)).append("</text>");
        svg.append("<text x=\"").append(PAD - 4).append("\" y=\"").append(PAD / 2 + 10).append("\" text-anchor=\"end\">")
                .append(Figures.decimal(yMax)).append("</text>");
        svg.append("<text x=\"").append(PAD - 4).append("\" y=\"").append(H - PAD).append("\" text-anchor=\"end\">0</text>");
    }

    private static String x(double v, double max) {
        return fmt(PAD + v / max * (W - 2.0 * PAD));
    }

    private static double y(double v, double max) {
        return H - PAD - v / max * (H - 1.5 * PAD);
    }

    private static String fmt(double v) {
        return Figures.decimal(Math.round(v * 10) / 10.0);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
