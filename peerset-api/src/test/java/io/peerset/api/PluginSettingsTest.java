package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConfigOption.Kind;
import io.peerset.api.ConfigOption.Range;
import io.peerset.wire.Network;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

    private static final ConfigOption<String> URL = ConfigOption
            .builder("plugins.registry", "url", "url", Kind.STRING, String.class)
            .optional().doc("Where the registry is.").build();
    private static final ConfigOption<Integer> LIMIT = ConfigOption
            .builder("plugins.registry", "limit", "limit", Kind.INTEGER, Integer.class)
            .defaultValue(10).range(Range.ints(1, 100)).doc("How many.").build();
    private static final ConfigOption<Duration> EVERY = ConfigOption
            .builder("plugins.other-one", "every", "every", Kind.DURATION, Duration.class)
            .defaultValue(Duration.ofMinutes(1)).range(Range.positive()).doc("How often.").build();

    @Test
    void noneChoosesNothingAndIsEveryConfigurationsDefault() {
        assertThat(PluginSettings.none().isEmpty()).isTrue();
        assertThat(PluginSettings.none().names()).isEmpty();
        assertThat(PluginSettings.builder().build()).isSameAs(PluginSettings.none());
        assertThat(NodeConfig.builder(Network.MAINNET).build().plugins()).isSameAs(PluginSettings.none());
    }

    @Test
    void settingAnOptionChoosesItsPlugin() {
        PluginSettings s = PluginSettings.builder().set(URL, "https://r.example/peers").enable("other-one").build();
        assertThat(s.names()).containsExactly("other-one", "registry");
        assertThat(s.isEnabled("registry")).isTrue();
        assertThat(s.isEnabled("seed-list")).isFalse();
        assertThat(s.value(URL)).contains("https://r.example/peers");
        assertThat(s.value(LIMIT)).isEmpty();
        assertThat(s.valueOrDefault(LIMIT, Network.MAINNET)).contains(10);
        assertThat(s.valueOrDefault(EVERY, Network.MAINNET)).contains(Duration.ofMinutes(1));
        assertThat(s.optionsSet("registry")).containsExactly(URL);
        assertThat(s.optionsSet("other-one")).isEmpty();
        assertThat(s).hasToString("{other-one={}, registry={url=https://r.example/peers}}");
    }

    @Test
    void valuesAreCheckedAgainstTheirRange() {
        assertThatThrownBy(() -> PluginSettings.builder().set(LIMIT, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit: 0 (expected: 1..100)");
        assertThatThrownBy(() -> PluginSettings.builder().set(NodeOptions.ANCHORS, 1))
                .hasMessage("option: peerset.anchors (expected: an option of a plugin, in section plugins.<name>)");
        assertThatThrownBy(() -> PluginSettings.none().value(NodeOptions.ANCHORS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreTomlBareKeys() {
        assertThat(PluginSettings.section("seed-list")).isEqualTo("plugins.seed-list");
        assertThatThrownBy(() -> PluginSettings.section("seed list"))
                .hasMessage("plugin: \"seed list\" (expected: 1 to 64 letters, digits, '_' or '-')");
        assertThatThrownBy(() -> PluginSettings.builder().enable("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PluginSettings.pluginOf(URL)).contains("registry");
        assertThat(PluginSettings.pluginOf(NodeOptions.ANCHORS)).isEmpty();
        ConfigOption<String> nested = ConfigOption.builder("plugins.a.b", "k", "k", Kind.STRING, String.class)
                .optional().doc("Nested.").build();
        assertThat(PluginSettings.pluginOf(nested)).isEmpty();
    }

    @Test
    void clearAndDisable() {
        PluginSettings s = PluginSettings.builder().set(URL, "u").set(LIMIT, 5).build();
        PluginSettings cleared = s.toBuilder().clear(LIMIT).build();
        assertThat(cleared.value(LIMIT)).isEmpty();
        assertThat(cleared.isEnabled("registry")).isTrue();
        assertThat(s.value(LIMIT)).contains(5); // the original is immutable
        assertThat(s.toBuilder().disable("registry").build()).isSameAs(PluginSettings.none());
    }

    @Test
    void equalWhenTheSameValuesAreSetWhateverTheOrder() {
        PluginSettings a = PluginSettings.builder().set(URL, "u").set(LIMIT, 5).build();
        PluginSettings b = PluginSettings.builder().set(LIMIT, 5).set(URL, "u").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(PluginSettings.builder().set(URL, "u").build());
        // a value equal to the default is still a value set: the file said it
        assertThat(PluginSettings.builder().set(URL, "u").set(LIMIT, 10).build())
                .isNotEqualTo(PluginSettings.builder().set(URL, "u").build());
    }

    @Test
    void aNodeConfigCarriesItsPluginsThroughToBuilder() {
        PluginSettings s = PluginSettings.builder().set(URL, "u").build();
        NodeConfig config = NodeConfig.builder(Network.REGTEST).plugins(s).build();
        assertThat(config.plugins()).isSameAs(s);
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().build().plugins()).isEqualTo(s);
        assertThat(config).isNotEqualTo(NodeConfig.builder(Network.REGTEST).build());
        assertThat(config.toString()).endsWith(", plugins={registry={url=u}}]");
        assertThat(NodeConfig.builder(Network.REGTEST).build().toString()).doesNotContain("plugins");
    }
}
