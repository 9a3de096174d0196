package io.peerset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.TransportProvider;
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
        assertThat(sources).extracting(io.peerset.api.spi.CandidateSourceProvider::name)
                .containsExactly("configured", "dns", "disk-cache");
        assertThat(sources).extracting(p -> p.getClass().getModule().getName())
                .containsExactly("io.peerset.core", "io.peerset.transport.netty", "io.peerset.addressbook");
        assertThat(Providers.addressBookProvider().name()).isEqualTo("default");
        assertThat(Providers.addressBookProvider().getClass().getModule().getName()).isEqualTo("io.peerset.addressbook");
        assertThatThrownBy(() -> Providers.addressBookProvider("ledger")).isInstanceOf(PeerSetException.class)
                .hasMessage("addressBook provider: \"ledger\" not found (expected one of: [default])");
    }
}
