package io.peerset.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code peerset demo} prints, as pure functions of the nodes' counters: the live table, the
 * plain progress line, the human summary and the JSON summary. Nothing here touches a node, a
 * clock or a stream, so every format is tested on its own.
 *
 * <p>Thread-safe (stateless; the records are immutable).
 */
final class DemoOutput {

    /** ANSI: carriage return, then clear the whole line (the live table redraws line by line). */
    static final String CLEAR_LINE = "\r\u001b[2K";

    private DemoOutput() {
    }

    /**
     * One node's counters at one moment.
     *
     * @param node                 the node's index: 0 is the node every other node was configured with
     * @param address              its listener, {@code 127.0.0.1:port}
     * @param outbound             outbound connections holding a slot
     * @param inbound              inbound connections holding a slot
     * @param ready                peers ready for a request
     * @param peers                connected peers in the peer set, both directions (what the target is
     *                             compared with)
     * @param knownAddresses       address-book records, every state
     * @param handshakesOk         successful handshakes since start, both directions
     * @param handshakesFailed     failed dials and handshakes since start, both directions
     * @param requestsServed       remote peers' requests this node's inbound service answered
     * @param reachedTargetAfterMs when the node first had {@code peers >= target}, in milliseconds
     *                             since the demo started; empty if it has not
     * @param error                why the node stopped on its own or could not start; empty if it runs
     */
    record NodeRow(int node, String address, int outbound, int inbound, int ready, int peers, int knownAddresses,
                   long handshakesOk, long handshakesFailed, long requestsServed, OptionalLong reachedTargetAfterMs,
                   Optional<String> error) {
        /** Checks for null. */
        NodeRow {
            requireNonNull(address, "address");
            requireNonNull(reachedTargetAfterMs, "reachedTargetAfterMs");
            requireNonNull(error, "error");
        }

        /** @return whether the node has reached its target (at some point) and did not fail */
        boolean reached() {
            return reachedTargetAfterMs.isPresent() && error.isEmpty();
        }
    }

    /** Why the demo ended. */
    enum StoppedBy {
        /** every node reached its target (the demo then runs one settle second more) */
        TARGET,
        /** {@code --duration} passed first */
        DURATION,
        /** SIGINT or SIGTERM */
        INTERRUPT;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The accelerated simulation settings every node of the demo runs with.
     *
     * @param network             the network's name
     * @param crawlIntervalMs     the crawler's timer period
     * @param crawlRateLimitMs    the least time between two crawls
     * @param acceptPauseMs       the listener's pause after an accepted connection
     * @param rejectPauseMs       the listener's pause after a dropped connection
     * @param maxConnectionsPerIp the per-IP connection limit
     */
    record Settings(String network, long crawlIntervalMs, long crawlRateLimitMs, long acceptPauseMs,
                    long rejectPauseMs, int maxConnectionsPerIp) {
    }

    /**
     * The end of a demo.
     *
     * @param target           peers each node had to reach
     * @param seed             the demo's seed
     * @param maxDurationMs    {@code --duration}
     * @param durationMs       how long the demo ran (from the first node's start to the last sample)
     * @param stoppedBy        why it ended
     * @param settings         the simulation settings
     * @param requestsSent     requests the demo sent through the nodes' peer sets
     * @param requestsAnswered of those, answered by a peer
     * @param rows             every node's last counters, in node order
     */
    record Summary(int target, long seed, long maxDurationMs, long durationMs, StoppedBy stoppedBy,
                   Settings settings, long requestsSent, long requestsAnswered, List<NodeRow> rows) {
        /** Copies. */
        Summary {
            requireNonNull(stoppedBy, "stoppedBy");
            requireNonNull(settings, "settings");
            rows = List.copyOf(rows);
        }

        /** @return whether every node reached its target and none failed */
        boolean allReachedTarget() {
            return !rows.isEmpty() && rows.stream().allMatch(NodeRow::reached);
        }

        /** @return when the last node reached its target, if every node did */
        OptionalLong allReachedTargetAfterMs() {
            return allReachedTarget()
                    ? OptionalLong.of(rows.stream().mapToLong(r -> r.reachedTargetAfterMs().getAsLong()).max().orElse(0))
                    : OptionalLong.empty();
        }

        long handshakesOk() {
            return rows.stream().mapToLong(NodeRow::handshakesOk).sum();
        }

        long handshakesFailed() {
            return rows.stream().mapToLong(NodeRow::handshakesFailed).sum();
        }

        long requestsServed() {
            return rows.stream().mapToLong(NodeRow::requestsServed).sum();
        }
    }

    /**
     * The live table: one header line, then one line per node, columns separated by at least one
     * space. Numbers are never abbreviated (a wide number widens its column's line, nothing is cut).
     *
     * @param rows the nodes' counters, in node order
     * @return {@code rows.size() + 1} lines, without line separators
     */
    static List<String> table(List<NodeRow> rows) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(String.format(Locale.ROOT, "%4s  %-21s %4s %4s %5s %5s %6s  %s",
                "node", "address", "out", "in", "ready", "known", "served", "target"));
        for (NodeRow r : rows) {
            String target = r.error().map(e -> "failed: " + e)
                    .orElseGet(() -> r.reachedTargetAfterMs().isPresent() ? seconds(r.reachedTargetAfterMs().getAsLong())
                            : "-");
            lines.add(String.format(Locale.ROOT, "%4d  %-21s %4d %4d %5d %5d %6d  %s",
                    r.node(), r.address(), r.outbound(), r.inbound(), r.ready(), r.knownAddresses(),
                    r.requestsServed(), target));
        }
        return lines;
    }

    /**
     * The title above the live table.
     *
     * @param elapsedMs time since the demo started
     * @param target    peers each node must reach
     * @param rows      the nodes' counters
     * @return e.g. {@code peerset demo: 7.2s, 9/12 nodes at their target of 4 peers}
     */
    static String title(long elapsedMs, int target, List<NodeRow> rows) {
        return "peerset demo: " + seconds(elapsedMs) + ", " + reachedCount(rows) + "/" + rows.size()
                + " nodes at their target of " + peers(target);
    }

    /**
     * One frame of the live display, redrawn in place: the cursor goes up over the previous frame's
     * lines ({@code ESC [ n A}), then every line is cleared ({@code ESC [ 2K}) and rewritten.
     *
     * @param previousLines lines the previous frame printed (0 for the first frame)
     * @param lines         this frame's lines
     * @return the text to print (every line ends with {@code \n})
     */
    static String redraw(int previousLines, List<String> lines) {
        StringBuilder b = new StringBuilder();
        if (previousLines > 0) {
            b.append("\u001b[").append(previousLines).append('A');
        }
        for (String line : lines) {
            b.append(CLEAR_LINE).append(line).append('\n');
        }
        return b.toString();
    }

    /**
     * The plain progress line (no terminal): one per interval for the whole network.
     *
     * @param elapsedMs time since the demo started
     * @param target    peers each node must reach
     * @param rows      the nodes' counters
     * @return e.g. {@code demo 3.0s: 9/12 nodes at target 4 | peers min 2 avg 4.5 max 11 | known min 5 max 12
     *         | handshakes 40 ok, 2 failed | requests served 17}
     */
    static String progressLine(long elapsedMs, int target, List<NodeRow> rows) {
        int min = rows.stream().mapToInt(NodeRow::peers).min().orElse(0);
        int max = rows.stream().mapToInt(NodeRow::peers).max().orElse(0);
        double avg = rows.stream().mapToInt(NodeRow::peers).average().orElse(0);
        int knownMin = rows.stream().mapToInt(NodeRow::knownAddresses).min().orElse(0);
        int knownMax = rows.stream().mapToInt(NodeRow::knownAddresses).max().orElse(0);
        return "demo " + seconds(elapsedMs) + ": " + reachedCount(rows) + "/" + rows.size() + " nodes at target "
                + target + " | peers min " + min + " avg " + String.format(Locale.ROOT, "%.1f", avg) + " max " + max
                + " | known min " + knownMin + " max " + knownMax
                + " | handshakes " + rows.stream().mapToLong(NodeRow::handshakesOk).sum() + " ok, "
                + rows.stream().mapToLong(NodeRow::handshakesFailed).sum() + " failed"
                + " | requests served " + rows.stream().mapToLong(NodeRow::requestsServed).sum();
    }

    /**
     * The human summary, printed after the nodes are closed.
     *
     * @param s the summary
     * @return its lines: the verdict, then times, handshakes, requests and the seed
     */
    static List<String> summaryLines(Summary s) {
        List<String> lines = new ArrayList<>();
        int n = s.rows().size();
        if (s.allReachedTarget()) {
            lines.add("peerset demo: all " + n + " nodes reached their target of " + peers(s.target()) + " in "
                    + seconds(s.allReachedTargetAfterMs().getAsLong()));
        } else {
            lines.add("peerset demo: " + reachedCount(s.rows()) + "/" + n + " nodes reached their target of "
                    + peers(s.target()) + switch (s.stoppedBy()) {
                        case INTERRUPT -> " before the demo was interrupted";
                        case DURATION -> " within " + seconds(s.maxDurationMs());
                        case TARGET -> "";
                    });
        }
        List<Long> times = s.rows().stream().filter(NodeRow::reached)
                .map(r -> r.reachedTargetAfterMs().getAsLong()).sorted().toList();
        if (!times.isEmpty()) {
            lines.add("  time to target: first " + seconds(times.get(0)) + ", median "
                    + seconds(times.get((times.size() - 1) / 2)) + ", last " + seconds(times.get(times.size() - 1)));
        }
        List<String> missing = s.rows().stream().filter(r -> !r.reached())
                .map(r -> r.node() + (r.error().isPresent() ? " (failed: " + r.error().get() + ")"
                        : " (" + peers(r.peers()) + ")"))
                .toList();
        if (!missing.isEmpty()) {
            lines.add("  short of the target: node " + String.join(", node ", missing));
        }
        lines.add("  handshakes: " + s.handshakesOk() + " ok, " + s.handshakesFailed() + " failed");
        lines.add("  requests: " + s.requestsSent() + " sent, " + s.requestsAnswered() + " answered, "
                + s.requestsServed() + " served");
        lines.add("  ran " + seconds(s.durationMs()) + " (stopped by " + s.stoppedBy().jsonName() + "), seed "
                + s.seed());
        return lines;
    }

    /**
     * The JSON summary ({@code --json}): one object on one line. Fields, in this order:
     * {@code nodes} (int), {@code target} (int), {@code seed} (long), {@code maxDurationMs} (long,
     * {@code --duration}), {@code durationMs} (long, how long it ran), {@code stoppedBy}
     * ({@code "target"}, {@code "duration"} or {@code "interrupt"}), {@code allReachedTarget}
     * (boolean), {@code allReachedTargetAfterMs} (long or null), {@code handshakesOk},
     * {@code handshakesFailed}, {@code requestsSent}, {@code requestsAnswered}, {@code requestsServed}
     * (longs, totals), {@code settings} (object: {@code network} (string), {@code crawlIntervalMs},
     * {@code crawlRateLimitMs}, {@code acceptPauseMs}, {@code rejectPauseMs} (longs),
     * {@code maxConnectionsPerIp} (int)), and {@code perNode}: an array, in node order, of objects with
     * {@code node} (int), {@code address} (string), {@code reachedTargetAfterMs} (long or null),
     * {@code outbound}, {@code inbound}, {@code ready}, {@code peers}, {@code knownAddresses} (ints),
     * {@code handshakesOk}, {@code handshakesFailed}, {@code requestsServed} (longs) and {@code error}
     * (string or null).
     *
     * @param s the summary
     * @return the JSON object
     */
    static String summaryJson(Summary s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("nodes", s.rows().size());
            g.writeNumberField("target", s.target());
            g.writeNumberField("seed", s.seed());
            g.writeNumberField("maxDurationMs", s.maxDurationMs());
            g.writeNumberField("durationMs", s.durationMs());
            g.writeStringField("stoppedBy", s.stoppedBy().jsonName());
            g.writeBooleanField("allReachedTarget", s.allReachedTarget());
            writeOptional(g, "allReachedTargetAfterMs", s.allReachedTargetAfterMs());
            g.writeNumberField("handshakesOk", s.handshakesOk());
            g.writeNumberField("handshakesFailed", s.handshakesFailed());
            g.writeNumberField("requestsSent", s.requestsSent());
            g.writeNumberField("requestsAnswered", s.requestsAnswered());
            g.writeNumberField("requestsServed", s.requestsServed());
            Settings settings = s.settings();
            g.writeObjectFieldStart("settings");
            g.writeStringField("network", settings.network());
            g.writeNumberField("crawlIntervalMs", settings.crawlIntervalMs());
            g.writeNumberField("crawlRateLimitMs", settings.crawlRateLimitMs());
            g.writeNumberField("acceptPauseMs", settings.acceptPauseMs());
            g.writeNumberField("rejectPauseMs", settings.rejectPauseMs());
            g.writeNumberField("maxConnectionsPerIp", settings.maxConnectionsPerIp());
            g.writeEndObject();
            g.writeArrayFieldStart("perNode");
            for (NodeRow r : s.rows()) {
                g.writeStartObject();
                g.writeNumberField("node", r.node());
                g.writeStringField("address", r.address());
                writeOptional(g, "reachedTargetAfterMs", r.reachedTargetAfterMs());
                g.writeNumberField("outbound", r.outbound());
                g.writeNumberField("inbound", r.inbound());
                g.writeNumberField("ready", r.ready());
                g.writeNumberField("peers", r.peers());
                g.writeNumberField("knownAddresses", r.knownAddresses());
                g.writeNumberField("handshakesOk", r.handshakesOk());
                g.writeNumberField("handshakesFailed", r.handshakesFailed());
                g.writeNumberField("requestsServed", r.requestsServed());
                if (r.error().isPresent()) {
                    g.writeStringField("error", r.error().get());
                } else {
                    g.writeNullField("error");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * The one stderr line that states the simulation settings, so that nobody takes them for the
     * reference's.
     *
     * @param nodes  how many nodes
     * @param target peers each node must reach
     * @param seed   the demo's seed
     * @param s      the settings
     * @return the line
     */
    static String settingsLine(int nodes, int target, long seed, Settings s) {
        return "peerset demo: " + nodes + " " + s.network() + " nodes on 127.0.0.1, target " + peers(target)
                + " each, seed " + seed + "; accelerated simulation settings, not the reference's: crawl interval "
                + s.crawlIntervalMs() + "ms (reference 61s), crawl rate limit " + s.crawlRateLimitMs()
                + "ms (31s), accept pause " + s.acceptPauseMs() + "ms (1s), max connections per IP "
                + s.maxConnectionsPerIp() + " (1)";
    }

    private static void writeOptional(JsonGenerator g, String name, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsLong());
        } else {
            g.writeNullField(name);
        }
    }

    private static long reachedCount(List<NodeRow> rows) {
        return rows.stream().filter(NodeRow::reached).count();
    }

    private static String peers(int n) {
        return n + (n == 1 ? " peer" : " peers");
    }

    /**
     * @param ms milliseconds, &gt;= 0
     * @return seconds with one decimal, e.g. {@code 6.3s}
     */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
