package io.peerset.core;

import static java.util.Objects.requireNonNull;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import io.peerset.core.node.DefaultNode;
import io.peerset.core.node.NodeRuntime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.peerset.api.PeerSetConfig;
import io.peerset.core.set.DefaultPeerSet;

/**
 * Creates peer sets (reference section 5) and starts nodes (reference section 1.4).
 *
 * <p>Thread-safe (stateless).
 */
public final class PeerSets {

    private PeerSets() {
    }

    /**
     * Creates a peer set. It starts its timers (inventory rotation, maintenance, misbehaviour
     * flushes) at once and holds no peer until {@link CorePeerSet#addPeer} is called.
     *
     * @param config  the settings
     * @param context what it runs on and talks to
     * @return the set; close it to close every peer
     */
    public static CorePeerSet create(PeerSetConfig config, PeerSetContext context) {
        return DefaultPeerSet.create(config, context);
    }

    /**
     * Starts a node with the parts {@link PeerSetModule} binds by default: binds the listener, then
     * starts the address book, the peer set, the initial peers, the crawler and the peer cache writer
     * (reference section 1.4). Returns once the listener is bound.
     *
     * @param config   the configuration
     * @param inbound  answers remote peers' requests (called on I/O threads; must not block)
     * @param chainTip our best chain height
     * @return the running node; close it to shut down in order
     * @throws PeerSetException with one clear message if the listener cannot be bound (for example,
     *                          the port is in use) or no transport, handshaker or address book is on
     *                          the module path
     */
    public static PeerSetNode start(NodeConfig config, InboundService inbound, ChainTip chainTip) {
        return start(config, inbound, chainTip, node -> { });
    }

    /**
     * As {@link #start(NodeConfig, InboundService, ChainTip)}, handing the node to
     * {@code beforeBegin} once its listener is bound and before it accepts, dials or crawls: add
     * listeners there to see every event, the first candidates' included.
     *
     * <p>The parts are made here, exactly as {@link PeerSetModule} binds them, not through Guice:
     * the defaults need no injection, and an injector would add about a fifth of a second to every
     * node's start-up (Guice's classes, its reflection over the module, java.util.logging). Guice
     * remains the way to replace a part: {@link #start(Module)}.
     *
     * @param config      the configuration
     * @param inbound     answers remote peers' requests
     * @param chainTip    our best chain height
     * @param beforeBegin called once, on the starting thread or the transport's; if it throws, the
     *                    node is shut down and the error is thrown here
     * @return the running node
     */
    public static PeerSetNode start(NodeConfig config, InboundService inbound, ChainTip chainTip,
                                    java.util.function.Consumer<? super PeerSetNode> beforeBegin) {
        requireNonNull(config, "config");
        requireNonNull(inbound, "inbound");
        requireNonNull(chainTip, "chainTip");
        requireNonNull(beforeBegin, "beforeBegin");
        List<CandidateSourceProvider> sources;
        try {
            sources = sorted(Providers.candidateSourceProviders());
        } catch (RuntimeException e) {
            throw new PeerSetException("node: cannot assemble: " + rootMessage(e), e);
        }
        Transport transport;
        try {
            TransportProvider provider = config.transport().map(Providers::transportProvider)
                    .orElseGet(Providers::transportProvider);
            transport = provider.create(TransportConfig.builder(config.network()).build());
        } catch (RuntimeException e) {
            throw new PeerSetException("node: cannot create the transport: " + rootMessage(e), e);
        }
        DefaultNode.Parts parts;
        try {
            parts = new DefaultNode.Parts(config, inbound, chainTip, transport, Providers.handshakerProvider(),
                    Providers.addressBookProvider(), sources, PowerOfTwoChoices.INSTANCE);
        } catch (RuntimeException e) {
            transport.close();
            throw new PeerSetException("node: cannot assemble: " + rootMessage(e), e);
        }
        SystemScheduler scheduler = new SystemScheduler();
        NodeRuntime runtime;
        try {
            runtime = NodeRuntime.threads(scheduler, new SecureRandom());
        } catch (RuntimeException e) {
            transport.close();
            scheduler.close();
            throw new PeerSetException("node: cannot assemble: " + rootMessage(e), e);
        }
        return DefaultNode.startAndWait(parts, runtime, beforeBegin);
    }

    /**
     * Starts a node from Guice bindings: {@link PeerSetModule}'s, typically with some replaced through
     * {@code Modules.override(new PeerSetModule(...)).with(yours)}.
     *
     * @param module the bindings (every binding {@link PeerSetModule} makes must be present)
     * @return the running node
     * @throws PeerSetException as {@link #start(NodeConfig, InboundService, ChainTip)}; a binding
     *                          error is reported with Guice's message
     */
    public static PeerSetNode start(Module module) {
        return start(module, node -> { });
    }

    /**
     * As {@link #start(Module)}, with the hook of
     * {@link #start(NodeConfig, InboundService, ChainTip, java.util.function.Consumer)}.
     *
     * @param module      the bindings
     * @param beforeBegin called once with the node before it begins
     * @return the running node
     */
    public static PeerSetNode start(Module module, java.util.function.Consumer<? super PeerSetNode> beforeBegin) {
        requireNonNull(beforeBegin, "beforeBegin");
        Injector injector;
        try {
            injector = Guice.createInjector(module);
        } catch (CreationException | ProvisionException e) {
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        NodeConfig config = injector.getInstance(NodeConfig.class);
        List<CandidateSourceProvider> sources = sorted(
                injector.getInstance(Key.get(new TypeLiteral<Set<CandidateSourceProvider>>() { })));
        Transport transport;
        DefaultNode.Parts parts;
        try {
            transport = injector.getInstance(Transport.class);
        } catch (ProvisionException e) {
            throw new PeerSetException("node: cannot create the transport: " + firstMessage(e), e);
        }
        try {
            parts = new DefaultNode.Parts(config, injector.getInstance(InboundService.class),
                    injector.getInstance(ChainTip.class), transport, injector.getInstance(HandshakerProvider.class),
                    injector.getInstance(AddressBookProvider.class), sources, injector.getInstance(PeerSelector.class));
        } catch (ProvisionException e) {
            transport.close();
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        Scheduler scheduler = null;
        NodeRuntime runtime;
        try {
            scheduler = injector.getInstance(Scheduler.class);
            runtime = NodeRuntime.threads(scheduler, injector.getInstance(RandomGenerator.class));
        } catch (ProvisionException e) {
            transport.close();
            if (scheduler instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the assembly error below is the one to report
                }
            }
            throw new PeerSetException("node: cannot assemble: " + firstMessage(e), e);
        }
        return DefaultNode.startAndWait(parts, runtime, beforeBegin);
    }

    /** Highest priority first, ties broken by name (never by module-path order). */
    private static List<CandidateSourceProvider> sorted(java.util.Collection<CandidateSourceProvider> providers) {
        List<CandidateSourceProvider> sources = new ArrayList<>(providers);
        sources.sort(Comparator.comparingInt(CandidateSourceProvider::priority).reversed()
                .thenComparing(CandidateSourceProvider::name));
        return sources;
    }

    private static String rootMessage(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
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
