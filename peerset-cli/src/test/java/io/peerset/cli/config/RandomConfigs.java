package io.peerset.cli.config;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
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

/**
 * Random configurations the loader accepts without a warning, from a seed (QuickTheories shrinks
 * the seed and prints it). Every setting of the option table gets a random value from its kind and
 * range, so an option added to the table is covered by every property that uses these.
 */
public final class RandomConfigs {

    private RandomConfigs() {
    }

    /**
     * @param seed the seed
     * @return a configuration on a random network with random values for about half the settings
     *         (the others unset or at their default) and a random status interval
     */
    public static LoadedConfig randomConfig(long seed) {
        Random r = new Random(seed);
        Network network = switch (r.nextInt(4)) {
            case 0 -> Network.MAINNET;
            case 1 -> Network.TESTNET;
            case 2 -> Network.REGTEST;
            default -> randomCustomNetwork(r);
        };
        NodeConfig.Builder b = NodeConfig.builder(network);
        boolean publicSeedersRefused = !network.isBuiltIn() && network.magic() != Network.TESTNET_MAGIC;
        for (ConfigOption<?> option : NodeOptions.settings()) {
            if (!option.appliesTo(network)) {
                continue;
            }
            boolean mustSet = publicSeedersRefused && option.kind() == ConfigOption.Kind.HOST_PORTS;
            if (option.isOptional() && !mustSet && r.nextInt(3) == 0) {
                b.clear(option);
            } else if (mustSet || r.nextBoolean()) {
                set(b, option, r, network);
            }
        }
        NodeConfig node;
        try {
            node = b.build();
        } catch (IllegalArgumentException lowAboveHigh) {
            node = b.writeBufferWaterMarks(NodeOptions.WRITE_BUFFER_LOW_WATER_MARK.defaultValue(), Integer.MAX_VALUE)
                    .build();
        }
        Duration status = randomValue(FileOptions.STATUS_INTERVAL, r, network);
        return new LoadedConfig(node, status, Optional.empty(), List.of(), List.of());
    }

    private static <T> void set(NodeConfig.Builder b, ConfigOption<T> option, Random r, Network network) {
        b.set(option, randomValue(option, r, network));
    }

    /**
     * @param option  an option with a text form (not the network's own)
     * @param r       randomness
     * @param network the network (addresses on its ports never warn)
     * @param <T>     the value type
     * @return a random value in the option's range, that the file and the flags read back unchanged
     *         and without a warning
     */
    @SuppressWarnings("unchecked")
    public static <T> T randomValue(ConfigOption<T> option, Random r, Network network) {
        ConfigOption.Range<Object> range = (ConfigOption.Range<Object>) option.range();
        Object value = switch (option.kind()) {
            case INTEGER -> {
                long min = range.min().map(v -> ((Number) v).longValue()).orElse(0L);
                long max = range.max().map(v -> ((Number) v).longValue()).orElse((long) Integer.MAX_VALUE);
                long v = switch (r.nextInt(4)) {
                    case 0 -> min;
                    case 1 -> max;
                    case 2 -> min + r.nextInt(100) % (max - min + 1);
                    default -> min + (long) (r.nextDouble() * (max - min));
                };
                yield option.type() == Long.class ? (Object) v : (Object) (int) v;
            }
            case BOOLEAN -> r.nextBoolean();
            case DURATION -> {
                Duration min = (Duration) range.min().orElse(Duration.ZERO);
                Duration max = (Duration) range.max().orElse(Duration.ofDays(3650));
                Duration d = randomDuration(r, min, max);
                yield range.minExclusive() && d.equals(min) ? min.plusNanos(1) : d;
            }
            case STRING -> option == NodeOptions.TRANSPORT
                    ? randomName(r, "abcdefghijklmnopqrstuvwxyz0123456789._-", 1 + r.nextInt(20))
                    : option == NodeOptions.ACTIVATION_HEIGHTS ? (r.nextBoolean() ? "" : "NU7=" + (5_000_000 + r.nextInt(4_000_000)))
                    : option == NodeOptions.MIN_PEER_VERSIONS ? (r.nextBoolean() ? "" : "NU7=" + (170_190 + r.nextInt(1_000)))
                    : randomText(r, 60);
            case ADDRESS -> randomAddress(r, network);
            case SERVER_ADDRESS -> {
                PeerAddress dns;
                do {
                    dns = randomAddress(r, network);
                } while (dns.port() == 0 || dns.ip().isAnyLocalAddress());
                yield dns.toSocketAddress();
            }
            case HOST_PORTS -> randomPeers(r);
            case DIRECTORY -> Path.of("/var/cache/" + randomText(r, 20).replace('/', '_').replace('\0', '_'));
            case FILE -> oneAsMap(); // the configuration reads it: a real map
            case SERVICES -> new PeerServices(r.nextBoolean() ? r.nextInt(16) : r.nextLong() & Long.MAX_VALUE);
            case NETWORK, MAGIC -> throw new IllegalArgumentException(option + " has no random value here");
        };
        if (range.problem(value).isPresent()) {
            throw new AssertionError("generated " + value + " outside " + option.path() + "'s range");
        }
        return (T) value;
    }

    private static Path oneAsMap;

    /** The smallest valid asmap (RETURN AS 1: 17 zero bits, 7 of padding) in a temporary file, made once. */
    static synchronized Path oneAsMap() {
        if (oneAsMap == null) {
            try {
                oneAsMap = java.nio.file.Files.createTempFile("peerset-asmap", ".map");
                oneAsMap.toFile().deleteOnExit();
                java.nio.file.Files.write(oneAsMap, new byte[3]);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return oneAsMap;
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
