package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.NodeStorage;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import io.peerset.core.common.PowerOfTwoChoices;
import io.peerset.core.common.SystemScheduler;
import io.peerset.core.node.DefaultNode;
import io.peerset.core.node.NodeRuntime;
import io.peerset.core.node.NodeStartup;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Assembles and starts a node (reference section 1.4) — the primary way to run peerset. Every
 * collaborator can be replaced; what is not set comes from the defaults below, so
 * {@code PeerSets.nodeBuilder(config).start()} is a complete node.
 *
 * <pre>{@code
 * PeerSetNode node = PeerSets.nodeBuilder(NodeConfig.builder(Network.MAINNET).build())
 *         .inbound(myService)
 *         .chainTip(myTip)
 *         .nodeListener(event -> log(event))
 *         .start();
 * }</pre>
 *
 * <p>Under virtual time (the in-memory network of {@code io.peerset.inmemory}), a whole node runs on
 * one thread from public API alone:
 * <pre>{@code
 * VirtualScheduler clock = new VirtualScheduler();
 * CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config)
 *         .transport(network.transport(ip))
 *         .scheduler(clock).threading(Threading.on(clock)).random(new SplittableRandom(seed))
 *         .candidateSources(List.of(seeder))
 *         .startAsync();
 * clock.runUntilIdle();
 * PeerSetNode node = starting.join();
 * }</pre>
 *
 * <p>Defaults: {@link InboundService#nil()}; {@link ChainTip#unknown()}; the transport provider named
 * by {@link NodeConfig#transport()} (else the one of highest priority) found with
 * {@link java.util.ServiceLoader}, given the node's transport settings
 * ({@link TransportConfig#from(NodeConfig)}); the handshaker and address book of highest priority; every
 * {@link CandidateSourceProvider} on the module path that the configuration uses (plugins only when
 * {@link NodeConfig#plugins()} chooses them: {@link Providers#candidateSourceProviders(NodeConfig)});
 * {@link PowerOfTwoChoices}; a new
 * {@link SystemScheduler} and {@link SecureRandom}; {@link Threading#threads()}; the peer cache in a file
 * under {@link NodeConfig#cacheDir()} (see {@link #storage}). Ties between
 * providers are broken by name, never by module-path order.
 *
 * <p>Ownership: the node owns the transport and the threads it is given or creates, and closes
 * them when it closes; it closes the scheduler only if it created it. Listeners added here are
 * registered before the node accepts, dials or crawls, so they see every event from the first
 * candidate on.
 *
 * <p>Not thread-safe: configure it on one thread, then call {@link #start()} or
 * {@link #startAsync()} once per node (a builder may start several nodes in turn; each gets fresh
 * default collaborators).
 */
public final class NodeBuilder {

    private final NodeConfig config;
    private InboundService inbound = InboundService.nil();
    private ChainTip chainTip = ChainTip.unknown();
    private final List<PeerSetListener> listeners = new ArrayList<>();
    private final List<Consumer<NodeEvent>> nodeListeners = new ArrayList<>();
    private Optional<List<CandidateSourceProvider>> sources = Optional.empty();
    private Optional<Transport> transport = Optional.empty();
    private Optional<TransportProvider> transportProvider = Optional.empty();
    private Optional<HandshakerProvider> handshaker = Optional.empty();
    private Optional<AddressBookProvider> addressBook = Optional.empty();
    /** Empty: from the configuration ({@code routing_load_floor}). */
    private Optional<PeerSelector> selector = Optional.empty();
    private Optional<Scheduler> scheduler = Optional.empty();
    private boolean ownsScheduler;
    private Optional<RandomGenerator> random = Optional.empty();
    private Optional<NodeStorage> storage = Optional.empty();
    private Threading threading = Threading.threads();

    NodeBuilder(NodeConfig config) {
        this.config = requireNonNull(config, "config");
    }

    /**
     * @param service answers remote peers' requests (all but {@code getaddr}, which the address book
     *                answers); called on I/O threads, must not block. Default: {@link InboundService#nil()}
     * @return this builder
     */
    public NodeBuilder inbound(InboundService service) {
        this.inbound = requireNonNull(service, "service");
        return this;
    }

    /**
     * @param tip our best chain height: the start height we announce and the minimum peer version.
     *            Default: {@link ChainTip#unknown()}
     * @return this builder
     */
    public NodeBuilder chainTip(ChainTip tip) {
        this.chainTip = requireNonNull(tip, "tip");
        return this;
    }

    /**
     * @param listener receives the peer set's events, on the peer set's loop (must not block);
     *                 registered before the node begins
     * @return this builder
     */
    public NodeBuilder listener(PeerSetListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * @param listener receives the node's events (see {@link PeerSetNode#addNodeListener}); registered
     *                 before the node begins
     * @return this builder
     */
    public NodeBuilder nodeListener(Consumer<NodeEvent> listener) {
        nodeListeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Replaces the candidate sources found on the module path.
     *
     * @param providers every source the node uses for initial peers, as given (may be empty: the node
     *                  then learns peers only from inbound connections and gossip); a plugin among them
     *                  reads its settings from {@link NodeConfig#plugins()} whether they choose it or not
     * @return this builder
     */
    public NodeBuilder candidateSources(Collection<? extends CandidateSourceProvider> providers) {
        List<CandidateSourceProvider> copy = List.copyOf(providers);
        this.sources = Optional.of(copy);
        return this;
    }

    /**
     * @param transport the transport (owned: the node closes it), which replaces any provider.
     *                  Default: the provider's ({@link #transportProvider(TransportProvider)})
     * @return this builder
     */
    public NodeBuilder transport(Transport transport) {
        this.transport = Optional.of(requireNonNull(transport, "transport"));
        return this;
    }

    /**
     * @param provider creates the transport from the node's transport settings
     *                 ({@link TransportConfig#from(NodeConfig)}): a third-party transport gets the
     *                 same settings as the built-in one. Default: found with
     *                 {@link java.util.ServiceLoader} by {@link NodeConfig#transport()}, else the one
     *                 of highest priority
     * @return this builder
     */
    public NodeBuilder transportProvider(TransportProvider provider) {
        this.transportProvider = Optional.of(requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * @param provider creates the handshaker. Default: the {@link HandshakerProvider} of highest
     *                 priority (the Zcash handshake)
     * @return this builder
     */
    public NodeBuilder handshaker(HandshakerProvider provider) {
        this.handshaker = Optional.of(requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * @param provider creates the address book. Default: the {@link AddressBookProvider} of highest
     *                 priority
     * @return this builder
     */
    public NodeBuilder addressBook(AddressBookProvider provider) {
        this.addressBook = Optional.of(requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * @param selector the peer set's routing policy (used by this node only: a stateful selector must
     *                 not be shared). Default: from {@code peerset.routing_load_floor},
     *                 {@link PowerOfTwoChoices#withLoadFloor} (90th percentile), or
     *                 {@link PowerOfTwoChoices#INSTANCE} when it is 0
     * @return this builder
     */
    public NodeBuilder selector(PeerSelector selector) {
        this.selector = Optional.of(requireNonNull(selector, "selector"));
        return this;
    }

    /**
     * @param scheduler the node's only clock and timer (not closed by the node). Default: a new
     *                  {@link SystemScheduler}, closed with the node
     * @return this builder
     */
    public NodeBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Optional.of(requireNonNull(scheduler, "scheduler"));
        this.ownsScheduler = false;
        return this;
    }

    /** As {@link #scheduler(Scheduler)}, but the node closes it (Guice-provided schedulers). */
    NodeBuilder ownedScheduler(Scheduler scheduler) {
        scheduler(scheduler);
        this.ownsScheduler = true;
        return this;
    }

    /**
     * @param random the node's randomness: routing, choices, gossip and handshake nonces. It must be
     *               thread-safe with {@link Threading#threads()}; a seeded generator with
     *               {@link Threading#on} makes a node deterministic. Default: a new {@link SecureRandom}
     * @return this builder
     */
    public NodeBuilder random(RandomGenerator random) {
        this.random = Optional.of(requireNonNull(random, "random"));
        return this;
    }

    /**
     * @param storage where the node keeps what outlives it (its peer cache). Default: a file under
     *                the configured cache directory, or nothing without one. {@link NodeStorage#inMemory()}
     *                given to successive nodes lets a simulated node restart from its cache
     * @return this builder
     */
    public NodeBuilder storage(NodeStorage storage) {
        this.storage = Optional.of(requireNonNull(storage, "storage"));
        return this;
    }

    /**
     * @param threading where the node's work runs. Default: {@link Threading#threads()}
     * @return this builder
     */
    public NodeBuilder threading(Threading threading) {
        this.threading = requireNonNull(threading, "threading");
        return this;
    }

    /**
     * Starts the node: binds the listener, then starts the address book, the peer set, the initial
     * peers, the crawler and the peer cache writer. Does not wait: under virtual time, run the
     * scheduler to make progress.
     *
     * @return completes with the running node once its listener is bound; exceptionally with a
     *         {@link PeerSetException} naming the address if it cannot be bound (everything the node
     *         was given or created is then released)
     * @throws PeerSetException if a default collaborator cannot be found or created
     */
    public CompletableFuture<PeerSetNode> startAsync() {
        Assembly a = assemble();
        return NodeStartup.start(a.parts, a.runtime, this::register).thenApply(node -> node);
    }

    /**
     * Starts the node and waits (at most {@link NodeStartup#BIND_WAIT}) for its listener. Not for
     * virtual time, where nothing runs while the caller waits: use {@link #startAsync()} there.
     *
     * @return the running node; close it to shut down in order
     * @throws PeerSetException if the listener cannot be bound (for example, the port is in use) or a
     *                          collaborator cannot be found or created
     */
    public PeerSetNode start() {
        Assembly a = assemble();
        return NodeStartup.startAndWait(a.parts, a.runtime, this::register);
    }

    private void register(PeerSetNode node) {
        listeners.forEach(node::addListener);
        nodeListeners.forEach(node::addNodeListener);
    }

    private record Assembly(DefaultNode.Parts parts, NodeRuntime runtime) {
    }

    private Assembly assemble() {
        List<CandidateSourceProvider> chosen = new ArrayList<>(sources.orElseGet(() -> Providers.candidateSourceProviders(config)));
        chosen.sort(Comparator.comparingInt(CandidateSourceProvider::priority).reversed()
                .thenComparing(CandidateSourceProvider::name));
        HandshakerProvider handshakes = handshaker.orElseGet(Providers::handshakerProvider);
        AddressBookProvider books = addressBook.orElseGet(Providers::addressBookProvider);
        Transport t = transport.orElseGet(() -> transportProvider.orElseGet(() -> config.transport()
                .map(Providers::transportProvider).orElseGet(Providers::transportProvider))
                .create(TransportConfig.from(config)));
        DefaultNode.Parts parts;
        try {
            PeerSelector routing = selector.orElseGet(() -> config.routingLoadFloor() == 0 ? PowerOfTwoChoices.INSTANCE
                    : PowerOfTwoChoices.withLoadFloor(config.routingLoadFloor()));
            parts = new DefaultNode.Parts(config, inbound, chainTip, t, handshakes, books, chosen, routing, storage);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        Scheduler s = scheduler.orElseGet(SystemScheduler::new);
        RandomGenerator r = random.orElseGet(SecureRandom::new);
        return new Assembly(parts, threading.runtime(t, s, scheduler.isEmpty() || ownsScheduler, r));
    }
}
