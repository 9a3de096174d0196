package io.peerset.cli;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.HumanDuration;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Network;
import io.peerset.wire.PingMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Properties of the command line's input handling. */
class CliProperties {

    private static final String[] UNITS = {"ms", "s", "m", "h"};

    @Test
    void everyOperatorDurationParsesToItsValueAndIsoIsRefused() {
        qt().forAll(integers().between(1, 999_999_999), integers().between(0, 3)).checkAssert((n, unit) -> {
            Duration expected = switch (unit) {
                case 0 -> Duration.ofMillis(n);
                case 1 -> Duration.ofSeconds(n);
                case 2 -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            Duration parsed = new DurationConverter().convert(n + UNITS[unit]);
            if (!parsed.equals(expected)) {
                throw new AssertionError(n + UNITS[unit] + " -> " + parsed + " (expected: " + expected + ")");
            }
            // one grammar: the file's humantime, not ISO-8601 as well
            try {
                new DurationConverter().convert(expected.toString());
                throw new AssertionError(expected + " was accepted");
            } catch (TypeConversionException refused) {
                // as it must be
            }
        });
    }

    /** A flag and the file read the same text as the same duration: one grammar, HumanDuration's. */
    @Test
    void flagsAndTheFileReadEveryDurationAlike() {
        qt().forAll(longs().between(1, 86_400_000_000_000L)).checkAssert(nanos -> {
            Duration d = Duration.ofNanos(nanos);
            String text = HumanDuration.format(d);
            Duration flag = new DurationConverter().convert(text);
            Duration file = ConfigLoader.parse("[peerset]\nready_timeout = \"" + text + "\"\n", null).node()
                    .peerSet().readyTimeout();
            if (!flag.equals(d) || !file.equals(d)) {
                throw new AssertionError("\"" + text + "\": flag " + flag + ", file " + file + " (expected: " + d + ")");
            }
        });
    }

    @Test
    void zeroAndNegativeDurationsAreRefused() {
        qt().forAll(integers().between(0, 1_000_000)).checkAssert(n -> {
            for (String text : new String[] {"0s", "PT-" + (n + 1) + "S"}) {
                try {
                    new DurationConverter().convert(text);
                    throw new AssertionError(text + " was accepted");
                } catch (TypeConversionException expected) {
                    // refused, as it must be
                }
            }
        });
    }

    @Test
    void decodeShowsEveryPingNonceAsSixteenHexDigits() {
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        qt().withExamples(200).forAll(longs().all()).checkAssert(nonce -> {
            java.nio.ByteBuffer frame = codec.encode(new PingMessage(nonce));
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = PeersetCommand.run(new PrintWriter(out), new PrintWriter(err), "decode", "--hex",
                    HexFormat.of().formatHex(bytes));
            String expected = "\"nonce\":\"" + HexFormat.of().toHexDigits(nonce) + "\"";
            if (exit != 0 || !out.toString().contains(expected) || !err.toString().isEmpty()) {
                throw new AssertionError("nonce " + nonce + ": exit " + exit + ", out " + out + ", err " + err);
            }
        });
    }
}
