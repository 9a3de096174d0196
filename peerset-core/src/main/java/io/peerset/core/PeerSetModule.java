package io.peerset.core;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The Guice bindings of a node. Implementations come from {@link java.util.ServiceLoader} through
 * {@link Providers}: the transport named by {@link NodeConfig#transport()}, else the one of highest
 * priority; the handshaker and address book of highest priority; every
 * {@link CandidateSourceProvider} on the module path (as a {@code Set} multibinding, so a module may
 * add more with {@code Multibinder.newSetBinder(binder(), CandidateSourceProvider.class)}). Ties
 * are broken by name, never by module-path order.
 *
 * <p>Bindings: {@link NodeConfig}, {@link InboundService}, {@link ChainTip} (the constructor's),
 * {@link Transport}, {@link TransportProvider}, {@link HandshakerProvider}, {@link AddressBookProvider},
 * {@code Set<CandidateSourceProvider>}, {@link PeerSelector} (power of two choices),
 * {@link Scheduler} (a new {@link SystemScheduler}) and {@link RandomGenerator} (a new
 * {@link SecureRandom}, also the handshake's nonce source). Replace any of them with
 * {@code Modules.override(new PeerSetModule(...)).with(yours)} and start the node with
 * {@link PeerSets#start(com.google.inject.Module)}. None is a singleton: each injection creates a
 * fresh object, and the node owns (and closes) what it is given.
 *
 * <p>Immutable; a module instance may be used for several injectors.
 */
public final class PeerSetModule extends AbstractModule {

    private final NodeConfig config;
    private final InboundService inbound;
    private final ChainTip chainTip;

    /**
     * @param config   the node's configuration
     * @param inbound  answers remote peers' requests
     * @param chainTip our best chain height
     */
    public PeerSetModule(NodeConfig config, InboundService inbound, ChainTip chainTip) {
        this.config = requireNonNull(config, "config");
        this.inbound = requireNonNull(inbound, "inbound");
        this.chainTip = requireNonNull(chainTip, "chainTip");
    }

    @Override
    protected void configure() {
        bind(NodeConfig.class).toInstance(config);
        bind(InboundService.class).toInstance(inbound);
        bind(ChainTip.class).toInstance(chainTip);
        bind(PeerSelector.class).toInstance(PowerOfTwoChoices.INSTANCE);
        Multibinder<CandidateSourceProvider> sources = Multibinder.newSetBinder(binder(), CandidateSourceProvider.class);
        for (CandidateSourceProvider provider : Providers.candidateSourceProviders()) {
            sources.addBinding().toInstance(provider);
        }
    }

    @Provides
    TransportProvider transportProvider(NodeConfig node) {
        return node.transport().map(Providers::transportProvider).orElseGet(Providers::transportProvider);
    }

    @Provides
    Transport transport(TransportProvider provider, NodeConfig node) {
        return provider.create(TransportConfig.builder(node.network()).build());
    }

    @Provides
    HandshakerProvider handshakerProvider() {
        return Providers.handshakerProvider();
    }

    @Provides
    AddressBookProvider addressBookProvider() {
        return Providers.addressBookProvider();
    }

    @Provides
    Scheduler scheduler() {
        return new SystemScheduler();
    }

    @Provides
    RandomGenerator random() {
        return new SecureRandom();
    }
}
