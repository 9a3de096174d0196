package io.peerset.core.node;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.BannedIp;
import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeEvent;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.Subnet;
import io.peerset.api.Traffic;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.AnchorStore;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.NodeStorage;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.Listeners;
import io.peerset.core.common.PeerDemand;
import io.peerset.core.common.ForwardingPeerObserver;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.connect.PeerConnector;
import io.peerset.core.discovery.AddressBookObserver;
import io.peerset.core.discovery.Anchors;
import io.peerset.core.discovery.ConnectionCounter;
import io.peerset.core.discovery.Crawler;
import io.peerset.core.discovery.InboundListener;
import io.peerset.core.discovery.InboundPeers;
import io.peerset.core.discovery.InitialPeers;
import io.peerset.core.discovery.ManualPeers;
import io.peerset.core.discovery.OutboundGroups;
import io.peerset.core.discovery.RecentByIp;
import io.peerset.core.discovery.TipEstimator;
import io.peerset.core.set.DefaultPeerSet;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.VersionMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node, assembled after reference section 1.4: the listener is bound first (a failure is
 * one clear error), then the address book (its local listener is the bound address), the peer set,
 * the handshaker and connector (the address book observes every connection), the inbound loop, the
 * candidate sources, the initial dials, the crawler and the peer cache writer.
 *
 * <p>Remote peers' {@code getaddr} requests are answered from the address book; every other
 * request goes to the application's {@link InboundService}.
 *
 * <p>Initial peers, deviation from the reference: each candidate source is handled as soon as it
 * answers — its valid addresses go to the address book and up to the remaining part of the target
 * are chosen at random and dialled 100 ms apart — instead of waiting for the union of all sources,
 * so a DNS seeder that keeps failing (its source retries every 5 s, reference 3.2) does not hold back
 * the cached or configured peers. The crawler starts (after one initial crawl if any initial
 * handshake succeeded, and {@code target - outbound} demand signals, reference 1.4 steps 10–12)
 * when the first source with addresses has been dialled, when every source has answered, or
 * {@link #CRAWLER_START_DEADLINE} after start, whichever comes first; a source answering later puts
 * its addresses in the address book and signals demand for them instead of dialling them itself —
 * one signal per address up to the free outbound slots, or, without {@code fill_spare_outbound_slots},
 * up to the target.
 *
 * <p>Anchors (issue 16 §1.6, beyond the reference; option {@code anchors}): the last run's anchors are
 * taken from the node's storage (read once, then forgotten) and dialled before any candidate source
 * is asked, out of the same initial budget.
 *
 * <p>Shutdown ({@link #close()}, or a background part failing): choose the anchors among the
 * outbound peers still connected, stop accepting, stop dialling (the connection counters refuse every
 * later slot, so dials still scheduled do nothing), close the candidate sources, close the peer set
 * and wait for its peers to close (at most {@link #CLOSE_WAIT}), close the address book (which writes
 * the peer cache), write the anchors, close the transport, release the runtime's threads.
 *
 * <p>Started by {@link NodeStartup} (bind first, then assemble and begin).
 *
 * <p>Thread-safe.
 */
public final class DefaultNode implements PeerSetNode {

    /**
     * The latest the crawler starts while candidate sources are still answering: twice the DNS
     * timeout, so a first DNS attempt has answered or timed out, yet a seeder that keeps failing does
     * not keep the node from crawling what inbound peers and the cache offer. (A sum, not
     * {@code multipliedBy(2)}: Duration multiplies through BigDecimal, whose first use costs a node
     * 30-50 ms of start-up on JDK 25.)
     */
    public static final Duration CRAWLER_START_DEADLINE =
            PeerSetConstants.DNS_LOOKUP_TIMEOUT.plus(PeerSetConstants.DNS_LOOKUP_TIMEOUT);

    /** How long {@link #close()} waits for the peer set to close its peers before going on. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * Memory bound of the per-IP throttle when the pauses are shortened to (almost) nothing, as in
     * benchmarks: a few megabytes at most; forgetting the oldest attempts can only admit sooner.
     */
    public static final int MAX_RECENT_ATTEMPTS_TRACKED = 100_000;

    private static final Logger log = LoggerFactory.getLogger(DefaultNode.class);

    /**
     * What the node is made of: the configuration, the application's parts and the chosen
     * implementations.
     *
     * @param config     the configuration
     * @param inbound    answers remote peers' requests
     * @param chainTip   our best chain height (start height, minimum peer version)
     * @param transport  the transport (owned: closed with the node)
     * @param handshaker creates the handshaker once the listener's address is known
     * @param books      creates the address book
     * @param sources    create the candidate sources (all are used)
     * @param selector   the peer set's routing policy
     */
    public record Parts(NodeConfig config, InboundService inbound, ChainTip chainTip, Transport transport,
                        HandshakerProvider handshaker, AddressBookProvider books,
                        List<CandidateSourceProvider> sources, PeerSelector selector, Optional<NodeStorage> storage) {
        /** Validates and copies. */
        public Parts {
            requireNonNull(config, "config");
            requireNonNull(inbound, "inbound");
            requireNonNull(chainTip, "chainTip");
            requireNonNull(transport, "transport");
            requireNonNull(handshaker, "handshaker");
            requireNonNull(books, "books");
            sources = List.copyOf(sources);
            requireNonNull(selector, "selector");
            requireNonNull(storage, "storage");
        }

        /** Parts whose peer cache is kept as configured (a file under the cache directory, if any). */
        public Parts(NodeConfig config, InboundService inbound, ChainTip chainTip, Transport transport,
                     HandshakerProvider handshaker, AddressBookProvider books, List<CandidateSourceProvider> sources,
                     PeerSelector selector) {
            this(config, inbound, chainTip, transport, handshaker, books, sources, selector, Optional.empty());
        }
    }

    private final Parts parts;
    private final NodeRuntime runtime;
    private final PeerAddress bound;
    private final AddressBook book;
    private final DefaultPeerSet peerSet;
    private final ConnectionCounter outbound;
    /** Outbound diversity: the netgroups of outbound peers, shared by the initial dials and the crawler. */
    private final OutboundGroups outboundGroups;
    private final ConnectionCounter inbound;
    private final InboundListener listener;
    private final InboundPeers inboundPeers;
    private final Crawler crawler;
    /** The tip estimated from the peers, when the application gave none (issue 17 §3). */
    private final Optional<TipEstimator> tipEstimator;
    /** The operator's connections (issue 17, {@link #connect}). */
    private final ManualPeers manual;
    private final PeerConnector connector;
    private final List<CandidateSource> sources = new ArrayList<>();
    private final Listeners<PeerSetListener, PeerSetEvent> listeners = new Listeners<>("node", PeerSetListener::onEvent);
    private final Listeners<Consumer<NodeEvent>, NodeEvent> nodeListeners =
            new Listeners<>("node", Consumer::accept);
    /** Forwards the address book's events to {@link #nodeListeners} (registered while there are any). */
    private final Consumer<NodeEvent.AddressBookEvent> bookEvents = this::emit;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean crawlerStarted = new AtomicBoolean();
    private final AtomicInteger initialBudget;
    private final AtomicLong initialOk = new AtomicLong();
    private final AtomicLong initialFailed = new AtomicLong();
    private final LongAdder locatorVersionMismatches =
            new LongAdder();
    private volatile Cancellable crawlerDeadline = () -> false;
    /** The outbound peers in the order they joined, for the anchors written at close (issue 16 §1.6). */
    private final Anchors anchors;
    private final AnchorStore anchorStore;
    /** The last run's anchors, taken from the store at construction; dialled first by {@link #begin()}. */
    private final List<PeerAddress> anchorsAtStart;

    DefaultNode(Parts parts, NodeRuntime runtime, Acceptor acceptor) {
        this.parts = parts;
        this.runtime = runtime;
        NodeConfig config = parts.config();
        this.bound = acceptor.localAddress();
        Scheduler scheduler = runtime.scheduler();

        AddressBookContext bookContext = new AddressBookContext(scheduler, runtime.random(), runtime.updater(),
                runtime.blocking(), parts.storage());
        this.book = parts.books().create(AddressBookConfig.builder(config).localListener(bound).build(), bookContext);

        this.anchors = new Anchors(config.anchors(), config.netgroups());
        this.anchorStore = anchorStore(parts, runtime);
        // read once and forgotten (blocking I/O, once, as the book's files): a node that crashes
        // soon after starting does not dial the same anchors again
        this.anchorsAtStart = anchors.count() == 0 ? List.of()
                : anchorStore.take().stream().limit(anchors.count()).toList();
        // no tip from the application: estimate one from the outbound peers (issue 17 §3), unless off
        this.tipEstimator = parts.chainTip() == ChainTip.unknown() && config.estimateTip()
                ? Optional.of(new TipEstimator(config.netgroups(), config.upgrades(), scheduler)) : Optional.empty();
        ChainTip tip = tipEstimator.<ChainTip>map(t -> t).orElse(parts.chainTip());
        PeerDemand demand = new PeerDemand(config.peerSet().outboundLimit());
        this.peerSet = DefaultPeerSet.create(config.peerSet(), PeerSetContext.builder(scheduler, runtime.random(),
                        runtime.loop()).loopSpins(runtime.loopSpins())
                .chainTip(tip).upgrades(config.upgrades()).addressBook(book).selector(parts.selector()).demand(demand)
                .listener(event -> {
                    if (anchors.onEvent(event)) {
                        replaceLostOutbound(demand);
                    }
                    tipEstimator.ifPresent(t -> vote(t, event));
                    listeners.fire(event);
                }).build());

        // what we announce, and a nonce set as large as the total connection limit (reference 6.1)
        HandshakeConfig handshake = HandshakeConfig.builder(config).listenAddress(bound).chainTip(tip)
                .build();
        Handshaker handshaker = parts.handshaker().create(handshake, scheduler, runtime.nonces());
        // the inbound peers' group cap and eviction (issue 16 §1.4); its key is drawn only when one is on,
        // so the reference's runs draw what they always drew
        this.inboundPeers = new InboundPeers(new Counting(peerSet.observer(), locatorVersionMismatches),
                config.netgroups(), scheduler, config.inboundEviction(), config.maxInboundPerNetgroup(),
                config.inboundEviction() || config.maxInboundPerNetgroup() > 0 ? runtime.random().nextLong() : 0,
                a -> book.entry(a).map(AddressBookEntry::misbehaviorScore).orElse(0), config.discourageScore());
        // ZIP 201's run-up, at the application's tip or the estimated one
        this.inboundPeers.preferUpgraded(() -> {
            try {
                return config.upgrades().preferredVersion(
                        tipEstimator.map(TipEstimator::estimate).orElseGet(() -> parts.chainTip().bestHeight()));
            } catch (RuntimeException e) {
                return 0; // the application's tip failed: no preference (the peer set logs such failures)
            }
        });
        this.connector = PeerConnector.builder().transport(parts.transport()).handshaker(handshaker)
                .inboundService(answeringPeers(book, parts.inbound())).scheduler(scheduler).random(runtime.random())
                .config(ConnectionConfig.from(config))
                .observer(tipEstimator.<PeerObserver>map(t -> new Estimating(new AddressBookObserver(book, inboundPeers), t))
                        .orElseGet(() -> new AddressBookObserver(book, inboundPeers)))
                .build();

        this.outbound = new ConnectionCounter("outbound", config.peerSet().outboundLimit());
        this.inbound = new ConnectionCounter("inbound", config.peerSet().inboundLimit());
        this.listener = new InboundListener(acceptor, connector, peerSet, Optional.of(book), inbound,
                new RecentByIp(config.peerSet().maxConnectionsPerIp(), recentAttemptsTracked(config)), scheduler, config.acceptPause(),
                config.rejectPause(), config.maxInboundHandshakes(), inboundPeers);
        this.outboundGroups = new OutboundGroups(config.netgroups(), config.maxOutboundPerNetgroup());
        this.crawler = new Crawler(demand, book, peerSet, connector, outbound, outboundGroups, scheduler,
                config.crawlInterval(), config.crawlRateLimit(), config.peerSet().initialTargetSize(),
                config.crawlFanoutBelowTarget(), config.retryFailedDialsAboveTarget());
        if (config.addressTables()) {
            crawler.feelers(PeerSetConstants.FEELER_INTERVAL); // the tables' test-before-evict needs them
        }
        crawler.fillSpareSlots(config.fillSpareOutboundSlots());
        this.manual = new ManualPeers(connector, peerSet, book, outbound, outboundGroups, scheduler, anchors::isOutbound,
                client -> peerSet.view().thenApply(views -> views.stream().anyMatch(v -> v.client() == client)));
        this.initialBudget = new AtomicInteger(config.peerSet().initialTargetSize());
        for (CandidateSourceProvider provider : parts.sources()) {
            try {
                sources.add(provider.create(config, bookContext));
            } catch (RuntimeException e) {
                log.warn("node: candidate source {} could not be created; going on without it: {}",
                        provider.name(), e.toString());
            }
        }
    }

    /**
     * Where the anchors are kept: the node's storage when it has one, else a file under the cache
     * directory, else nowhere; nowhere too when anchors are off (the reference), and then nothing is
     * drawn from the runtime's generator, so the reference's runs repeat.
     */
    private static AnchorStore anchorStore(Parts parts, NodeRuntime runtime) {
        NodeConfig config = parts.config();
        if (config.anchors() == 0) {
            return AnchorStore.none();
        }
        if (parts.storage().isPresent()) {
            return parts.storage().get().anchors(config.network());
        }
        return config.cacheDir().<AnchorStore>map(dir -> new AnchorFile(AnchorFile.path(dir, config.network()),
                new SplittableRandom(runtime.random().nextLong()))).orElse(AnchorStore.none());
    }

    /**
     * Remote peers' {@code getaddr} ({@code Peers} requests) are answered from the address book
     * (reference 4.9, as zebrad's inbound service does: sanitised, at most 1,000, shuffled, our
     * listener included when valid); every other request goes to the application's service.
     */
    static InboundService answeringPeers(AddressBook book, InboundService application) {
        return (request, peer) -> request instanceof Request.Peers
                ? CompletableFuture.completedFuture(new Response.Peers(book.freshGetAddrResponse()))
                : application.call(request, peer);
    }

    /**
     * The per-IP throttle remembers every attempt of its 119 s window; the listener takes at most one
     * connection per pause, so the window holds at most 119 s / (shorter pause) attempts (11,900 with
     * the default 10 ms), capped at {@link #MAX_RECENT_ATTEMPTS_TRACKED}.
     */
    static int recentAttemptsTracked(NodeConfig config) {
        long pauseNanos = Math.max(1, Math.min(config.acceptPause().toNanos(), config.rejectPause().toNanos()));
        long n = PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.toNanos() / pauseNanos + 1;
        return (int) Math.min(MAX_RECENT_ATTEMPTS_TRACKED, n);
    }

    void begin() {
        log.info("node: {} listening on {}; target {} outbound peers (limits: {} outbound, {} inbound); {} candidate"
                        + " source(s): {}", parts.config().network().name(), bound,
                parts.config().peerSet().initialTargetSize(), outbound.limit(), inbound.limit(), sources.size(),
                sources.stream().map(CandidateSource::name).toList());
        parts.config().netgroups().asmap().ifPresent(map -> log.info("node: network groups by AS number, from {} ({} bytes)",
                parts.config().asmap().map(Object::toString).orElse("a map"), map.size()));
        peerSet.closeFuture().whenComplete((v, e) -> {
            if (!closing.get()) {
                fail(new PeerSetException("node: the peer set closed on its own" + (e != null ? ": " + e : "")));
            }
        });
        listener.onFatal(this::fail);
        listener.onEvent(this::emit);
        crawler.onEvent(this::emit);
        manual.onEvent(this::emit);
        listener.start();
        dialAnchors();
        List<CompletableFuture<?>> answered = new ArrayList<>();
        for (CandidateSource source : sources) {
            answered.add(InitialPeers.gather(List.of(source), parts.config().network())
                    .thenCompose(gathered -> onGathered(source, gathered))
                    .whenComplete((v, e) -> {
                        if (e != null && !closing.get()) {
                            log.warn("node: initial peers from {} failed: {}", source.name(), e.toString());
                        }
                    }));
        }
        CompletableFuture.allOf(answered.toArray(new CompletableFuture<?>[0]))
                .whenComplete((v, e) -> startCrawler(false, "every candidate source answered"));
        crawlerDeadline = runtime.scheduler().schedule(CRAWLER_START_DEADLINE,
                () -> startCrawler(false, "candidate sources still answering after " + CRAWLER_START_DEADLINE.toSeconds()
                        + " s"));
        book.start();
    }

    /**
     * Dials the last run's anchors before any candidate source is asked (issue 16 §1.6): they take
     * their part of the initial budget first. One that is banned or no longer valid is skipped.
     */
    private void dialAnchors() {
        NodeConfig config = parts.config();
        List<PeerAddress> usable = anchorsAtStart.stream()
                .filter(a -> config.network().isValidForOutbound(a) && !book.isBanned(a.ip())).toList();
        if (usable.isEmpty()) {
            return;
        }
        log.info("node: dialling {} anchor(s) of the last run first", usable.size());
        initialBudget.getAndUpdate(b -> Math.max(0, b - usable.size()));
        InitialPeers.start(new InitialPeers.Gathered(usable, 0, List.of()), usable.size(), connector, peerSet,
                        Optional.of(book), outbound, outboundGroups, runtime.scheduler(), runtime.random(), this::emit,
                        NodeEvent.DialReason.ANCHOR, "anchors", anchors::connected, Integer.MAX_VALUE)
                .thenAccept(dialled -> {
                    initialOk.addAndGet(dialled.connected());
                    initialFailed.addAndGet(dialled.failed());
                });
    }

    private CompletableFuture<Void> onGathered(CandidateSource source, InitialPeers.Gathered gathered) {
        if (closing.get()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("node: source {} gave {} valid address(es), {} dropped", source.name(), gathered.valid().size(),
                gathered.invalid());
        if (crawlerStarted.get()) {
            gathered.valid().forEach(a -> book.submit(new AddressChange.NewInitial(a)));
            // Without fill_spare_outbound_slots, only up to the target: a restarted node whose peer
            // cache (75 addresses) answered after a seeder would otherwise dial up to the outbound
            // limit at once — the eclipse-victims restart showed 71 of 75 slots taken within 30 s.
            int room = parts.config().fillSpareOutboundSlots() ? outbound.spare()
                    : Math.max(0, parts.config().peerSet().initialTargetSize() - outbound.count());
            for (int i = Math.min(gathered.valid().size(), room); i > 0; i--) {
                peerSet.demand().signal();
            }
            return CompletableFuture.completedFuture(null);
        }
        int n = initialBudget.getAndUpdate(b -> Math.max(0, b - gathered.valid().size()));
        return InitialPeers.start(gathered, Math.min(n, gathered.valid().size()), connector, peerSet,
                        Optional.of(book), outbound, outboundGroups, runtime.scheduler(), runtime.random(), this::emit,
                        NodeEvent.DialReason.INITIAL, source.name(), anchors::connected, initialStopAt())
                .thenAccept(dialled -> {
                    initialOk.addAndGet(dialled.connected());
                    initialFailed.addAndGet(dialled.failed());
                    if (!gathered.valid().isEmpty()) {
                        startCrawler(dialled.connected() > 0, "initial peers from " + source.name() + " dialled ("
                                + dialled.connected() + " connected, " + dialled.failed() + " failed)");
                    }
                });
    }

    /**
     * Without {@code fill_spare_outbound_slots} the node keeps about its target, so an outbound peer
     * that leaves takes it below the target: one demand signal replaces it now rather than at the
     * next crawl interval (up to 61 s later). The reference, which holds spare peers, waits for the
     * interval.
     */
    private void replaceLostOutbound(PeerDemand demand) {
        NodeConfig config = parts.config();
        if (!config.fillSpareOutboundSlots() && crawlerStarted.get() && !closing.get()
                && outbound.count() < config.peerSet().initialTargetSize()) {
            demand.signal();
        }
    }

    /**
     * When an initial dial is skipped: at the target of connected outbound peers unless spare slots
     * are filled (the reference fills them anyway, and its runs stay as they were).
     */
    private int initialStopAt() {
        return parts.config().fillSpareOutboundSlots() ? Integer.MAX_VALUE : parts.config().peerSet().initialTargetSize();
    }

    private void startCrawler(boolean crawlFirst, String why) {
        if (closing.get() || !crawlerStarted.compareAndSet(false, true)) {
            return;
        }
        crawlerDeadline.cancel();
        log.info("node: crawler starting: {}", why);
        if (crawlFirst) {
            crawler.crawl(); // reference 1.4 step 10: one crawl while the initial peers are fresh
        }
        int target = parts.config().peerSet().initialTargetSize();
        for (int i = target - outbound.count(); i > 0; i--) {
            peerSet.demand().signal(); // step 11
        }
        crawler.start(); // step 12
    }

    private void fail(Throwable cause) {
        if (closing.get()) {
            return;
        }
        log.error("node: stopping: {}", cause.toString());
        shutdown(cause);
    }

    /** Runs the shutdown sequence once; the last steps run when the peer set has closed. */
    void shutdown(Throwable cause) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        crawlerDeadline.cancel();
        // chosen while the peers are still connected; written with the peer cache, off this thread
        List<PeerAddress> keptAnchors = anchors.count() == 0 ? List.of()
                : anchors.choose(a -> book.entry(a).map(AddressBookEntry::misbehaviorScore).orElse(0));
        listener.close();
        inbound.close();
        manual.close();
        crawler.close();
        outbound.close();
        for (CandidateSource source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                log.warn("node: closing candidate source {} failed: {}", source.name(), e.toString());
            }
        }
        peerSet.close();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            try {
                book.close(); // writes the peer cache
            } catch (RuntimeException e) {
                log.warn("node: closing the address book failed: {}", e.toString());
            }
            if (anchors.count() > 0) {
                try {
                    anchorStore.write(keptAnchors);
                } catch (IOException | RuntimeException e) {
                    log.warn("node: cannot keep the anchors in {}: {}", anchorStore, e.toString());
                }
            }
            parts.transport().close();
            runtime.close();
            log.info("node: stopped");
            if (cause == null) {
                closeFuture.complete(null);
            } else {
                closeFuture.completeExceptionally(cause);
            }
        };
        Cancellable timeout;
        try {
            timeout = runtime.scheduler().schedule(CLOSE_WAIT, () -> {
                if (!finished.get()) {
                    log.warn("node: peers still closing after {} s; going on", CLOSE_WAIT.toSeconds());
                }
                try {
                    runtime.blocking().execute(finish); // the cache write must not hold the timer thread
                } catch (RuntimeException rejected) {
                    finish.run();
                }
            });
        } catch (RuntimeException e) {
            timeout = () -> false; // the scheduler is gone: wait for the peer set only
        }
        Cancellable t = timeout;
        peerSet.closeFuture().whenComplete((v, e) -> {
            t.cancel();
            // off the peer set's loop: closing the book writes a file, closing the runtime stops that loop
            try {
                runtime.blocking().execute(finish);
            } catch (RuntimeException rejected) {
                finish.run();
            }
        });
    }

    @Override
    public PeerSet peerSet() {
        return peerSet;
    }

    @Override
    public PeerAddress localAddress() {
        return bound;
    }

    @Override
    public AddressBookSnapshot addressBook() {
        return book.snapshot();
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(outbound.count(), inbound.count(), peerSet.status(), book.snapshot().countsByState(),
                listener.handshakesOk() + crawler.dialsOk() + initialOk.get(),
                listener.handshakesFailed() + crawler.dialsFailed() + initialFailed.get(),
                locatorVersionMismatches.sum());
    }

    @Override
    public void addListener(PeerSetListener l) {
        listeners.add(l);
    }

    @Override
    public void removeListener(PeerSetListener l) {
        listeners.remove(l);
    }

    @Override
    public Traffic traffic() {
        return parts.transport().traffic();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The address book's events are forwarded only while the node has listeners: without them the
     * book records none.
     */
    @Override
    public synchronized void addNodeListener(Consumer<NodeEvent> l) {
        requireNonNull(l, "listener");
        boolean first = nodeListeners.isEmpty();
        nodeListeners.add(l);
        if (first) {
            book.addListener(bookEvents);
        }
    }

    @Override
    public synchronized void removeNodeListener(Consumer<NodeEvent> l) {
        if (nodeListeners.remove(l) && nodeListeners.isEmpty()) {
            book.removeListener(bookEvents);
        }
    }

    private void emit(NodeEvent event) {
        nodeListeners.fire(event);
    }

    // ---------------------------------------------------------------- the operator's view and commands (issue 17)

    @Override
    public CompletableFuture<List<PeerInfo>> peers() {
        NodeConfig config = parts.config();
        // off the set's loop: the book's read locks and the copies are not the loop's work
        return peerSet.view().thenApplyAsync(views -> {
            List<PeerInfo> out = new ArrayList<>(views.size());
            for (DefaultPeerSet.PeerView v : views) {
                ConnectionInfo info = v.client().info();
                VersionMessage version = info.remoteVersion();
                PeerAddress a = info.remoteAddress();
                out.add(new PeerInfo(a, info.inbound(), info.negotiatedVersion(), version.version(), version.userAgent(),
                        version.services(), version.startHeight(), v.connectedSince(), v.state(), v.loadMillis(),
                        v.lastRtt(), v.client().traffic(), config.netgroups().of(a).toString(),
                        book.entry(a).map(AddressBookEntry::misbehaviorScore).orElse(0)));
            }
            return out;
        }, runtime.blocking());
    }

    @Override
    public CompletableFuture<ConnectionInfo> connect(PeerAddress address, boolean keep) {
        requireNonNull(address, "address");
        NodeConfig config = parts.config();
        String target = address.toString();
        if (!config.network().isValidForOutbound(address)) {
            return refused(NodeEvent.Action.CONNECT, target, new IllegalArgumentException("address: " + address
                    + " (expected: an address valid for outbound use on " + config.network().name()
                    + ": not unspecified, port 1-65535 and not a reserved port)"));
        }
        if (book.isBanned(address.ip())) {
            return refused(NodeEvent.Action.CONNECT, target, new PeerSetException("connect: " + address
                    + " is banned (unban it first)"));
        }
        if (closing.get()) {
            return refused(NodeEvent.Action.CONNECT, target, new PeerSetException("connect: the node is closing"));
        }
        return manual.connect(address, keep).whenComplete((info, e) -> emit(new NodeEvent.ControlAction(
                NodeEvent.Action.CONNECT, target, e != null, e != null ? message(e)
                : keep ? "connected, kept" : "connected")));
    }

    @Override
    public CompletableFuture<Integer> disconnect(PeerAddress address) {
        requireNonNull(address, "address");
        boolean wasKept = manual.forget(address);
        return peerSet.disconnect(address::equals).thenApply(n -> {
            emit(new NodeEvent.ControlAction(NodeEvent.Action.DISCONNECT, address.toString(), false,
                    n + " connection(s) closed" + (wasKept ? ", no longer kept" : "")));
            return n;
        });
    }

    @Override
    public CompletableFuture<BannedIp> ban(Subnet block, Duration duration, String reason) {
        requireNonNull(block, "block");
        requireNonNull(duration, "duration");
        requireNonNull(reason, "reason");
        return book.ban(block, duration, reason).thenCompose(ban -> {
            Subnet covered = ban.subnet(); // built once: the predicate runs on the set's loop per peer
            return peerSet.disconnect(a -> covered.contains(a.ip())).thenApply(n -> {
                emit(new NodeEvent.ControlAction(NodeEvent.Action.BAN, covered.toString(), false,
                        "until " + ban.expiresAt() + ", " + n + " connection(s) closed"
                                + (ban.reason().isEmpty() ? "" : ": " + ban.reason())));
                return ban;
            });
        }).whenComplete((b, e) -> {
            if (e != null) {
                emit(new NodeEvent.ControlAction(NodeEvent.Action.BAN, block.toString(), true, message(e)));
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> unban(Subnet block) {
        requireNonNull(block, "block");
        return book.unban(block).whenComplete((ended, e) -> emit(new NodeEvent.ControlAction(NodeEvent.Action.UNBAN,
                block.toString(), e != null || !ended, e != null ? message(e)
                : ended ? "ban lifted" : "no such ban")));
    }

    /**
     * @return the network height estimated from the outbound peers (issue 17 §3), empty when the
     *         application gave a chain tip, {@code estimate_tip} is off, or too few groups announced one
     */
    public java.util.OptionalLong tipEstimate() {
        return tipEstimator.map(TipEstimator::estimate).orElse(java.util.OptionalLong.empty());
    }

    @Override
    public List<BannedIp> bans() {
        return book.bans();
    }

    @Override
    public List<PeerAddress> keptPeers() {
        return manual.kept();
    }

    @Override
    public CompletableFuture<Integer> reloadSources() {
        if (closing.get()) {
            return refused(NodeEvent.Action.RELOAD_SOURCES, "", new PeerSetException("reload: the node is closing"));
        }
        NodeConfig config = parts.config();
        return InitialPeers.gather(sources, config.network()).thenApply(gathered -> {
            gathered.valid().forEach(a -> book.submit(new AddressChange.NewInitial(a)));
            int below = Math.max(0, config.peerSet().initialTargetSize() - outbound.count());
            for (int i = Math.min(below, gathered.valid().size()); i > 0; i--) {
                peerSet.demand().signal();
            }
            emit(new NodeEvent.ControlAction(NodeEvent.Action.RELOAD_SOURCES, "", false, gathered.valid().size()
                    + " address(es) from " + sources.size() + " source(s)" + (gathered.failedSources().isEmpty() ? ""
                    : ", failed: " + gathered.failedSources())));
            return gathered.valid().size();
        });
    }

    private <T> CompletableFuture<T> refused(NodeEvent.Action action, String target, RuntimeException why) {
        emit(new NodeEvent.ControlAction(action, target, true, message(why)));
        return CompletableFuture.failedFuture(why);
    }

    /** @return the error a future failed with, without its CompletionException wrapper */
    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** @return the failure's message for an event, never null */
    private static String message(Throwable e) {
        Throwable c = cause(e);
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** @return the outbound limit's counter (tests check every token is released) */
    public ConnectionCounter outboundCounter() {
        return outbound;
    }

    /** @return the inbound limit's counter */
    public ConnectionCounter inboundCounter() {
        return inbound;
    }

    /** @return the crawler (tests and status) */
    public Crawler crawler() {
        return crawler;
    }

    /** @return the connector: the handshaker and the connection timeouts every peer gets (tests) */
    public PeerConnector connector() {
        return connector;
    }

    /** @return the address book itself */
    public AddressBook book() {
        return book;
    }

    /**
     * Shuts down in order; with a runtime that runs on its own threads, waits for the last step (at
     * most {@link #CLOSE_WAIT} plus a margin), except on the peer set's loop (a listener), where the
     * shutdown goes on after the listener returns. With virtual time the sequence finishes as the
     * scheduler runs. Idempotent.
     */
    @Override
    public void close() {
        shutdown(null);
        // Not on the set's loop (a listener closing the node): by default that is a transport I/O
        // thread, and the shutdown it would wait for needs that very thread.
        if (runtime.waitsOnClose() && !peerSet.inLoop()) {
            try {
                closeFuture.handle((v, e) -> null).get(CLOSE_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("node: shutdown did not finish in time: {}", e.toString());
            }
        }
    }

    /** The estimator's voters are the outbound peers in the set (issue 17 §3). */
    private static void vote(TipEstimator estimator, PeerSetEvent event) {
        if (event instanceof PeerSetEvent.PeerAdded added && !added.inbound()) {
            estimator.joined(added.peer());
        } else if (event instanceof PeerSetEvent.PeerRemoved removed) {
            estimator.left(removed.peer());
        }
    }

    /** Hands every outbound handshake's announced height to the tip estimator (it votes once the peer joins). */
    private static final class Estimating extends ForwardingPeerObserver {
        private final TipEstimator estimator;

        Estimating(PeerObserver next, TipEstimator estimator) {
            super(next);
            this.estimator = estimator;
        }

        @Override
        public void connected(ConnectionInfo peer) {
            estimator.observe(peer);
            super.connected(peer);
        }
    }

    /**
     * Counts the connection events the node's status reports ({@link NodeStatus#locatorVersionMismatches()})
     * and hands every event on to {@code next}. Thread-safe: connections call it from their executors.
     */
    private static final class Counting extends ForwardingPeerObserver {
        private final LongAdder mismatches;

        Counting(PeerObserver next, LongAdder mismatches) {
            super(next);
            this.mismatches = mismatches;
        }

        @Override
        public void locatorVersionMismatch(ConnectionInfo peer, String command, long version) {
            mismatches.increment();
            super.locatorVersionMismatch(peer, command, version);
        }
    }

    @Override
    public String toString() {
        return "PeerSetNode[" + parts.config().network().name() + ", " + bound + ", outbound=" + outbound.count()
                + ", inbound=" + inbound.count() + (closing.get() ? ", closed" : "") + "]";
    }
}
