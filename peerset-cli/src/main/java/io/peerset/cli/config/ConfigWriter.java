package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.wire.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a configuration as a complete, commented TOML file: every key that
 * {@link ConfigLoader} reads, in the order of {@link FileOptions#all()}, each with a comment
 * made from its declaration (what it does, its range, its default); optional keys that are unset
 * appear commented out with an example value. Nothing here lists keys or words their meaning: an
 * option added to the table is written without touching this class.
 *
 * <p>Contract: for every configuration the loader can produce, {@code ConfigLoader.parse(write(c))}
 * yields a {@link NodeConfig} equal to {@code c.node()} in every field, and the same status
 * interval. The output is also a valid zebrad.toml {@code [network]} section (plus a
 * {@code [peerset]} section, and a {@code [plugins.<name>]} table for each plugin chosen, written by
 * {@link PluginTables} from the plugin's own declarations): a custom network is written in zebrad's
 * {@code [network.testnet_parameters]} form. Strings are written as TOML basic strings with every
 * character outside printable ASCII escaped, so the output is plain ASCII.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigWriter {

    /** Comment lines are wrapped to this width. */
    private static final int WIDTH = 100;

    private ConfigWriter() {
    }

    /**
     * @param config a configuration, typically from {@link ConfigLoader#defaults(Network)} or
     *               {@link ConfigLoader#load(Path)}
     * @return the TOML text, ending with a newline
     */
    public static String write(LoadedConfig config) {
        requireNonNull(config, "config");
        NodeConfig node = config.node();
        Network network = node.network();
        boolean custom = !network.isBuiltIn();
        StringBuilder out = new StringBuilder(16_384);

        out.append("# peerset configuration: ").append(network.name()).append(" (magic ").append(network.magicHex())
                .append(", default port ").append(network.defaultPort()).append(").\n");
        config.source().ifPresent(file -> out.append("# The effective settings of ").append(oneLine(file.toString()))
                .append(", every default filled in.\n"));
        for (String warning : config.warnings()) {
            out.append("# warning: ").append(oneLine(warning)).append('\n');
        }
        if (!config.ignoredSections().isEmpty()) {
            out.append("# ignored zebrad sections: [").append(String.join("], [", config.ignoredSections()))
                    .append("]\n");
        }
        out.append("""
                #
                # peerset reads a zebrad.toml unchanged: [network] is zebrad's own section, [peerset] holds
                # peerset's additions, and zebrad's other sections ([consensus], [state], [rpc], [mempool],
                # [sync], [tracing], [metrics], [mining]) are ignored. An unknown key is an error.
                # Every key may be left out: it then takes the default given in its comment.
                # Durations are strings of numbers with units, added up: "500ms", "61s", "1m 1s", "1h".
                # Written by `peerset config`.

                [network]

                """);
        for (ConfigOption<?> option : FileOptions.in(NodeOptions.NETWORK_SECTION)) {
            comment(out, option, network);
            out.append(line(option, config)).append('\n');
        }

        // the table of a custom testnet: its keys' comments first, then the table, whose lines must follow it
        List<ConfigOption<?>> parameters = FileOptions.in(NodeOptions.TESTNET_PARAMETERS_SECTION);
        for (ConfigOption<?> option : parameters) {
            if (option != parameters.get(0)) {
                out.append("#\n");
            }
            comment(out, option, network);
        }
        out.append(custom ? "" : "# ").append('[').append(NodeOptions.TESTNET_PARAMETERS_SECTION).append("]\n");
        for (ConfigOption<?> option : parameters) {
            out.append(line(option, config));
        }
        out.append("\n[peerset]\n\n# peerset's own settings (zebrad has none of these).\n\n");
        for (ConfigOption<?> option : FileOptions.in(NodeOptions.PEERSET_SECTION)) {
            comment(out, option, network);
            out.append(line(option, config)).append('\n');
        }
        PluginTables.write(out, node);
        out.setLength(out.length() - 1); // one newline at the end
        return out.toString();
    }

    /** The comment above a key: what it does, its range and its default. */
    static void comment(StringBuilder out, ConfigOption<?> option, Network network) {
        String text = option.doc();
        if (OptionText.hasRange(option)) {
            text += " Range: " + OptionText.expected(option) + ".";
        }
        wrap(out, text);
        out.append("# Default: ").append(OptionText.defaultText(option, network)).append(".\n");
    }

    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > WIDTH && line.length() > 1) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append('#');
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    /** The key's line (ending with a newline): its value, or commented out with an example when unset. */
    private static String line(ConfigOption<?> option, LoadedConfig config) {
        NodeConfig node = config.node();
        Network network = node.network();
        boolean custom = !network.isBuiltIn();
        String key = option.key();
        if (option == NodeOptions.NETWORK) {
            return key + " = " + quote(custom ? "Testnet" : OptionText.capitalised(network.name())) + "\n";
        }
        if (option == NodeOptions.NETWORK_NAME) {
            return custom ? key + " = " + quote(network.name()) + "\n" : commented(option, network);
        }
        if (option == NodeOptions.NETWORK_MAGIC) {
            return custom ? key + " = " + OptionText.magicArray(network.magic()) + "\n" : commented(option, network);
        }
        if (option == NodeOptions.PROTOCOL_VERSION) {
            return (custom ? "" : "# ") + key + " = " + (custom ? network.protocolVersion()
                    : NodeOptions.PROTOCOL_VERSION.defaultValue()) + "\n";
        }
        if (option == NodeOptions.MIN_PEER_VERSION) {
            return (custom ? "" : "# ") + key + " = " + (custom ? network.initialMinimumPeerVersion()
                    : NodeOptions.MIN_PEER_VERSION.defaultValue()) + "\n";
        }
        if (option == NodeOptions.DEFAULT_PORT) {
            return (custom ? "" : "# ") + key + " = " + (custom ? network.defaultPort()
                    : NodeOptions.DEFAULT_PORT.defaultValue()) + "\n";
        }
        if (option == FileOptions.STATUS_INTERVAL) {
            return key + " = " + OptionText.toml(FileOptions.STATUS_INTERVAL, config.statusInterval()) + "\n";
        }
        if (option.kind() == ConfigOption.Kind.HOST_PORTS) {
            // the list of another network is written with its default, as zebrad writes both
            @SuppressWarnings("unchecked")
            ConfigOption<List<String>> peers = (ConfigOption<List<String>>) option;
            return peers(key, option.appliesTo(network) ? node.value(peers).orElseThrow()
                    : peers.defaultValue(network).orElseThrow());
        }
        if (option == NodeOptions.CACHE_DIR && node.cacheDir().isEmpty()) {
            return key + " = false\n";
        }
        return setting(option, node);
    }

    private static <T> String setting(ConfigOption<T> option, NodeConfig node) {
        Optional<T> value = node.value(option);
        return value.map(v -> option.key() + " = " + OptionText.toml(option, v) + "\n")
                .orElseGet(() -> commented(option, node.network()));
    }

    private static String commented(ConfigOption<?> option, Network network) {
        return "# " + option.key() + " = " + OptionText.exampleToml(option, network).orElse("\"\"") + "\n";
    }

    private static String peers(String key, List<String> peers) {
        if (peers.isEmpty()) {
            return key + " = []\n";
        }
        List<String> lines = new ArrayList<>();
        lines.add(key + " = [");
        for (String peer : peers) {
            lines.add("    " + quote(peer) + ",");
        }
        lines.add("]");
        return String.join("\n", lines) + "\n";
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\R", " ");
    }

    /**
     * @param text any string
     * @return a TOML basic string: quoted, with {@code "} and {@code \} escaped and every code point
     *         outside printable ASCII written as {@code \}{@code uXXXX} or {@code \}{@code UXXXXXXXX}
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        quoted.append((char) c);
                    } else if (c <= 0xffff) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04X", c));
                    } else {
                        quoted.append(String.format(Locale.ROOT, "\\U%08X", c));
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
