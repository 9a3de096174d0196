package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The plugins a configuration chooses, and each one's own settings: the {@code [plugins.<name>]}
 * tables of a configuration file, held by {@link NodeConfig#plugins()}.
 *
 * <p>A plugin is a service provider that declares options of its own
 * ({@link io.peerset.api.spi.CandidateSourceProvider#options()}), each a {@link ConfigOption} whose
 * section is {@code plugins.<name>} ({@link #section(String)}). Such a provider is used only when the
 * configuration chooses it by name, that is when these settings {@linkplain #isEnabled enable} it
 * (in a file: when its table is present, even empty). Providers without options of their own (the
 * built-in {@code configured}, {@code dns} and {@code disk-cache} sources) are always used, as
 * before. Why choose by name: a plugin on the module path of a shared installation must not start
 * fetching peers from somewhere merely because its jar is there.
 *
 * <p>Values are kept by option path ({@code plugins.seed-list.source}) and checked against the
 * option's range when set, so the messages read as everywhere else:
 * {@code "timeout: PT0S (expected: from PT1S to PT5M)"}. Relations between one plugin's options (one
 * that must be set, two that go together) are the plugin's to check
 * ({@link io.peerset.api.spi.CandidateSourceProvider#checkSettings}).
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.builder(Network.MAINNET)
 *         .plugins(PluginSettings.builder()
 *                 .set(SeedListOptions.SOURCE, "https://seeds.example.org/mainnet.txt")   // enables "seed-list"
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe, with value equality.
 */
public final class PluginSettings {

    /** The top-level table of a configuration file that holds one table per plugin. */
    public static final String SECTION = "plugins";

    /**
     * A plugin's name: a TOML bare key (so that {@code [plugins.<name>]} needs no quotes), short
     * enough for a log line.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What {@link #NAME} accepts, in words, for messages. */
    public static final String NAME_EXPECTED = "1 to 64 letters, digits, '_' or '-'";

    private static final PluginSettings NONE = new PluginSettings(new TreeMap<>());

    /** Plugin name (sorted, so that files and logs list them in one order) to its values by option path. */
    private final Map<String, Map<String, Setting<?>>> plugins;

    private record Setting<T>(ConfigOption<T> option, T value) {
    }

    private PluginSettings(TreeMap<String, Map<String, Setting<?>>> plugins) {
        Map<String, Map<String, Setting<?>>> copy = new TreeMap<>();
        plugins.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        this.plugins = Collections.unmodifiableMap(copy);
    }

    /** @return settings that enable no plugin (the default of every {@link NodeConfig}) */
    public static PluginSettings none() {
        return NONE;
    }

    /** @return a builder that enables no plugin yet */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param plugin a plugin's name, for example {@code "seed-list"}
     * @return the section of its options, {@code "plugins.seed-list"}
     * @throws IllegalArgumentException if the name is not 1 to 64 letters, digits, '_' or '-'
     */
    public static String section(String plugin) {
        return SECTION + "." + checkName(plugin);
    }

    /**
     * @param option any option
     * @return the plugin it belongs to, when its section is {@code plugins.<name>}
     */
    public static Optional<String> pluginOf(ConfigOption<?> option) {
        requireNonNull(option, "option");
        String section = option.section();
        String prefix = SECTION + ".";
        if (!section.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = section.substring(prefix.length());
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /**
     * @param plugin a name
     * @return the name
     * @throws IllegalArgumentException {@code "plugin: \"x y\" (expected: 1 to 64 letters, ...)"} if it is not valid
     */
    public static String checkName(String plugin) {
        requireNonNull(plugin, "plugin");
        if (!NAME.matcher(plugin).matches()) {
            throw new IllegalArgumentException(Checks.message("plugin", "\"" + plugin + "\"", NAME_EXPECTED));
        }
        return plugin;
    }

    /** @return the names of the plugins these settings enable, sorted */
    public Set<String> names() {
        return plugins.keySet();
    }

    /**
     * @param plugin a plugin's name
     * @return whether these settings enable it (in a file: whether its table is present)
     */
    public boolean isEnabled(String plugin) {
        return plugins.containsKey(requireNonNull(plugin, "plugin"));
    }

    /** @return whether no plugin is enabled */
    public boolean isEmpty() {
        return plugins.isEmpty();
    }

    /**
     * @param option one of a plugin's options
     * @param <T>    its value type
     * @return the value set for it; empty when it was not set (see {@link #valueOrDefault})
     * @throws IllegalArgumentException if the option's section is not {@code plugins.<name>}
     */
    public <T> Optional<T> value(ConfigOption<T> option) {
        String plugin = pluginOf(option).orElseThrow(() -> notAPluginOption(option));
        Map<String, Setting<?>> values = plugins.get(plugin);
        Setting<?> setting = values == null ? null : values.get(option.path());
        return setting == null ? Optional.empty() : Optional.of(option.type().cast(setting.value()));
    }

    /**
     * @param option  one of a plugin's options
     * @param network the network, for a default that depends on it
     * @param <T>     its value type
     * @return the value set for it, else its default; empty only for an optional option left unset
     */
    public <T> Optional<T> valueOrDefault(ConfigOption<T> option, Network network) {
        requireNonNull(network, "network");
        Optional<T> set = value(option);
        return set.isPresent() ? set : option.defaultValue(network);
    }

    /**
     * @param plugin a plugin's name
     * @return the options set for it, in the order they were set (empty if none or not enabled)
     */
    public List<ConfigOption<?>> optionsSet(String plugin) {
        Map<String, Setting<?>> values = plugins.get(requireNonNull(plugin, "plugin"));
        if (values == null) {
            return List.of();
        }
        List<ConfigOption<?>> options = new ArrayList<>();
        values.values().forEach(s -> options.add(s.option()));
        return List.copyOf(options);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        plugins.forEach((name, values) -> b.plugins.put(name, new LinkedHashMap<>(values)));
        return b;
    }

    /** Equal when the same plugins are enabled with equal values for the same option paths. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PluginSettings other)) {
            return false;
        }
        return plain().equals(other.plain());
    }

    @Override
    public int hashCode() {
        return plain().hashCode();
    }

    /** Values by path, without the option objects (options compare by identity). */
    private Map<String, Map<String, Object>> plain() {
        Map<String, Map<String, Object>> plain = new TreeMap<>();
        plugins.forEach((name, values) -> {
            Map<String, Object> v = new TreeMap<>();
            values.forEach((path, setting) -> v.put(path, setting.value()));
            plain.put(name, v);
        });
        return plain;
    }

    /** @return for example {@code "{seed-list={source=seeds.txt}}"} */
    @Override
    public String toString() {
        Map<String, Map<String, Object>> shown = new TreeMap<>();
        plugins.forEach((name, values) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            values.values().forEach(s -> v.put(s.option().key(), s.value()));
            shown.put(name, v);
        });
        return shown.toString();
    }

    private static IllegalArgumentException notAPluginOption(ConfigOption<?> option) {
        return new IllegalArgumentException(Checks.message("option", option.path(),
                "an option of a plugin, in section " + SECTION + ".<name>"));
    }

    /**
     * Builds {@link PluginSettings}. Not thread-safe.
     */
    public static final class Builder {
        private final TreeMap<String, Map<String, Setting<?>>> plugins = new TreeMap<>();

        private Builder() {
        }

        /**
         * Chooses a plugin, with its defaults until options are set (an empty table in a file).
         *
         * @param plugin the plugin's name, for example {@code "seed-list"}
         * @return this builder
         * @throws IllegalArgumentException if the name is not 1 to 64 letters, digits, '_' or '-'
         */
        public Builder enable(String plugin) {
            plugins.computeIfAbsent(checkName(plugin), k -> new LinkedHashMap<>());
            return this;
        }

        /**
         * Leaves a plugin out again, with every value set for it.
         *
         * @param plugin the plugin's name
         * @return this builder
         */
        public Builder disable(String plugin) {
            plugins.remove(requireNonNull(plugin, "plugin"));
            return this;
        }

        /**
         * Sets one of a plugin's options, and so enables the plugin.
         *
         * @param option the option, whose section is {@code plugins.<name>}
         * @param value  its value, in its range
         * @param <T>    its value type
         * @return this builder
         * @throws IllegalArgumentException if the option is not a plugin's, or the value is out of
         *                                  its range ({@code "name: value (expected: range)"})
         */
        public <T> Builder set(ConfigOption<T> option, T value) {
            String plugin = pluginOf(option).orElseThrow(() -> notAPluginOption(option));
            T checked = option.check(value);
            plugins.computeIfAbsent(plugin, k -> new LinkedHashMap<>()).put(option.path(), new Setting<>(option, checked));
            return this;
        }

        /**
         * Unsets one of a plugin's options (it then takes its default); the plugin stays enabled.
         *
         * @param option the option
         * @return this builder
         */
        public Builder clear(ConfigOption<?> option) {
            String plugin = pluginOf(option).orElseThrow(() -> notAPluginOption(option));
            Map<String, Setting<?>> values = plugins.get(plugin);
            if (values != null) {
                values.remove(option.path());
            }
            return this;
        }

        /** @return the settings */
        public PluginSettings build() {
            return plugins.isEmpty() ? NONE : new PluginSettings(plugins);
        }
    }
}
