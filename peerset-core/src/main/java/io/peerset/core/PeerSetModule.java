package io.peerset.core;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import io.peerset.core.common.PowerOfTwoChoices;
import io.peerset.core.common.SystemScheduler;
import java.security.SecureRandom;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The Guice bindings of a node. Implementations come from {@link java.util.ServiceLoader} through
 * {@link Providers}: the transport named by {@link NodeConfig#transport()}, else the one of highest
 * priority; the handshaker and address book of highest priority; every
 * {@link CandidateSourceProvider} on the module path that the configuration uses
 * ({@link Providers#candidateSourceProviders(NodeConfig)}: plugins only when chosen) (as a {@code Set} multibinding, so a module may
 * add more with {@code Multibinder.newSetBinder(binder(), CandidateSourceProvider.class)}). Ties
 * are broken by name, never by module-path order.
 *
 * <p>Bindings: {@link NodeConfig}, {@link InboundService}, {@link ChainTip} (the constructor's),
 * {@link Transport}, {@link TransportProvider}, {@link HandshakerProvider}, {@link AddressBookProvider},
 * {@code Set<CandidateSourceProvider>}, {@link PeerSelector} (power of two choices, with the
 * configuration's {@code routing_load_floor}),
 * {@link Scheduler} (a new {@link SystemScheduler}) and {@link RandomGenerator} (a new
 * {@link SecureRandom}, also the handshake's nonce source). Replace any of them with
 * {@code Modules.override(new PeerSetModule(...)).with(yours)}, turn the bindings into a
 * {@link NodeBuilder} with {@link #nodeBuilder(Module)} and start the node from it: the module is an
 * adapter over the builder, which does the assembly. None is a singleton: each injection creates a
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
        // a fresh selector per injection: the load-floored one keeps state for its one peer set
        bind(PeerSelector.class).toProvider((Provider<PeerSelector>) () -> config.routingLoadFloor() == 0
                ? PowerOfTwoChoices.INSTANCE : PowerOfTwoChoices.withLoadFloor(config.routingLoadFloor()));
        Multibinder<CandidateSourceProvider> sources = Multibinder.newSetBinder(binder(), CandidateSourceProvider.class);
        for (CandidateSourceProvider provider : Providers.candidateSourceProviders(config)) {
            sources.addBinding().toInstance(provider);
        }
    }

    @Provides
    TransportProvider transportProvider(NodeConfig node) {
        return node.transport().map(Providers::transportProvider).orElseGet(Providers::transportProvider);
    }

    @Provides
    Transport transport(TransportProvider provider, NodeConfig node) {
        return provider.create(TransportConfig.from(node));
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

    /**
     * A node builder filled from Guice bindings: {@link PeerSetModule}'s, typically with some replaced
     * through {@code Modules.override(new PeerSetModule(...)).with(yours)}. Add listeners to it, then
     * start it.
     *
     * @param module the bindings (every binding {@link PeerSetModule} makes must be present)
     * @return the builder, with the bound collaborators (the node owns them, the scheduler included)
     * @throws PeerSetException if the bindings cannot be assembled, with Guice's first message
     */
    public static NodeBuilder nodeBuilder(Module module) {
        requireNonNull(module, "module");
        Injector injector;
        try {
            injector = Guice.createInjector(module);
        } catch (CreationException | ProvisionException e) {
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        NodeBuilder builder;
        try {
            builder = PeerSets.nodeBuilder(injector.getInstance(NodeConfig.class))
                    .inbound(injector.getInstance(InboundService.class))
                    .chainTip(injector.getInstance(ChainTip.class))
                    .candidateSources(injector.getInstance(Key.get(new TypeLiteral<Set<CandidateSourceProvider>>() { })))
                    .handshaker(injector.getInstance(HandshakerProvider.class))
                    .addressBook(injector.getInstance(AddressBookProvider.class))
                    .selector(injector.getInstance(PeerSelector.class))
                    .random(injector.getInstance(RandomGenerator.class));
        } catch (ProvisionException e) {
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        // the resources last, so that an assembly error above leaves nothing open
        Transport transport;
        try {
            transport = injector.getInstance(Transport.class);
        } catch (ProvisionException e) {
            throw new PeerSetException("node: cannot create the transport: " + firstMessage(e), e);
        }
        try {
            builder.ownedScheduler(injector.getInstance(Scheduler.class));
        } catch (ProvisionException e) {
            transport.close();
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        return builder.transport(transport);
    }

    private static String firstMessage(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof PeerSetException) {
            return t.getMessage();
        }
        if (e instanceof CreationException c && !c.getErrorMessages().isEmpty()) {
            return c.getErrorMessages().iterator().next().getMessage();
        }
        if (e instanceof ProvisionException p && !p.getErrorMessages().isEmpty()) {
            return p.getErrorMessages().iterator().next().getMessage();
        }
        return String.valueOf(t.getMessage());
    }
}
