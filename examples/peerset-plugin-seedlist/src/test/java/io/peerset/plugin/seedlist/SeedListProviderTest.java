package io.peerset.plugin.seedlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.testkit.doubles.RealTimeScheduler;
import io.peerset.wire.Network;
import java.lang.module.ModuleDescriptor;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The provider's declaration (its service, its name, its options) and its settings' checks: every
 * bad value or combination is refused in one line naming the option and what was expected.
 */
class SeedListProviderTest {

    private final SeedListProvider provider = new SeedListProvider();

    @Test
    void theModuleProvidesItAsACandidateSource() {
        ModuleDescriptor module = SeedListProvider.class.getModule().getDescriptor();
        assertThat(module.name()).isEqualTo("io.peerset.plugin.seedlist");
        assertThat(module.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(CandidateSourceProvider.class.getName());
            assertThat(p.providers()).containsExactly(SeedListProvider.class.getName());
        });
        // the plugin's dependencies: the API, SLF4J and the JDK's HTTP client; no Netty, no Guice, no core
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "io.peerset.api", "org.slf4j", "java.net.http");
    }

    @Test
    void declaresItsOptionsInItsOwnSection() {
        assertThat(provider.name()).isEqualTo("seed-list").isEqualTo(SeedListOptions.NAME);
        assertThat(provider.options()).isEqualTo(SeedListOptions.all()).isNotEmpty();
        assertThat(provider.options()).extracting(ConfigOption::section).containsOnly("plugins.seed-list");
        assertThat(provider.options()).extracting(o -> PluginSettings.pluginOf(o).orElseThrow()).containsOnly("seed-list");
        assertThat(new HashSet<>(provider.options().stream().map(ConfigOption::key).toList())).hasSize(provider.options().size());
        assertThat(provider.options()).allSatisfy(o -> assertThat(o.doc()).isNotBlank());
        assertThat(SeedListOptions.MAX_BYTES.defaultValue()).isEqualTo(65_536);
        assertThat(SeedListOptions.MAX_PEERS.defaultValue()).isEqualTo(1_000);
        assertThat(SeedListOptions.TIMEOUT.defaultValue()).isEqualTo(Duration.ofSeconds(10));
        assertThat(SeedListOptions.SOURCE.isOptional()).isTrue();
    }

    @Test
    void badValuesAreRefusedInOneLineWhenSet() {
        PluginSettings.Builder b = PluginSettings.builder();
        assertThatThrownBy(() -> b.set(SeedListOptions.MAX_BYTES, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes: 0 (expected: 1..1048576)");
        assertThatThrownBy(() -> b.set(SeedListOptions.MAX_PEERS, 10_001)).hasMessage("maxPeers: 10001 (expected: 1..10000)");
        assertThatThrownBy(() -> b.set(SeedListOptions.TIMEOUT, Duration.ofMillis(100)))
                .hasMessage("timeout: PT0.1S (expected: PT1S to PT5M)");
        assertThatThrownBy(() -> b.set(SeedListOptions.SOURCE, "ftp://seeds.example.org/x"))
                .hasMessageStartingWith("source: \"ftp://seeds.example.org/x\" (expected: a file path, or an https:// URL");
        assertThatThrownBy(() -> b.set(SeedListOptions.PUBLIC_KEY, "abc"))
                .hasMessageStartingWith("publicKey: \"abc\" (expected: an Ed25519 public key: 64 hex digits");
    }

    @Test
    void checksItsSettingsAsAWhole() {
        assertThatThrownBy(() -> provider.checkSettings(PluginSettings.builder().enable("seed-list").build()))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("source: unset (expected: a file path");
        assertThatThrownBy(() -> provider.checkSettings(PluginSettings.builder().set(SeedListOptions.SOURCE, "s.txt")
                .set(SeedListOptions.SIGNATURE, "s.sig").build()))
                .isInstanceOf(SettingException.class)
                .hasMessage("signature: \"s.sig\" set without public_key (expected: public_key too, the key the signature "
                        + "is checked with, or no signature)")
                .satisfies(e -> assertThat(((SettingException) e).option()).isSameAs(SeedListOptions.SIGNATURE));
        assertThatThrownBy(() -> provider.checkSettings(PluginSettings.builder()
                .set(SeedListOptions.SOURCE, "http://seeds.example.org/m.txt").build()))
                .hasMessageStartingWith("source: \"http://seeds.example.org/m.txt\" is plain HTTP to a host that is not"
                        + " this machine (expected: an https:// URL, or public_key set");
        String key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        provider.checkSettings(PluginSettings.builder().set(SeedListOptions.SOURCE, "http://seeds.example.org/m.txt")
                .set(SeedListOptions.PUBLIC_KEY, key).build()); // signed: plain HTTP is fine
        provider.checkSettings(PluginSettings.builder().set(SeedListOptions.SOURCE, "http://127.0.0.1:8080/m.txt").build());
        provider.checkSettings(PluginSettings.builder().set(SeedListOptions.SOURCE, "https://seeds.example.org/m.txt").build());
        // another plugin's table is not this one's business
        provider.checkSettings(PluginSettings.builder().enable("other").set(SeedListOptions.SOURCE, "s.txt").build());
    }

    @Test
    void createPlansWithoutIoAndRefusesBadSettings() {
        NodeConfig config = NodeConfig.builder(Network.REGTEST).plugins(PluginSettings.builder()
                .set(SeedListOptions.SOURCE, "/does/not/exist/yet.txt").build()).build();
        try (RealTimeScheduler timer = new RealTimeScheduler("seed-list-test-timer")) {
            AddressBookContext context = new AddressBookContext(timer, new Random(1), Runnable::run, Runnable::run);
            try (CandidateSource source = provider.create(config, context)) {
                assertThat(source.name()).isEqualTo("seed-list");
            }
            NodeConfig unset = NodeConfig.builder(Network.REGTEST).build();
            assertThatThrownBy(() -> provider.create(unset, context)).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("source: unset");
        }
    }

    @Test
    void optionsAreListedInFileOrder() {
        assertThat(SeedListOptions.all()).extracting(ConfigOption::key)
                .isEqualTo(List.of("source", "public_key", "signature", "max_bytes", "max_peers", "timeout"));
    }
}
