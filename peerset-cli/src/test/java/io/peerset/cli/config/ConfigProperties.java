package io.peerset.cli.config;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
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
            LoadedConfig config = randomConfig(seed);
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

    // ---- random configurations (from a seed: QuickTheories shrinks the seed and prints it) ----

    static LoadedConfig randomConfig(long seed) {
        Random r = new Random(seed);
        Network network = switch (r.nextInt(4)) {
            case 0 -> Network.MAINNET;
            case 1 -> Network.TESTNET;
            case 2 -> Network.REGTEST;
            default -> randomCustomNetwork(r);
        };
        NodeConfig.Builder b = NodeConfig.builder(network);
        if (r.nextBoolean()) {
            b.listenAddress(randomAddress(r, network));
        }
        if (r.nextBoolean()) {
            b.externalAddress(randomAddress(r, network));
        }
        boolean publicSeedersRefused = !network.isBuiltIn() && network.magic() != Network.TESTNET_MAGIC;
        if (publicSeedersRefused || r.nextBoolean()) {
            b.initialPeers(randomPeers(r));
        }
        switch (r.nextInt(3)) {
            case 0 -> b.noCache();
            case 1 -> b.cacheDir(Path.of("/var/cache/" + randomText(r, 20).replace('/', '_').replace('\0', '_')));
            default -> { }
        }
        b.peerSet(PeerSetConfig.builder(network)
                .initialTargetSize(1 + r.nextInt(10_000))
                .maxConnectionsPerIp(1 + r.nextInt(100))
                .requestQueueCapacity(1 + r.nextInt(Integer.MAX_VALUE))
                .readyTimeout(randomDuration(r, Duration.ofNanos(1), PeerSetConfig.MAX_READY_TIMEOUT))
                .build());
        b.crawlInterval(randomDuration(r, Duration.ofSeconds(1), Duration.ofHours(24)));
        b.dnsSeeding(r.nextBoolean());
        if (r.nextBoolean()) {
            PeerAddress dns;
            do {
                dns = randomAddress(r, network);
            } while (dns.port() == 0 || dns.ip().isAnyLocalAddress());
            b.dnsServer(dns.toSocketAddress());
        }
        b.acceptPacing(randomDuration(r, Duration.ZERO, Duration.ofMinutes(1)),
                randomDuration(r, Duration.ZERO, Duration.ofMinutes(1)));
        if (r.nextBoolean()) {
            b.userAgent(randomText(r, 60));
        }
        if (r.nextBoolean()) {
            b.transport(randomName(r, "abcdefghijklmnopqrstuvwxyz0123456789._-", 1 + r.nextInt(20)));
        }
        Duration status = randomDuration(r, LoadedConfig.MIN_STATUS_INTERVAL, LoadedConfig.MAX_STATUS_INTERVAL);
        return new LoadedConfig(b.build(), status, Optional.empty(), List.of(), List.of());
    }

    private static Network randomCustomNetwork(Random r) {
        String name;
        do {
            name = randomName(r, "abcdefghijklmnopqrstuvwxyz0123456789_", 1 + r.nextInt(30));
        } while (Set.of("mainnet", "testnet", "regtest", "mainnetkind", "testnetkind", "regtestkind").contains(name));
        int magic;
        do {
            magic = r.nextInt(4) == 0 ? Network.TESTNET_MAGIC : r.nextInt();
        } while (magic == Network.MAINNET_MAGIC || magic == Network.REGTEST_MAGIC);
        long protocol = 1 + (r.nextLong() & 0xffff_ffffL) % 0xffff_ffffL;
        long minimum = (r.nextLong() & Long.MAX_VALUE) % (protocol + 1);
        return Network.custom(name, magic).protocolVersion(protocol).minimumPeerVersion(minimum)
                .defaultPort(1 + r.nextInt(65_535)).build();
    }

    /** An address on a port that never warns: 0, the network's default, or one above every listed port. */
    private static PeerAddress randomAddress(Random r, Network network) {
        byte[] raw = new byte[r.nextBoolean() ? 4 : 16];
        r.nextBytes(raw);
        if (r.nextInt(4) == 0) {
            java.util.Arrays.fill(raw, 0, raw.length - 1, (byte) 0);
        }
        int port = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> network.defaultPort();
            default -> 30_000 + r.nextInt(35_536);
        };
        return PeerAddress.of(raw, port);
    }

    private static List<String> randomPeers(Random r) {
        Set<String> peers = new LinkedHashSet<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int port = 1 + r.nextInt(65_535);
            peers.add(switch (r.nextInt(3)) {
                case 0 -> "seed" + r.nextInt(100) + ".example.org:" + port;
                case 1 -> (r.nextInt(223) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + ":" + port;
                default -> "[2001:db8::" + Integer.toHexString(r.nextInt(0xffff)) + "]:" + port;
            });
        }
        return new ArrayList<>(peers);
    }

    /** Text with everything a TOML string must escape: quotes, backslashes, controls, non-ASCII. */
    private static String randomText(Random r, int maxCodePoints) {
        int[] pool = {'a', 'Z', '0', ' ', '/', ':', '.', '"', '\\', '\n', '\t', '\r', 0x01, 0x7f, 0xe9, 0x4e2d,
            0x1f600, '#', '\'', '[', ']', '='};
        StringBuilder text = new StringBuilder();
        int n = r.nextInt(maxCodePoints + 1);
        for (int i = 0; i < n; i++) {
            text.appendCodePoint(pool[r.nextInt(pool.length)]);
        }
        String s = text.toString();
        while (s.getBytes(StandardCharsets.UTF_8).length > 256) {
            s = s.substring(0, s.offsetByCodePoints(0, s.codePointCount(0, s.length()) - 1));
        }
        return s;
    }

    private static String randomName(Random r, String alphabet, int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** Whole seconds, whole milliseconds or any nanoseconds, uniformly in [min, max]. */
    private static Duration randomDuration(Random r, Duration min, Duration max) {
        long span = max.minus(min).toNanos();
        long nanos = (r.nextLong() & Long.MAX_VALUE) % (span + 1);
        nanos = switch (r.nextInt(3)) {
            case 0 -> nanos - nanos % 1_000_000_000L;
            case 1 -> nanos - nanos % 1_000_000L;
            default -> nanos;
        };
        Duration d = min.plusNanos(nanos);
        return d.compareTo(min) < 0 ? min : d;
    }
}
