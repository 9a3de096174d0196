package io.peerset.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.ConfigOption;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one configuration file's parsed TOML tree, for {@link ConfigLoader}: each returns
 * null (or empty) when the key is absent and throws a {@link ConfigException} naming the file, the
 * key and what was expected when it is present but wrong; warnings are collected, for the loader to
 * log once the whole file is known to be usable. An option is read generically from its declaration
 * ({@link #read}): by its kind, in the one text form of that kind ({@link OptionText}), checked
 * against its range.
 *
 * <p>What a file <em>means</em> (which sections exist, which network it names, zebrad's rules) is
 * the loader's; this class only knows TOML values and the option table.
 *
 * <p>Not thread-safe: one instance per load, on the loading thread.
 */
final class TomlReader {

    private final String source;
    private final List<String> warnings = new ArrayList<>();

    /** @param source what error messages call the file */
    TomlReader(String source) {
        this.source = source;
    }

    /** @return the warnings so far, in order, each {@code "source: key: detail"} */
    List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * Reads an option's value by its kind, checked against its range; empty when absent, or when a
     * file says 0 for an option where zebrad reads 0 as the default (with a warning).
     */
    <T> Optional<T> read(ObjectNode table, ConfigOption<T> option, String key, Network network) {
        JsonNode node = table.get(key);
        if (node == null) {
            return Optional.empty();
        }
        String path = option.section() + "." + key;
        Object value = switch (option.kind()) {
            case INTEGER, SERVICES -> {
                long min = option.range().min().map(v -> ((Number) v).longValue()).orElse(0L);
                long max = option.range().max().map(v -> ((Number) v).longValue()).orElse(Long.MAX_VALUE);
                long v = integer(table, option.section(), key, option.zeroMeansDefault() ? Math.min(0, min) : min, max);
                if (v == 0 && option.zeroMeansDefault() && min > 0) {
                    warn(path, "0 (expected: > 0); using the default "
                            + OptionText.defaultText(option, network));
                    yield null;
                }
                yield option.kind() == ConfigOption.Kind.SERVICES ? new PeerServices(v)
                        : option.type() == Integer.class ? (Object) (int) v : (Object) v;
            }
            case BOOLEAN -> bool(table, option.section(), key);
            case STRING, DURATION, ADDRESS, SERVER_ADDRESS, FILE -> {
                String text = string(table, option.section(), key);
                T parsed;
                try {
                    parsed = OptionText.parse(option, text, network);
                } catch (IllegalArgumentException e) {
                    throw error(path, e.getMessage());
                }
                Optional<String> problem = OptionText.problem(option, parsed, "\"" + text + "\"");
                if (problem.isPresent()) {
                    throw error(path, problem.get());
                }
                if (option.kind() == ConfigOption.Kind.ADDRESS) {
                    checkPort((PeerAddress) parsed, network, path);
                }
                yield parsed;
            }
            default -> throw new IllegalStateException(option.path() + ": read by hand (expected: in READ_BY_HAND)");
        };
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return Optional.ofNullable(typed);
    }

    /** Warns when a listener or announced port belongs to another network (warning only, as in zebrad). */
    private void checkPort(PeerAddress address, Network network, String key) {
        int port = address.port();
        if (port == 0 || port == network.defaultPort()) {
            return;
        }
        boolean otherDefault = Network.builtIns().stream().anyMatch(n -> n.defaultPort() == port);
        if (otherDefault || !network.isValidListenerPort(port)) {
            warn(key, "port " + port + " belongs to another network (" + network.name() + "'s default port is "
                    + network.defaultPort() + "); peers of " + network.name() + " may not connect");
        }
    }

    // ---- typed reads: null when absent, ConfigException when present but wrong ----

    ObjectNode table(JsonNode node, String key) {
        if (!node.isObject()) {
            throw error(key, describe(node) + " (expected: a table, [" + key + "])");
        }
        return (ObjectNode) node;
    }

    void checkKeys(ObjectNode table, String section, List<String> known) {
        for (Map.Entry<String, JsonNode> property : table.properties()) {
            String key = property.getKey();
            if (!known.contains(key)) {
                throw error(section + "." + key, "unknown key" + suggestion(key, known)
                        + " (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    String string(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(section + "." + key, describe(node) + " (expected: a string)");
        }
        return node.textValue();
    }

    Boolean bool(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw error(section + "." + key, describe(node) + " (expected: true or false)");
        }
        return node.booleanValue();
    }

    private Long integer(ObjectNode table, String section, String key, long min, long max) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error(section + "." + key, describe(node) + " (expected: an integer " + min + ".." + max + ")");
        }
        return node.longValue();
    }

    List<String> stringList(ObjectNode table, String section, String key) {
        JsonNode node = table.get(key);
        if (node == null) {
            return null;
        }
        String expected = " (expected: an array of \"host:port\" strings)";
        if (!node.isArray()) {
            throw error(section + "." + key, describe(node) + expected);
        }
        List<String> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw error(section + "." + key, "element " + describe(element) + expected);
            }
            list.add(element.textValue());
        }
        return list;
    }

    // ---- errors and warnings ----

    void apply(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    ConfigException error(String key, String detail) {
        return new ConfigException(source, key, detail, null);
    }

    void warn(String key, String detail) {
        warnings.add(source + ": " + key + ": " + detail);
    }

    /** How a value reads in a message: its TOML type and, for scalars, the value. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return "the integer " + node.asText();
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        if (node.isObject()) {
            return "a table";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** "; did you mean x?" for a key at most two edits from a known one, else "". */
    static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
