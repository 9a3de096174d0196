package io.peerset.cli.config;

import static io.peerset.cli.config.TomlReader.suggestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.core.Providers;
import io.peerset.wire.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [plugins.<name>]} tables of a configuration file: each chooses the plugin of that name
 * on the module path (a candidate-source provider that declares options of its own) and holds its
 * settings, read and written from the plugin's own option declarations exactly as the node's options
 * are from {@link io.peerset.api.NodeOptions}.
 *
 * <p>Reading is as strict as for the rest of the file: a table naming no plugin on the module path
 * (with a "did you mean"), an unknown key, a value of the wrong type or out of range, and a table
 * the plugin refuses as a whole ({@link CandidateSourceProvider#checkSettings}) each stop with one
 * line naming the key. Options of a kind that has no single TOML form for a plugin (a network, a
 * magic, a cache directory with its {@code true}/{@code false} forms) are refused when read, naming
 * the plugin's option: the plugin must declare them differently.
 *
 * <p>The plugins on the module path are looked up only when a file has a {@code [plugins]} table,
 * so the commands that read no such file load no provider. Stateless and thread-safe.
 */
final class PluginTables {

    private PluginTables() {
    }

    /**
     * @param in      the file's reader (errors name the file)
     * @param tables  the {@code [plugins]} table
     * @param network the file's network (defaults and addresses depend on it)
     * @return the plugins chosen and their settings, checked by each plugin
     * @throws ConfigException naming the file, the key and what was expected
     */
    static PluginSettings read(TomlReader in, ObjectNode tables, Network network) {
        List<CandidateSourceProvider> available = Providers.candidateSourcePlugins();
        List<String> names = available.stream().map(CandidateSourceProvider::name).toList();
        PluginSettings.Builder b = PluginSettings.builder();
        List<CandidateSourceProvider> chosen = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : tables.properties()) {
            String name = entry.getKey();
            String section = PluginSettings.SECTION + "." + name;
            ObjectNode table = in.table(entry.getValue(), section);
            CandidateSourceProvider plugin = available.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> in.error(section, "no plugin of that name on the module path"
                            + suggestion(name, names) + (names.isEmpty()
                            ? " (expected: a plugin's name; there is none: add the plugin's jar to lib/, docs/PLUGINS.md)"
                            : " (expected one of: " + String.join(", ", names) + ")")));
            List<ConfigOption<?>> options = plugin.options();
            in.checkKeys(table, section, options.stream().map(ConfigOption::key).toList());
            b.enable(name);
            for (ConfigOption<?> option : options) {
                readInto(in, b, table, option, network);
            }
            chosen.add(plugin);
        }
        PluginSettings settings = b.build();
        for (CandidateSourceProvider plugin : chosen) {
            try {
                plugin.checkSettings(settings);
            } catch (SettingException e) {
                throw in.error(e.option().path(), e.problem());
            }
        }
        return settings;
    }

    private static <T> void readInto(TomlReader in, PluginSettings.Builder b, ObjectNode table, ConfigOption<T> option,
                                     Network network) {
        String path = option.path();
        if (!table.has(option.key())) {
            return;
        }
        T value = switch (option.kind()) {
            case INTEGER, SERVICES, BOOLEAN, STRING, DURATION, ADDRESS, SERVER_ADDRESS, FILE ->
                    in.read(table, option, option.key(), network).orElse(null);
            case HOST_PORTS -> {
                List<String> list = in.stringList(table, option.section(), option.key());
                @SuppressWarnings("unchecked")
                T typed = (T) List.copyOf(list);
                option.range().problem(typed).ifPresent(problem -> {
                    throw in.error(path, problem);
                });
                yield typed;
            }
            case DIRECTORY, NETWORK, MAGIC -> throw in.error(path, "a plugin option of kind "
                    + option.kind().description() + " has no TOML form (expected: the plugin to declare it as a "
                    + "string, file, integer, boolean, duration, address or list of host:port)");
        };
        if (value != null) {
            in.apply(path, () -> b.set(option, value));
        }
    }

    /**
     * Writes the tables of the plugins a configuration chooses, each option with its documentation;
     * an option left at its default is written commented out, so that the file reads back to equal
     * settings.
     *
     * @param out  where to append
     * @param node the configuration
     */
    static void write(StringBuilder out, NodeConfig node) {
        PluginSettings settings = node.plugins();
        out.append("# Plugins: each [plugins.<name>] table chooses the plugin of that name on the module path (lib/ of\n"
                + "# a distribution) and holds its settings; a plugin without its table is not used (docs/PLUGINS.md).\n");
        if (settings.isEmpty()) {
            out.append("# None chosen.\n\n");
            return;
        }
        List<CandidateSourceProvider> available = Providers.candidateSourcePlugins();
        for (String name : settings.names()) {
            out.append("\n[").append(PluginSettings.section(name)).append("]\n\n");
            Optional<CandidateSourceProvider> plugin = available.stream().filter(p -> p.name().equals(name)).findFirst();
            // a configuration built in code may choose a plugin that is not on this module path: its
            // values are still written, without their documentation
            List<ConfigOption<?>> options = plugin.map(CandidateSourceProvider::options)
                    .orElseGet(() -> settings.optionsSet(name));
            for (ConfigOption<?> option : options) {
                ConfigWriter.comment(out, option, node.network());
                out.append(line(option, settings, node.network())).append('\n');
            }
        }
    }

    private static <T> String line(ConfigOption<T> option, PluginSettings settings, Network network) {
        Optional<T> value = settings.value(option);
        if (value.isPresent()) {
            return option.key() + " = " + OptionText.toml(option, value.get()) + "\n";
        }
        Optional<String> shown = option.defaultValue(network).map(v -> OptionText.toml(option, v))
                .or(() -> OptionText.exampleToml(option, network));
        return "# " + option.key() + " = " + shown.orElse("\"\"") + "\n";
    }
}
