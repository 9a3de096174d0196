package io.peerset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.TransportProvider;
import io.peerset.wire.Network;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void findsTheZcashHandshakerByNameAndByPriority() {
        assertThat(Providers.handshakerProvider().name()).isEqualTo("zcash");
        assertThat(Providers.handshakerProvider("zcash").priority()).isEqualTo(100);
        assertThat(Providers.handshakerProviders()).extracting(HandshakerProvider::name).contains("zcash");
    }

    @Test
    void unknownNamesListTheAvailableProviders() {
        assertThatThrownBy(() -> Providers.handshakerProvider("noise"))
                .isInstanceOf(PeerSetException.class)
                .hasMessage("handshaker provider: \"noise\" not found (expected one of: [zcash])");
        String names = Providers.transportProviders().stream().map(TransportProvider::name).sorted().toList().toString();
        assertThatThrownBy(() -> Providers.transportProvider("carrier-pigeon"))
                .isInstanceOf(PeerSetException.class)
                .hasMessage("transport provider: \"carrier-pigeon\" not found (expected one of: " + names + ")");
    }

    @Test
    void noTransportOnTheModulePathIsAClearError() {
        if (Providers.transportProviders().isEmpty()) {
            assertThatThrownBy(Providers::transportProvider).isInstanceOf(PeerSetException.class)
                    .hasMessageContaining("no transport provider on the module path");
        } else {
            // Every call loads afresh (Providers' contract): the same provider, a new instance.
            assertThat(Providers.transportProvider().name()).isEqualTo(Providers.transportProviders().get(0).name());
        }
    }

    /**
     * The Netty transport is a test dependency of this module. Surefire puts it on the module path,
     * not the class path, because this module {@code uses TransportProvider} and the jar
     * {@code provides} it (Surefire resolves the module path with all providers of used services);
     * on the class path its {@code provides} clause would be ignored (it has no META-INF/services
     * file) and ServiceLoader would not see it.
     */
    @Test
    void findsTheNettyTransportInItsOwnModule() {
        TransportProvider netty = Providers.transportProvider("netty");
        assertThat(netty.getClass().getModule().getName()).isEqualTo("io.peerset.transport.netty");
        assertThat(Providers.transportProviders()).extracting(TransportProvider::name).contains("netty");
    }

    /**
     * Plugins from other modules are picked up through their {@code provides} clauses: candidate
     * sources from core itself, the address book module and the Netty transport module, and the
     * address book from its own module; the order is by priority, then name, never module-path order.
     */
    @Test
    void findsCandidateSourcesAndTheAddressBookInTheirOwnModules() {
        var sources = Providers.candidateSourceProviders();
        assertThat(sources).extracting(CandidateSourceProvider::name)
                .containsExactly("configured", "dns", "disk-cache");
        assertThat(sources).extracting(p -> p.getClass().getModule().getName())
                .containsExactly("io.peerset.core", "io.peerset.transport.netty", "io.peerset.addressbook");
        assertThat(Providers.addressBookProvider().name()).isEqualTo("default");
        assertThat(Providers.addressBookProvider().getClass().getModule().getName()).isEqualTo("io.peerset.addressbook");
        assertThatThrownBy(() -> Providers.addressBookProvider("ledger")).isInstanceOf(PeerSetException.class)
                .hasMessage("addressBook provider: \"ledger\" not found (expected one of: [default])");
    }

    /** A plugin of the tests: a candidate source that declares an option, so it is used only when chosen. */
    private static final class TestPlugin implements CandidateSourceProvider {
        static final ConfigOption<String> URL = ConfigOption
                .builder("plugins.registry", "url", "url", ConfigOption.Kind.STRING, String.class)
                .optional().doc("Where the registry is.").build();

        @Override
        public String name() {
            return "registry";
        }

        @Override
        public int priority() {
            return 5;
        }

        @Override
        public List<ConfigOption<?>> options() {
            return List.of(URL);
        }

        @Override
        public void checkSettings(PluginSettings settings) {
            if (settings.value(URL).isEmpty()) {
                throw new SettingException(URL, "unset (expected: the registry's URL)", null);
            }
        }

        @Override
        public CandidateSource create(NodeConfig config,
                                                         AddressBookContext context) {
            return CandidateSource.of(name(),
                    () -> CompletableFuture.completedFuture(List.of()));
        }
    }

    /**
     * A provider that declares options is a plugin: used only when the configuration chooses it (and
     * its settings pass its check); the built-in sources always are. A chosen plugin that is not there
     * is an error naming the ones that are.
     */
    @Test
    void pluginsAreUsedOnlyWhenTheConfigurationChoosesThem() {
        var builtIn = CandidateSourceProvider.of("fixed",
                () -> CompletableFuture.completedFuture(List.of()));
        var all = List.of(builtIn, new TestPlugin());
        var network = Network.REGTEST;
        assertThat(Providers.chosen(all, NodeConfig.builder(network).build()))
                .extracting(CandidateSourceProvider::name).containsExactly("fixed");
        var chosen = NodeConfig.builder(network).plugins(PluginSettings.builder()
                .set(TestPlugin.URL, "https://r.example").build()).build();
        assertThat(Providers.chosen(all, chosen)).extracting(CandidateSourceProvider::name)
                .containsExactly("fixed", "registry");

        var unchecked = NodeConfig.builder(network)
                .plugins(PluginSettings.builder().enable("registry").build()).build();
        assertThatThrownBy(() -> Providers.chosen(all, unchecked)).isInstanceOf(PeerSetException.class)
                .hasMessage("plugins.registry.url: unset (expected: the registry's URL)");
        var missing = NodeConfig.builder(network)
                .plugins(PluginSettings.builder().enable("seed-list").build()).build();
        assertThatThrownBy(() -> Providers.chosen(all, missing)).isInstanceOf(PeerSetException.class)
                .hasMessage("plugins.seed-list: no candidate-source plugin of that name on the module path (expected "
                        + "one of: [registry]; add the plugin's jar to the module path, or to lib/ of a distribution)");
        // on this module path there is no plugin: the three built-in sources, whatever the configuration
        assertThat(Providers.candidateSourcePlugins()).isEmpty();
        assertThat(Providers.candidateSourceProviders(NodeConfig.builder(network).build()))
                .extracting(CandidateSourceProvider::name)
                .containsExactly("configured", "dns", "disk-cache");
    }
}
