package io.peerset.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.core.Providers;
import io.peerset.wire.Network;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code [plugins.<name>]} tables, with the seed-list plugin on the test module path: a table
 * chooses its plugin and is read from the plugin's own declarations, as strictly as the rest of the
 * file, and written back with their documentation.
 */
class PluginTablesTest {

    private static final String FILE = "peerset.toml";

    /**
     * The seed-list plugin's option of that key, found as the loader finds it (this module does not
     * read the plugin's: plugins are met through the SPI only).
     */
    @SuppressWarnings("unchecked")
    private static <T> ConfigOption<T> option(String key) {
        return (ConfigOption<T>) Providers.candidateSourcePlugins().stream().filter(p -> p.name().equals("seed-list"))
                .findFirst().orElseThrow().options().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
    }

    private static LoadedConfig parse(String toml) {
        return ConfigLoader.parse(toml, FILE);
    }

    private static String error(String toml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(toml));
        assertThat(e).as("no ConfigException for:\n" + toml).isNotNull();
        assertThat(e.getMessage()).startsWith(FILE + ": ").doesNotContain("\n", "Exception", "\tat ");
        return e.getMessage();
    }

    @Test
    void withoutATableNoPluginIsChosen() {
        assertThat(parse("[network]\nnetwork = \"Regtest\"\n").node().plugins()).isEqualTo(PluginSettings.none());
    }

    @Test
    void aTableChoosesItsPluginWithItsSettings() {
        NodeConfig node = parse("""
                [network]
                network = "Regtest"

                [plugins.seed-list]
                source = "seeds/regtest.txt"
                max_peers = 50
                timeout = "30s"
                """).node();
        PluginSettings plugins = node.plugins();
        assertThat(plugins.names()).containsExactly("seed-list");
        assertThat(plugins.value(PluginTablesTest.<String>option("source"))).contains("seeds/regtest.txt");
        assertThat(plugins.value(PluginTablesTest.<Integer>option("max_peers"))).contains(50);
        assertThat(plugins.value(PluginTablesTest.<Duration>option("timeout"))).contains(Duration.ofSeconds(30));
        assertThat(plugins.value(PluginTablesTest.<Integer>option("max_bytes"))).isEmpty();
        assertThat(plugins.valueOrDefault(PluginTablesTest.<Integer>option("max_bytes"), Network.REGTEST)).contains(65_536);
        assertThat(node.toString()).endsWith(", plugins={seed-list={source=seeds/regtest.txt, max_peers=50, timeout=PT30S}}]");
    }

    @Test
    void anUnknownPluginIsRefusedWithASuggestion() {
        assertThat(error("[plugins.seed-lst]\nsource = \"x\"\n"))
                .isEqualTo(FILE + ": plugins.seed-lst: no plugin of that name on the module path; did you mean seed-list?"
                        + " (expected one of: seed-list)");
        // the built-in sources are not plugins: they are always used, configured in [network] and [peerset]
        assertThat(error("[plugins.dns]\n")).startsWith(FILE + ": plugins.dns: no plugin of that name on the module path");
    }

    @Test
    void anUnknownKeyIsRefusedWithASuggestion() {
        assertThat(error("[plugins.seed-list]\nsource = \"x\"\nmax_peer = 5\n"))
                .isEqualTo(FILE + ": plugins.seed-list.max_peer: unknown key; did you mean max_peers? (expected one of: "
                        + "source, public_key, signature, max_bytes, max_peers, timeout)");
    }

    @Test
    void badValuesAreRefusedAsEverywhereElse() {
        assertThat(error("[plugins.seed-list]\nsource = \"x\"\nmax_bytes = 0\n"))
                .isEqualTo(FILE + ": plugins.seed-list.max_bytes: the integer 0 (expected: an integer 1..1048576)");
        assertThat(error("[plugins.seed-list]\nsource = \"x\"\ntimeout = \"10ms\"\n"))
                .isEqualTo(FILE + ": plugins.seed-list.timeout: \"10ms\" (expected: from \"1s\" to \"5m\")");
        assertThat(error("[plugins.seed-list]\nsource = 5\n"))
                .isEqualTo(FILE + ": plugins.seed-list.source: the integer 5 (expected: a string)");
        assertThat(error("[plugins.seed-list]\nsource = \"ftp://seeds.example.org/x\"\n"))
                .startsWith(FILE + ": plugins.seed-list.source: \"ftp://seeds.example.org/x\" (expected: a file path, or"
                        + " an https:// URL");
        assertThat(error("[plugins]\nseed-list = 3\n"))
                .isEqualTo(FILE + ": plugins.seed-list: the integer 3 (expected: a table, [plugins.seed-list])");
    }

    @Test
    void thePluginChecksItsTableAsAWhole() {
        assertThat(error("[plugins.seed-list]\n")).startsWith(FILE + ": plugins.seed-list.source: unset (expected: a "
                + "file path, or an https:// URL");
        assertThat(error("[plugins.seed-list]\nsource = \"http://seeds.example.org/m.txt\"\n"))
                .startsWith(FILE + ": plugins.seed-list.source: \"http://seeds.example.org/m.txt\" is plain HTTP to a"
                        + " host that is not this machine");
    }

    @Test
    void theWrittenFileReadsBackToEqualSettings() {
        LoadedConfig loaded = parse("""
                [network]
                network = "Testnet"
                [plugins.seed-list]
                source = "https://seeds.example.org/testnet.txt"
                public_key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
                max_bytes = 4096
                """);
        String written = ConfigWriter.write(loaded);
        assertThat(written).contains("\n[plugins.seed-list]\n")
                .contains("\nsource = \"https://seeds.example.org/testnet.txt\"\n")
                .contains("\nmax_bytes = 4096\n")
                .contains("\n# max_peers = 1000\n")            // a default: commented out, documented above
                .contains("\n# Default: the source with .sig appended, when public_key is set.\n# signature = ");
        LoadedConfig back = ConfigLoader.parse(written, "written");
        SameConfig.assertSame(loaded.node(), back.node());
        assertThat(back.node().plugins()).isEqualTo(loaded.node().plugins());
    }

    @Test
    void theDefaultFileSaysHowPluginsAreChosen() {
        String written = ConfigWriter.write(ConfigLoader.defaults(Network.MAINNET));
        assertThat(written).contains("# Plugins: each [plugins.<name>] table chooses the plugin of that name")
                .endsWith("# None chosen.\n");
        assertThat(ConfigLoader.parse(written, "defaults").node().plugins()).isEqualTo(PluginSettings.none());
    }

    @Test
    void aPluginChosenInCodeButNotOnTheModulePathIsWrittenWithItsValues() {
        ConfigOption<String> url = ConfigOption.builder("plugins.elsewhere", "url", "url", ConfigOption.Kind.STRING,
                String.class).optional().doc("Where.").build();
        NodeConfig node = NodeConfig.builder(Network.REGTEST)
                .plugins(PluginSettings.builder().set(url, "https://x.example/y").build()).build();
        String written = ConfigWriter.write(LoadedConfig.of(node));
        assertThat(written).contains("\n[plugins.elsewhere]\n\n# Where.\n# Default: unset.\nurl = \"https://x.example/y\"\n");
        assertThat(error(written)).startsWith(FILE + ": plugins.elsewhere: no plugin of that name on the module path");
    }
}
