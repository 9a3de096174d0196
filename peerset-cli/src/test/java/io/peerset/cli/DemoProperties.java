package io.peerset.cli;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.cli.DemoOutput.NodeRow;
import io.peerset.cli.DemoOutput.Settings;
import io.peerset.cli.DemoOutput.StoppedBy;
import io.peerset.cli.DemoOutput.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of {@code peerset demo}'s output: the live table, its redraw and the JSON summary. */
class DemoProperties {

    /** Any node's counters (large numbers included: nothing may be cut to fit a column). */
    private static Gen<NodeRow> rows() {
        Gen<Integer> small = integers().between(0, 100_000);
        Gen<Long> big = longs().between(0, Long.MAX_VALUE / 2);
        Gen<OptionalLong> reached = longs().between(-1, 600_000).map(ms -> ms < 0 ? OptionalLong.empty() : OptionalLong.of(ms));
        return small.zip(small, small, small, (out, in, known, port) -> new int[] {out, in, known, port % 65_536})
                .zip(big, big, reached, (ints, served, handshakes, r) -> new NodeRow(0, "127.0.0.1:" + ints[3], ints[0],
                        ints[1], ints[0] + ints[1], ints[0] + ints[1], ints[2], handshakes, handshakes / 7, served, r,
                        Optional.empty()));
    }

    private static List<NodeRow> numbered(List<NodeRow> rows) {
        List<NodeRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            NodeRow r = rows.get(i);
            out.add(new NodeRow(i, r.address(), r.outbound(), r.inbound(), r.ready(), r.peers(), r.knownAddresses(),
                    r.handshakesOk(), r.handshakesFailed(), r.requestsServed(), r.reachedTargetAfterMs(), r.error()));
        }
        return out;
    }

    @Test
    void theTableHasOneLinePerNodeAfterTheHeaderAndShowsEveryNumberInItsColumn() {
        qt().forAll(lists().of(rows()).ofSizeBetween(0, 64)).checkAssert(generated -> {
            List<NodeRow> rows = numbered(generated);
            List<String> table = DemoOutput.table(rows);
            if (table.size() != rows.size() + 1) {
                throw new AssertionError(table.size() + " lines for " + rows.size() + " nodes");
            }
            if (!table.get(0).trim().split("\\s+")[0].equals("node")) {
                throw new AssertionError("header: " + table.get(0));
            }
            for (int i = 0; i < rows.size(); i++) {
                NodeRow r = rows.get(i);
                String line = table.get(i + 1);
                List<String> columns = Arrays.asList(line.trim().split("\\s+"));
                List<String> expected = List.of(String.valueOf(r.node()), r.address(), String.valueOf(r.outbound()),
                        String.valueOf(r.inbound()), String.valueOf(r.ready()), String.valueOf(r.knownAddresses()),
                        String.valueOf(r.requestsServed()),
                        r.reachedTargetAfterMs().isPresent() ? DemoOutput.seconds(r.reachedTargetAfterMs().getAsLong()) : "-");
                if (!columns.equals(expected) || line.contains("\n") || line.contains("\u001b")) {
                    throw new AssertionError("line " + line + " (expected columns " + expected + ")");
                }
            }
        });
    }

    @Test
    void aRedrawGoesUpExactlyOverThePreviousFrameAndEndsOnANewLine() {
        qt().forAll(integers().between(0, 70), lists().of(rows()).ofSizeBetween(0, 64)).checkAssert((previous, generated) -> {
            List<String> frame = DemoOutput.table(numbered(generated));
            String text = DemoOutput.redraw(previous, frame);
            String prefix = previous > 0 ? "\u001b[" + previous + "A" : "";
            StringBuilder expected = new StringBuilder(prefix);
            frame.forEach(line -> expected.append(DemoOutput.CLEAR_LINE).append(line).append('\n'));
            if (!text.contentEquals(expected) || text.chars().filter(c -> c == '\n').count() != frame.size()) {
                throw new AssertionError("redraw(" + previous + ") = " + text.replace("\u001b", "ESC"));
            }
        });
    }

    @Test
    void theJsonSummaryRoundTripsEveryNodesCounters() {
        ObjectMapper mapper = new ObjectMapper();
        Settings settings = new Settings("regtest", 2000, 1000, 100, 10, 34);
        qt().withExamples(200).forAll(lists().of(rows()).ofSizeBetween(1, 64), longs().all()).checkAssert((generated, seed) -> {
            List<NodeRow> rows = numbered(generated);
            Summary s = new Summary(4, seed, 30_000, 12_345, StoppedBy.DURATION, settings, 9, 8, rows);
            JsonNode tree;
            try {
                tree = mapper.readTree(DemoOutput.summaryJson(s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean all = rows.stream().allMatch(r -> r.reachedTargetAfterMs().isPresent());
            if (tree.get("nodes").intValue() != rows.size() || tree.get("seed").longValue() != seed
                    || tree.get("allReachedTarget").booleanValue() != all
                    || tree.get("allReachedTargetAfterMs").isNull() == all
                    || tree.get("requestsServed").longValue() != rows.stream().mapToLong(NodeRow::requestsServed).sum()) {
                throw new AssertionError("totals: " + tree);
            }
            for (int i = 0; i < rows.size(); i++) {
                NodeRow r = rows.get(i);
                JsonNode n = tree.get("perNode").get(i);
                JsonNode reached = n.get("reachedTargetAfterMs");
                boolean reachedOk = r.reachedTargetAfterMs().isPresent()
                        ? reached.isIntegralNumber() && reached.longValue() == r.reachedTargetAfterMs().getAsLong()
                        : reached.isNull();
                if (n.get("node").intValue() != i || !n.get("address").textValue().equals(r.address()) || !reachedOk
                        || n.get("outbound").intValue() != r.outbound() || n.get("inbound").intValue() != r.inbound()
                        || n.get("knownAddresses").intValue() != r.knownAddresses()
                        || n.get("handshakesOk").longValue() != r.handshakesOk()
                        || n.get("requestsServed").longValue() != r.requestsServed() || !n.get("error").isNull()) {
                    throw new AssertionError("node " + i + ": " + n + " (expected " + r + ")");
                }
            }
        });
    }
}
