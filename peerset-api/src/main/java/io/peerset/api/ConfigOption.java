package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

// Over 600 lines on purpose (issue 14 §3): the option and its nested Kind, Range and Builder are one
// declaration vocabulary whose nested names are API (ConfigOption.Range.ints(..), ConfigOption.builder(..)),
// a third of it Javadoc. Text forms and parsing are the command line's (OptionText), not here.
/**
 * One configuration option, declared once: its key in the configuration file, its Java name, the
 * kind of value it takes, its default (possibly a function of the network), its valid range, a
 * one-line description and the reference section it follows. Builders validate with it, and the
 * command line's file loader, its commented default file, its flags and the README's
 * configuration tables are all derived from it (the way a Helidon blueprint declares an option
 * once). peerset's own options are listed in {@link NodeOptions}; an application may declare more
 * with {@link #builder}.
 *
 * <p>Keys follow zebrad.toml where zebrad has the setting ({@code network.listen_addr}); peerset's
 * own settings live in the {@code [peerset]} section and their keys are the Java name in
 * snake_case ({@code readyTimeout} is {@code peerset.ready_timeout}).
 *
 * <p>Options compare by identity. Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigOption<T> {

    /** The kind of value an option takes, which decides how it is written in a file or on a command line. */
    public enum Kind {
        /** A whole number ({@link Integer} or {@link Long}); a TOML integer. */
        INTEGER("integer"),
        /** {@code true} or {@code false}. */
        BOOLEAN("boolean"),
        /** A string. */
        STRING("string"),
        /** A {@link Duration}, written as zebrad's human-readable durations ({@code "1m 1s"}). */
        DURATION("duration"),
        /** A {@link io.peerset.wire.PeerAddress}: {@code "ip:port"}, {@code "[ipv6]:port"}, or a bare IP that gets the network's default port. */
        ADDRESS("address"),
        /** A server's {@link java.net.InetSocketAddress}: {@code "ip:port"}, or a bare IP that gets the service's port. */
        SERVER_ADDRESS("address"),
        /** A list of {@code "host:port"} strings; a TOML array of strings. */
        HOST_PORTS("list of host:port"),
        /** A directory ({@link java.nio.file.Path}); in a file {@code true} (the default directory), {@code false} (none) or a path. */
        DIRECTORY("directory"),
        /** A file to read ({@link java.nio.file.Path}); in a file a path string. */
        FILE("file"),
        /** A {@link io.peerset.wire.PeerServices} bit field; a TOML integer. */
        SERVICES("service bits"),
        /** A {@link Network}'s name. */
        NETWORK("network"),
        /** A network magic: 4 bytes in wire order. */
        MAGIC("4 bytes");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** @return how the kind is named in documentation, for example {@code "duration"} */
        public String description() {
            return description;
        }
    }

    private final String section;
    private final String key;
    private final List<String> aliases;
    private final String name;
    private final Kind kind;
    private final Class<T> type;
    private final Function<Network, Optional<T>> defaults;
    private final boolean fixedDefault;
    private final Optional<String> defaultText;
    private final Range<T> range;
    private final String doc;
    private final String reference;
    private final Optional<T> referenceValue;
    private final Optional<String> flag;
    private final Function<Network, Optional<String>> example;
    private final boolean zeroMeansDefault;
    private final Predicate<Network> appliesTo;
    private final boolean optional;

    private ConfigOption(Builder<T> b) {
        this.section = b.section;
        this.key = b.key;
        this.aliases = List.copyOf(b.aliases);
        this.name = b.name;
        this.kind = b.kind;
        this.type = b.type;
        this.defaults = b.defaults;
        this.fixedDefault = b.fixedDefault;
        this.defaultText = b.defaultText;
        this.range = b.range;
        this.doc = b.doc;
        this.reference = b.reference;
        this.referenceValue = b.referenceValue;
        b.referenceValue.ifPresent(v -> check("reference value of " + b.section + "." + b.key, v));
        this.flag = b.flag;
        this.example = b.example;
        this.zeroMeansDefault = b.zeroMeansDefault;
        this.appliesTo = b.appliesTo;
        this.optional = b.optional;
    }

    /**
     * @param section the file section, for example {@code "peerset"} or {@code "network"}
     * @param key     the key inside the section, for example {@code "ready_timeout"}
     * @param name    the Java name (builder setter and accessor), for example {@code "readyTimeout"}
     * @param kind    the kind of value
     * @param type    the Java type of the value
     * @param <T>     the Java type of the value
     * @return a builder; {@link Builder#doc(String)} and a default (or {@link Builder#optional()}) are required
     */
    public static <T> Builder<T> builder(String section, String key, String name, Kind kind, Class<T> type) {
        return new Builder<>(section, key, name, kind, type);
    }

    /** @return the file section, for example {@code "peerset"}, {@code "network"} or {@code "network.testnet_parameters"} */
    public String section() {
        return section;
    }

    /** @return the key inside the section, for example {@code "ready_timeout"} */
    public String key() {
        return key;
    }

    /** @return the section and key, for example {@code "peerset.ready_timeout"}, as error messages name the option */
    public String path() {
        return section + "." + key;
    }

    /** @return other keys accepted for this option (zebrad's {@code new_peer_interval}) */
    public List<String> aliases() {
        return aliases;
    }

    /** @return the Java name: the builder's setter and the accessor, for example {@code "readyTimeout"} */
    public String name() {
        return name;
    }

    /** @return the kind of value */
    public Kind kind() {
        return kind;
    }

    /** @return the Java type of the value */
    public Class<T> type() {
        return type;
    }

    /**
     * @param network the network
     * @return the default on that network; empty when the option is unset by default
     */
    public Optional<T> defaultValue(Network network) {
        requireNonNull(network, "network");
        return defaults.apply(network);
    }

    /**
     * @return the default, for an option whose default does not depend on the network
     * @throws IllegalStateException if the default depends on the network or the option is unset by default
     */
    public T defaultValue() {
        if (!fixedDefault) {
            throw new IllegalStateException(name + ": the default depends on the network (expected: defaultValue(network))");
        }
        return defaults.apply(Network.MAINNET).orElseThrow(() ->
                new IllegalStateException(name + ": unset by default (expected: defaultValue(network))"));
    }

    /** @return whether the default is the same on every network */
    public boolean hasFixedDefault() {
        return fixedDefault;
    }

    /**
     * @return how documentation states the default when the value alone does not say it well (it
     *         depends on the network or the machine, or it is a long list); empty = the value itself
     */
    public Optional<String> defaultText() {
        return defaultText;
    }

    /** @return the valid values */
    public Range<T> range() {
        return range;
    }

    /** @return what the option does, in one paragraph without line breaks */
    public String doc() {
        return doc;
    }

    /** @return the section of the Zebra reference it follows, for example {@code "§3.1"}; empty if peerset's own */
    public String reference() {
        return reference;
    }

    /**
     * @return the value that gives the reference's behaviour, for an option whose default goes
     *         beyond it (a defence the reference lacks); empty where the default is the reference's.
     *         The simulator's baseline and {@link NodeConfig.Builder#referenceBehaviour()} use it.
     */
    public Optional<T> referenceValue() {
        return referenceValue;
    }

    /** @return the command-line flag of {@code peerset run} when it is not {@code --} and the key with dashes */
    public Optional<String> flag() {
        return flag;
    }

    /**
     * @param network the network
     * @return an example value in the file's text form, for an option that is unset by default
     */
    public Optional<String> example(Network network) {
        return example.apply(requireNonNull(network, "network"));
    }

    /** @return whether a file may say 0 to mean the default (zebrad's rule: it warns and uses the default) */
    public boolean zeroMeansDefault() {
        return zeroMeansDefault;
    }

    /**
     * @param network a network
     * @return whether the option is used on that network ({@code initial_mainnet_peers} on Mainnet only)
     */
    public boolean appliesTo(Network network) {
        return appliesTo.test(requireNonNull(network, "network"));
    }

    /** @return whether the option may be unset (no value at all, as {@code external_addr} by default) */
    public boolean isOptional() {
        return optional;
    }

    /**
     * Checks a value against the range.
     *
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException {@code "name: value (expected: range)"} if it is out of range
     */
    public T check(T value) {
        return check(name, value);
    }

    /**
     * As {@link #check(Object)}, for a builder that calls the same setting another name
     * ({@code AddressBookConfig.capacity} is {@code addressBookCapacity}).
     *
     * @param what  the name in the message
     * @param value the value
     * @return the value
     */
    public T check(String what, T value) {
        requireNonNull(value, what);
        Optional<String> problem = range.problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(what + ": " + problem.get());
        }
        return value;
    }

    @Override
    public String toString() {
        return path();
    }

    /**
     * The valid values of an option: a test, what it expects in words, and (for ordered values) the
     * bounds, which the command line writes in its own form ({@code from "1s" to "1day"}).
     * Immutable and thread-safe.
     *
     * @param <T> the value type
     */
    public static final class Range<T> {

        private static final Range<Object> ANY = new Range<>(v -> true, "any value", Optional.empty(), Optional.empty(),
                false, String::valueOf, Optional.empty());

        private final Predicate<T> test;
        private final String expected;
        private final Optional<T> min;
        private final Optional<T> max;
        private final boolean minExclusive;
        private final Function<T, String> describe;
        private final Optional<Function<T, Optional<String>>> problem;

        private Range(Predicate<T> test, String expected, Optional<T> min, Optional<T> max, boolean minExclusive,
                      Function<T, String> describe, Optional<Function<T, Optional<String>>> problem) {
            this.test = test;
            this.expected = expected;
            this.min = min;
            this.max = max;
            this.minExclusive = minExclusive;
            this.describe = describe;
            this.problem = problem;
        }

        /**
         * @param <T> the value type
         * @return every value
         */
        @SuppressWarnings("unchecked")
        public static <T> Range<T> any() {
            return (Range<T>) ANY;
        }

        /**
         * @param min the least value
         * @param max the greatest value
         * @return {@code min..max}, or {@code > 0} / {@code >= min} when {@code max} is {@link Integer#MAX_VALUE}
         */
        public static Range<Integer> ints(int min, int max) {
            String expected = max == Integer.MAX_VALUE ? (min == 1 ? "> 0" : ">= " + min) : min + ".." + max;
            return new Range<>(v -> v >= min && v <= max, expected, Optional.of(min), Optional.of(max), false,
                    String::valueOf, Optional.empty());
        }

        /**
         * @param min the least value
         * @param max the greatest value
         * @return {@code min..max}
         */
        public static Range<Long> longs(long min, long max) {
            return new Range<>(v -> v >= min && v <= max, min + ".." + max, Optional.of(min), Optional.of(max), false,
                    String::valueOf, Optional.empty());
        }

        /**
         * @param min the shortest duration
         * @param max the longest duration
         * @return {@code min to max}, both included
         */
        public static Range<Duration> durations(Duration min, Duration max) {
            return new Range<>(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, min + " to " + max,
                    Optional.of(min), Optional.of(max), false, String::valueOf, Optional.empty());
        }

        /** @return every duration longer than zero */
        public static Range<Duration> positive() {
            return new Range<>(v -> !v.isNegative() && !v.isZero(), "> 0", Optional.of(Duration.ZERO),
                    Optional.empty(), true, String::valueOf, Optional.empty());
        }

        /**
         * @param max the longest duration
         * @return every duration longer than zero and at most {@code max}
         */
        public static Range<Duration> positiveAtMost(Duration max) {
            return new Range<>(v -> !v.isNegative() && !v.isZero() && v.compareTo(max) <= 0, "> 0 and <= " + max,
                    Optional.of(Duration.ZERO), Optional.of(max), true, String::valueOf, Optional.empty());
        }

        /**
         * @param maxBytes the most UTF-8 bytes
         * @return strings of at most that many bytes, described by their length
         */
        public static Range<String> utf8AtMost(int maxBytes) {
            return new Range<>(v -> v.getBytes(StandardCharsets.UTF_8).length <= maxBytes, "at most " + maxBytes,
                    Optional.empty(), Optional.empty(), false,
                    v -> v.getBytes(StandardCharsets.UTF_8).length + " UTF-8 bytes", Optional.empty());
        }

        /**
         * @param pattern  the whole string must match it
         * @param expected what it expects, in words
         * @return matching strings, described quoted
         */
        public static Range<String> matching(Pattern pattern, String expected) {
            return new Range<>(v -> pattern.matcher(v).matches(), expected, Optional.empty(), Optional.empty(),
                    false, v -> "\"" + v + "\"", Optional.empty());
        }

        /**
         * @param test     the test
         * @param expected what it expects, in words
         * @param <T>      the value type
         * @return the values that pass {@code test}
         */
        public static <T> Range<T> where(Predicate<T> test, String expected) {
            return new Range<>(test, expected, Optional.empty(), Optional.empty(), false, String::valueOf,
                    Optional.empty());
        }

        /**
         * A range of lists whose every element must pass a check that words its own failure.
         *
         * @param element  throws {@link IllegalArgumentException} with the whole message for a bad element
         * @param expected what each element must be, in words
         * @param <E>      the element type
         * @return lists whose every element passes
         */
        public static <E> Range<List<E>> eachElement(Consumer<E> element, String expected) {
            Function<List<E>, Optional<String>> problem = list -> {
                for (E e : list) {
                    try {
                        element.accept(e);
                    } catch (IllegalArgumentException bad) {
                        return Optional.of(bad.getMessage());
                    }
                }
                return Optional.empty();
            };
            return new Range<>(list -> problem.apply(list).isEmpty(), expected, Optional.empty(), Optional.empty(),
                    false, String::valueOf, Optional.of(problem));
        }

        /**
         * @param describe how a value is quoted in messages
         * @return this range, quoting values so
         */
        public Range<T> describedAs(Function<T, String> describe) {
            return new Range<>(test, expected, min, max, minExclusive, requireNonNull(describe, "describe"), problem);
        }

        /**
         * @param value a value
         * @return whether it is valid
         */
        public boolean contains(T value) {
            return test.test(requireNonNull(value, "value"));
        }

        /** @return what a valid value is, in words with Java values, for example {@code "1..10000"} or {@code "> 0"} */
        public String expected() {
            return expected;
        }

        /** @return the least value, for ordered values */
        public Optional<T> min() {
            return min;
        }

        /** @return the greatest value, for ordered values; empty = unbounded */
        public Optional<T> max() {
            return max;
        }

        /** @return whether {@link #min()} itself is excluded ({@code > 0}) */
        public boolean minExclusive() {
            return minExclusive;
        }

        /**
         * @param value a value
         * @return how a message quotes it, for example {@code "257 UTF-8 bytes"} for a string's length
         */
        public String describe(T value) {
            return describe.apply(value);
        }

        /**
         * @param value a value
         * @return empty if it is valid, else what is wrong, for example {@code "0 (expected: 1..10000)"}
         */
        public Optional<String> problem(T value) {
            if (problem.isPresent()) {
                return problem.get().apply(value);
            }
            return contains(value) ? Optional.empty()
                    : Optional.of(describe(value) + " (expected: " + expected + ")");
        }
    }

    /**
     * Builds a {@link ConfigOption}. Not thread-safe.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String section;
        private final String key;
        private final List<String> aliases = new ArrayList<>();
        private final String name;
        private final Kind kind;
        private final Class<T> type;
        private Function<Network, Optional<T>> defaults;
        private boolean fixedDefault;
        private Optional<String> defaultText = Optional.empty();
        private Range<T> range = Range.any();
        private String doc;
        private String reference = "";
        private Optional<T> referenceValue = Optional.empty();
        private Optional<String> flag = Optional.empty();
        private Function<Network, Optional<String>> example = n -> Optional.empty();
        private boolean zeroMeansDefault;
        private Predicate<Network> appliesTo = n -> true;
        private boolean optional;

        private Builder(String section, String key, String name, Kind kind, Class<T> type) {
            this.section = requireNonNull(section, "section");
            this.key = requireNonNull(key, "key");
            this.name = requireNonNull(name, "name");
            this.kind = requireNonNull(kind, "kind");
            this.type = requireNonNull(type, "type");
        }

        /**
         * @param value the default on every network
         * @return this
         */
        public Builder<T> defaultValue(T value) {
            requireNonNull(value, "value");
            this.defaults = n -> Optional.of(value);
            this.fixedDefault = true;
            return this;
        }

        /**
         * @param value the default as a function of the network
         * @return this
         */
        public Builder<T> defaultValue(Function<Network, T> value) {
            requireNonNull(value, "value");
            this.defaults = n -> Optional.of(value.apply(n));
            this.fixedDefault = false;
            return this;
        }

        /**
         * The option may be unset, and is unset by default.
         *
         * @return this
         */
        public Builder<T> optional() {
            this.optional = true;
            this.defaults = n -> Optional.empty();
            this.fixedDefault = false;
            return this;
        }

        /**
         * The option may be unset (for example no peer cache), but has a default.
         *
         * @param value the default
         * @return this
         */
        public Builder<T> optional(Supplier<T> value) {
            requireNonNull(value, "value");
            this.optional = true;
            this.defaults = n -> Optional.of(value.get());
            this.fixedDefault = false;
            return this;
        }

        /**
         * @param text how documentation states the default
         * @return this
         */
        public Builder<T> defaultText(String text) {
            this.defaultText = Optional.of(requireNonNull(text, "text"));
            return this;
        }

        /**
         * @param range the valid values; default any
         * @return this
         */
        public Builder<T> range(Range<T> range) {
            this.range = requireNonNull(range, "range");
            return this;
        }

        /**
         * @param doc what the option does, one paragraph without line breaks
         * @return this
         */
        public Builder<T> doc(String doc) {
            requireNonNull(doc, "doc");
            Checks.checkArgument(!doc.isBlank() && !doc.contains("\n"),
                    "doc: \"%s\" (expected: one paragraph without line breaks)", doc);
            this.doc = doc;
            return this;
        }

        /**
         * @param reference the reference section, for example {@code "§3.1"}
         * @return this
         */
        public Builder<T> reference(String reference) {
            this.reference = requireNonNull(reference, "reference");
            return this;
        }

        /**
         * @param value the value that gives the reference's behaviour, for an option whose default
         *              goes beyond it; checked against the range when the option is built
         * @return this
         */
        public Builder<T> referenceValue(T value) {
            this.referenceValue = Optional.of(requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param flag the command-line flag, when it is not {@code --} and the key with dashes
         * @return this
         */
        public Builder<T> flag(String flag) {
            requireNonNull(flag, "flag");
            Checks.checkArgument(flag.startsWith("--"), "flag: %s (expected: --name)", flag);
            this.flag = Optional.of(flag);
            return this;
        }

        /**
         * @param alias another key accepted for the option
         * @return this
         */
        public Builder<T> alias(String alias) {
            aliases.add(requireNonNull(alias, "alias"));
            return this;
        }

        /**
         * @param example an example value in the file's text form, as a function of the network
         * @return this
         */
        public Builder<T> example(Function<Network, String> example) {
            requireNonNull(example, "example");
            this.example = n -> Optional.of(example.apply(n));
            return this;
        }

        /**
         * A file may say 0 to mean the default (zebrad's rule), with a warning.
         *
         * @return this
         */
        public Builder<T> zeroMeansDefault() {
            this.zeroMeansDefault = true;
            return this;
        }

        /**
         * @param networks the networks the option is used on; default every network
         * @return this
         */
        public Builder<T> appliesTo(Predicate<Network> networks) {
            this.appliesTo = requireNonNull(networks, "networks");
            return this;
        }

        /** @return the option */
        public ConfigOption<T> build() {
            if (doc == null) {
                throw new IllegalStateException(name + ": no doc (expected: doc(...))");
            }
            if (defaults == null) {
                throw new IllegalStateException(name + ": no default (expected: defaultValue(...) or optional())");
            }
            return new ConfigOption<>(this);
        }
    }
}
