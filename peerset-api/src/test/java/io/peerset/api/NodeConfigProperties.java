package io.peerset.api;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link NodeConfig} over random values of every option of {@link NodeOptions}:
 * values are generated from each option's kind and range, so an option added to the table is
 * covered without touching this test.
 */
class NodeConfigProperties {

    @Test
    void everySettingSetGenericallyReadsBackAndSurvivesToBuilder() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Network network = List.of(Network.MAINNET, Network.TESTNET, Network.REGTEST).get(r.nextInt(3));
            NodeConfig.Builder b = NodeConfig.builder(network);
            List<Object[]> set = new ArrayList<>();
            for (ConfigOption<?> o : NodeOptions.settings()) {
                if (o.appliesTo(network) && r.nextInt(4) != 0) {
                    set.add(new Object[] {o, setRandom(b, o, r)});
                }
            }
            NodeConfig config;
            try {
                config = b.build();
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith("writeBufferWaterMarks")) {
                    return; // random low above random high: refused, as it must be
                }
                throw e;
            }
            for (Object[] s : set) {
                ConfigOption<?> o = (ConfigOption<?>) s[0];
                Object expected = s[1];
                Object actual = config.value(o).orElse(null);
                if (!java.util.Objects.equals(expected, actual)) {
                    throw new AssertionError("seed " + seed + ": " + o.name() + " set " + expected + ", read " + actual);
                }
            }
            NodeConfig copy = config.toBuilder().build();
            if (!copy.equals(config) || !copy.toString().equals(config.toString())) {
                throw new AssertionError("seed " + seed + ": toBuilder lost a setting: " + config + " vs " + copy);
            }
            NodeConfig viaPeerSet = config.toBuilder().peerSet(config.peerSet().toBuilder().build()).build();
            if (!viaPeerSet.equals(config)) {
                throw new AssertionError("seed " + seed + ": the peer set's settings did not survive peerSet()");
            }
        });
    }

    private static <T> T setRandom(NodeConfig.Builder b, ConfigOption<T> o, Random r) {
        T value = randomValue(o, r);
        b.set(o, value);
        return value;
    }

    /** A random value in the option's range (the range's bounds, when it has them, else the kind's). */
    @SuppressWarnings("unchecked")
    static <T> T randomValue(ConfigOption<T> o, Random r) {
        ConfigOption.Range<Object> range = (ConfigOption.Range<Object>) o.range();
        Object value = switch (o.kind()) {
            case INTEGER -> {
                long min = range.min().map(v -> ((Number) v).longValue()).orElse(0L);
                long max = range.max().map(v -> ((Number) v).longValue()).orElse((long) Integer.MAX_VALUE);
                long v = r.nextInt(3) == 0 ? (r.nextBoolean() ? min : max) : min + (long) (r.nextDouble() * (max - min));
                yield o.type() == Long.class ? (Object) v : (Object) (int) v;
            }
            case BOOLEAN -> r.nextBoolean();
            case DURATION -> {
                Duration min = (Duration) range.min().orElse(Duration.ZERO);
                Duration max = (Duration) range.max().orElse(Duration.ofDays(3650));
                long span = max.minus(min).toNanos();
                Duration d = min.plusNanos((r.nextLong() & Long.MAX_VALUE) % (span + 1));
                yield range.minExclusive() && d.equals(min) ? min.plusNanos(1) : d;
            }
            case STRING -> o == NodeOptions.TRANSPORT ? "t" + r.nextInt(1000)
                    : o == NodeOptions.ACTIVATION_HEIGHTS ? "NU7=" + (5_000_000 + r.nextInt(1_000_000))
                    : o == NodeOptions.MIN_PEER_VERSIONS ? "NU7=" + (170_190 + r.nextInt(100))
                    : "/agent:" + r.nextInt(100) + "/";
            case ADDRESS -> PeerAddress.parse("10." + r.nextInt(256) + ".0.1:" + r.nextInt(65_536));
            case SERVER_ADDRESS -> new InetSocketAddress("192.0.2." + (1 + r.nextInt(254)), 1 + r.nextInt(65_535));
            case HOST_PORTS -> List.of("seed" + r.nextInt(9) + ".example:" + (1 + r.nextInt(65_535)));
            case DIRECTORY -> Path.of("/var/cache/peerset" + r.nextInt(100));
            case FILE -> AsmapTest.oneAsFile(); // a file the configuration reads: a real (tiny) map
            case SERVICES -> new PeerServices(r.nextLong() & Long.MAX_VALUE);
            case NETWORK, MAGIC -> throw new AssertionError("not a setting: " + o);
        };
        T typed = (T) value;
        if (range.problem(value).isPresent()) {
            throw new AssertionError("generated " + typed + " outside " + o.path() + "'s range");
        }
        return typed;
    }
}
