package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one text form of every kind of option value, shared by the configuration file, the flags of
 * {@code peerset run} and the documentation: durations are zebrad's human-readable durations
 * ({@link HumanDuration}: {@code "1m 1s"}, {@code "1day"}) everywhere, addresses are read as zebrad
 * reads {@code listen_addr} ({@link SocketAddresses}), and ranges are worded in the same form
 * ({@code from "1s" to "1day"}).
 *
 * <p>Stateless and thread-safe.
 */
public final class OptionText {

    /** The port a DNS server address without one gets. */
    static final int DNS_PORT = 53;

    private OptionText() {
    }

    /**
     * Reads a value from its text form: a flag's argument, or a TOML string.
     *
     * @param option  the option
     * @param text    the text
     * @param network the network (a bare IP gets its default port)
     * @param <T>     the value type
     * @return the value, not yet checked against the range (see {@link #problem})
     * @throws IllegalArgumentException saying what was expected
     */
    @SuppressWarnings("unchecked")
    public static <T> T parse(ConfigOption<T> option, String text, Network network) {
        requireNonNull(option, "option");
        requireNonNull(text, "text");
        Object value = switch (option.kind()) {
            case INTEGER -> {
                long v = integer(option, text);
                if (option.type() == Integer.class) {
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("out of range (expected: " + expected(option) + ")");
                    }
                    yield (int) v;
                }
                yield v;
            }
            case SERVICES -> new PeerServices(integer(option, text));
            case BOOLEAN -> switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean (expected: true or false)");
            };
            case STRING -> text;
            case DURATION -> HumanDuration.parse(text);
            case ADDRESS -> SocketAddresses.parse(text, network.defaultPort());
            case SERVER_ADDRESS -> SocketAddresses.parse(text, DNS_PORT).toSocketAddress();
            case DIRECTORY, FILE -> {
                try {
                    yield Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("not a valid path: " + e.getReason());
                }
            }
            case HOST_PORTS -> List.of(text);
            case NETWORK, MAGIC -> throw new IllegalArgumentException(option.path() + " has no text form");
        };
        return (T) value;
    }

    private static long integer(ConfigOption<?> option, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer (expected: " + expected(option) + ")");
        }
    }

    /**
     * @param option the option
     * @param value  a value in range
     * @param shown  how the message shows the value: the text as written, quoted in a file
     * @param <T>    the value type
     * @return empty if the value is in range, else what is wrong, for example
     *         {@code "10ms" (expected: from "1s" to "1day")}
     */
    public static <T> Optional<String> problem(ConfigOption<T> option, T value, String shown) {
        Optional<String> problem = option.range().problem(value);
        if (problem.isEmpty()) {
            return problem;
        }
        return switch (option.kind()) {
            case STRING, HOST_PORTS, DIRECTORY, FILE, NETWORK, MAGIC -> problem; // the range quotes these itself
            default -> Optional.of(shown + " (expected: " + expected(option) + ")");
        };
    }

    /**
     * @param option an option
     * @return its range in the text form, for example {@code 1..10000}, {@code from "1s" to "1day"}
     *         or {@code more than 0s and at most "1day"}
     */
    public static String expected(ConfigOption<?> option) {
        ConfigOption.Range<?> range = option.range();
        switch (option.kind()) {
            case INTEGER:
                if (range.min().isPresent() && range.max().isPresent()) {
                    long max = ((Number) range.max().get()).longValue();
                    return max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + range.min().get()
                            : range.min().get() + ".." + max;
                }
                return range.expected();
            case DURATION:
                Optional<Duration> min = range.min().map(Duration.class::cast);
                Optional<Duration> max = range.max().map(Duration.class::cast);
                if (range.minExclusive()) {
                    return "more than " + HumanDuration.format(min.orElse(Duration.ZERO))
                            + max.map(m -> " and at most \"" + HumanDuration.format(m) + "\"").orElse("");
                }
                if (min.isPresent() && max.isPresent()) {
                    return "from \"" + HumanDuration.format(min.get()) + "\" to \"" + HumanDuration.format(max.get())
                            + "\"";
                }
                return range.expected();
            default:
                return range.expected();
        }
    }

    /**
     * @param option an option
     * @return whether it has a range worth stating: not any value of its kind, nor a list whose
     *         description says what each element must be
     */
    public static boolean hasRange(ConfigOption<?> option) {
        return option.kind() != ConfigOption.Kind.HOST_PORTS
                && !option.range().expected().equals(ConfigOption.Range.any().expected());
    }

    /**
     * @param option an option
     * @param value  a value
     * @param <T>    the value type
     * @return the text form: what a flag takes and a file's string holds ({@code 1m 1s}, {@code [::]:8233})
     */
    public static <T> String format(ConfigOption<T> option, T value) {
        requireNonNull(value, "value");
        return switch (option.kind()) {
            case DURATION -> HumanDuration.format((Duration) value);
            case SERVER_ADDRESS -> PeerAddress.of((InetSocketAddress) value).toString();
            case SERVICES -> Long.toUnsignedString(((PeerServices) value).bits());
            case HOST_PORTS -> String.join(", ", asStrings(value));
            case NETWORK -> capitalised(((Network) value).name());
            default -> String.valueOf(value);
        };
    }

    /**
     * @param option an option
     * @param value  a value
     * @param <T>    the value type
     * @return the TOML literal, on one line: {@code 25}, {@code true}, {@code "1m 1s"},
     *         {@code ["a:1", "b:2"]}; the cache directory is {@code true} when it is the default
     */
    public static <T> String toml(ConfigOption<T> option, T value) {
        requireNonNull(value, "value");
        return switch (option.kind()) {
            case INTEGER, BOOLEAN, SERVICES -> format(option, value);
            case HOST_PORTS -> "[" + String.join(", ", asStrings(value).stream().map(ConfigWriter::quote).toList()) + "]";
            case DIRECTORY -> value.equals(NodeConfig.defaultCacheDir()) ? "true" : ConfigWriter.quote(value.toString());
            case MAGIC -> magicArray((Integer) value);
            default -> ConfigWriter.quote(format(option, value));
        };
    }

    /**
     * @param option  an option
     * @param network the network
     * @return its default as documentation states it: the declared wording, else the TOML literal,
     *         else {@code unset}
     */
    public static String defaultText(ConfigOption<?> option, Network network) {
        if (option.defaultText().isPresent()) {
            return option.defaultText().get();
        }
        return option.defaultValue(network).map(v -> tomlOf(option, v)).orElse("unset");
    }

    /**
     * @param option  an option that is unset by default
     * @param network the network
     * @return its example as a TOML literal, for a commented-out line
     */
    public static Optional<String> exampleToml(ConfigOption<?> option, Network network) {
        return option.example(network).map(text -> option.kind() == ConfigOption.Kind.MAGIC ? text
                : ConfigWriter.quote(text));
    }

    @SuppressWarnings("unchecked")
    private static <T> String tomlOf(ConfigOption<T> option, Object value) {
        return toml(option, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static List<String> asStrings(Object value) {
        return (List<String>) value;
    }

    static String magicArray(int magic) {
        return "[" + (magic >>> 24) + ", " + ((magic >>> 16) & 0xff) + ", " + ((magic >>> 8) & 0xff) + ", "
                + (magic & 0xff) + "]";
    }

    static String capitalised(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    /**
     * @param option a setting or the status interval
     * @return whether {@code peerset run} takes it as a flag that needs no value ({@code --no-dns})
     */
    public static boolean isNegationFlag(ConfigOption<?> option) {
        return option.kind() == ConfigOption.Kind.BOOLEAN && FileOptions.flag(option).startsWith("--no-")
                && option.defaultValue(Network.MAINNET).equals(Optional.of(Boolean.TRUE));
    }

    /**
     * @param option an option
     * @return the placeholder of its value in help, for example {@code DURATION}
     */
    public static String paramLabel(ConfigOption<?> option) {
        return switch (option.kind()) {
            case INTEGER, SERVICES -> "N";
            case BOOLEAN -> "BOOL";
            case STRING -> option == NodeOptions.TRANSPORT ? "NAME" : "TEXT";
            case DURATION -> "DURATION";
            case ADDRESS, SERVER_ADDRESS -> "ADDR:PORT";
            case HOST_PORTS -> "HOST:PORT";
            case DIRECTORY -> "DIR";
            case FILE -> "FILE";
            case NETWORK, MAGIC -> "VALUE";
        };
    }
}
