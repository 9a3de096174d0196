package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.peerset.cli.census.Census;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peerset crawl}'s record formats and resume reading, without the network. */
class CrawlCommandTest {

    private static final Instant T = Instant.parse("2026-11-24T15:40:01Z");

    private static Census.Entry reached(String userAgent) {
        return new Census.Entry(PeerAddress.parse("203.0.113.7:8233"), true, Optional.empty(), Optional.empty(),
                OptionalLong.of(170_140), Optional.of(userAgent), OptionalLong.of(1), OptionalLong.of(3_141_592),
                OptionalLong.of(212), OptionalLong.of(98), 1000, T, T.plusSeconds(1));
    }

    private static Census.Entry unreachable() {
        return new Census.Entry(PeerAddress.parse("[2001:db8::1]:8233"), false, Optional.of(io.peerset.api.FailureReason.TIMEOUT),
                Optional.of("no answer within 5000 ms"), OptionalLong.empty(), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0, T, T.plusSeconds(5));
    }

    @Test
    void jsonRecordsHaveEveryFieldInOrder() {
        assertThat(CrawlCommand.jsonLine(reached("/MagicBean:6.2.0/"))).isEqualTo("{\"address\":\"203.0.113.7:8233\","
                + "\"reachable\":true,\"error\":null,\"version\":170140,\"userAgent\":\"/MagicBean:6.2.0/\",\"services\":1,"
                + "\"startHeight\":3141592,\"handshakeMs\":212,\"pingMs\":98,\"addressesReturned\":1000,"
                + "\"firstSeen\":\"2026-11-24T15:40:01Z\",\"lastSeen\":\"2026-11-24T15:40:02Z\",\"errorMessage\":null}");
        assertThat(CrawlCommand.jsonLine(unreachable())).isEqualTo("{\"address\":\"[2001:db8::1]:8233\","
                + "\"reachable\":false,\"error\":\"timeout\",\"version\":null,\"userAgent\":null,\"services\":null,"
                + "\"startHeight\":null,\"handshakeMs\":null,\"pingMs\":null,\"addressesReturned\":0,"
                + "\"firstSeen\":\"2026-11-24T15:40:01Z\",\"lastSeen\":\"2026-11-24T15:40:06Z\","
                + "\"errorMessage\":\"no answer within 5000 ms\"}");
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        assertThat(CrawlCommand.csvLine(reached("/evil,\"agent\"\n/"))).isEqualTo("203.0.113.7:8233,true,,170140,"
                + "\"/evil,\"\"agent\"\" /\",1,3141592,212,98,1000,2026-11-24T15:40:01Z,2026-11-24T15:40:02Z,");
        assertThat(CrawlCommand.csvLine(unreachable())).isEqualTo("[2001:db8::1]:8233,false,timeout,,,,,,,0,"
                + "2026-11-24T15:40:01Z,2026-11-24T15:40:06Z,no answer within 5000 ms");
    }

    /** Whatever a peer calls itself, a CSV row stays one line with the address first (resume reads it). */
    @Test
    void anyUserAgentKeepsARowOnOneLine() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(agent -> {
            String line = CrawlCommand.csvLine(reached(agent));
            assertThat(line).doesNotContain("\n").doesNotContain("\r").startsWith("203.0.113.7:8233,true,");
        });
    }

    @Test
    void resumeReadsTheAddressesOfBothFormats(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("a.jsonl");
        Files.writeString(json, CrawlCommand.jsonLine(reached("x")) + "\n" + CrawlCommand.jsonLine(unreachable()) + "\n");
        assertThat(CrawlCommand.readAddresses(json, false)).containsExactly(PeerAddress.parse("203.0.113.7:8233"),
                PeerAddress.parse("[2001:db8::1]:8233"));
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, String.join(",", CrawlCommand.FIELDS) + "\n" + CrawlCommand.csvLine(reached("x")) + "\n");
        assertThat(CrawlCommand.readAddresses(csv, true)).containsExactly(PeerAddress.parse("203.0.113.7:8233"));
        Path junk = dir.resolve("junk.csv");
        Files.writeString(junk, "hello,world\n");
        assertThatThrownBy(() -> CrawlCommand.readAddresses(junk, true)).hasMessageContaining("not a record of peerset crawl");
        assertThat(List.of(CrawlCommand.FIELDS.get(0))).containsExactly("address");
    }
}
