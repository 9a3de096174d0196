package io.peerset.cli.config;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of the configuration file: durations, addresses, and whole configurations round-trip. */
class ConfigProperties {

    private static final long TEN_YEARS_SECONDS = 10L * 366 * 86_400;

    /** humantime units with their length, and the spellings that mean them. */
    private static final List<Object[]> UNITS = List.of(
            new Object[] {Duration.ofNanos(1), List.of("ns", "nsec", "nanos")},
            new Object[] {Duration.ofNanos(1_000), List.of("us", "usec", "\u00b5s")},
            new Object[] {Duration.ofMillis(1), List.of("ms", "msec", "millis")},
            new Object[] {Duration.ofSeconds(1), List.of("s", "sec", "secs", "second", "seconds")},
            new Object[] {Duration.ofMinutes(1), List.of("m", "min", "mins", "minute", "minutes")},
            new Object[] {Duration.ofHours(1), List.of("h", "hr", "hrs", "hour", "hours")},
            new Object[] {Duration.ofDays(1), List.of("d", "day", "days")},
            new Object[] {Duration.ofDays(7), List.of("w", "week", "weeks")},
            new Object[] {Duration.ofSeconds(2_630_016), List.of("M", "month", "months")},
            new Object[] {Duration.ofSeconds(31_557_600), List.of("y", "year", "years")});

    private static final List<String> SEPARATORS = List.of("", " ", "  ", "\t");

    @Test
    void everyDurationRoundTripsThroughItsCanonicalForm() {
        qt().forAll(longs().between(0, TEN_YEARS_SECONDS), integers().between(0, 999_999_999))
                .checkAssert((seconds, nanos) -> {
                    Duration d = Duration.ofSeconds(seconds, nanos);
                    String text = HumanDuration.format(d);
                    Duration back = HumanDuration.parse(text);
                    if (!back.equals(d)) {
                        throw new AssertionError(d + " -> \"" + text + "\" -> " + back);
                    }
                });
    }

    @Test
    void aSequenceOfTermsParsesToTheirSum() {
        Gen<int[]> term = integers().between(0, 1_000_000).zip(integers().between(0, UNITS.size() - 1),
                integers().between(0, 4), integers().between(0, SEPARATORS.size() - 1),
                (value, unit, spelling, separator) -> new int[] {value, unit, spelling, separator});
        qt().forAll(lists().of(term).ofSizeBetween(1, 6)).checkAssert(terms -> {
            StringBuilder text = new StringBuilder();
            Duration sum = Duration.ZERO;
            for (int[] t : terms) {
                Object[] unit = UNITS.get(t[1]);
                @SuppressWarnings("unchecked")
                List<String> spellings = (List<String>) unit[1];
                text.append(t[0]).append(SEPARATORS.get(t[3] % 2 == 0 ? 0 : 1).repeat(t[2] % 2))
                        .append(spellings.get(t[2] % spellings.size())).append(SEPARATORS.get(t[3]));
                sum = sum.plus(((Duration) unit[0]).multipliedBy(t[0]));
            }
            Duration parsed = HumanDuration.parse(text.toString());
            if (!parsed.equals(sum)) {
                throw new AssertionError("\"" + text + "\" -> " + parsed + " (expected: " + sum + ")");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAddressRoundTripsWithAndWithoutItsPort() {
        Gen<Integer> octet = Generate.oneOf(integers().between(0, 255), Generate.constant(0));
        Gen<byte[]> ipv4 = lists().of(octet).ofSize(4).map(ConfigProperties::bytes);
        Gen<byte[]> ipv6 = lists().of(octet).ofSize(16).map(ConfigProperties::bytes);
        qt().forAll(Generate.oneOf(ipv4, ipv6), integers().between(0, 65_535), integers().between(1, 65_535))
                .checkAssert((raw, port, defaultPort) -> {
                    PeerAddress address = PeerAddress.of(raw, port);
                    check(address.toString(), defaultPort, address);
                    PeerAddress bare = new PeerAddress(address.ip(), defaultPort);
                    check(address.isIpv4() ? address.ipText() : "[" + address.ipText() + "]", defaultPort, bare);
                    check(address.ipText(), defaultPort, bare);
                });
    }

    @Test
    void everyConfigurationRoundTripsThroughTheWriter() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            LoadedConfig config = RandomConfigs.randomConfig(seed);
            String text = ConfigWriter.write(config);
            LoadedConfig back;
            try {
                back = ConfigLoader.parse(text, "seed " + seed);
            } catch (ConfigException e) {
                throw new AssertionError(e.getMessage() + "\n" + text, e);
            }
            List<String> differences = SameConfig.differences(config.node(), back.node());
            if (!config.statusInterval().equals(back.statusInterval())) {
                differences.add("statusInterval: " + config.statusInterval() + " vs " + back.statusInterval());
            }
            if (!back.warnings().isEmpty()) {
                differences.add("warnings: " + back.warnings());
            }
            if (!differences.isEmpty()) {
                throw new AssertionError("seed " + seed + ": " + differences + "\n" + text);
            }
        });
    }

    private static void check(String text, int defaultPort, PeerAddress expected) {
        PeerAddress parsed = SocketAddresses.parse(text, defaultPort);
        if (!parsed.equals(expected)) {
            throw new AssertionError("\"" + text + "\" -> " + parsed + " (expected: " + expected + ")");
        }
    }

    private static byte[] bytes(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) values.get(i);
        }
        return bytes;
    }
}
