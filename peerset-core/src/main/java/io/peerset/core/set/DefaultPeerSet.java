package io.peerset.core.set;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetStatus;
import io.peerset.api.Reply;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.UpgradeSchedule;
import io.peerset.api.internal.Checks;
import io.peerset.api.internal.SerialLoop;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.CoreConstants;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerDemand;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.common.PeerSetContext;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer set of reference section 5, on one loop.
 *
 * <p>Callers on any thread put work into a lock-free inbox ({@link #call}, {@link #addPeer}, the
 * completions of peers' requests, timers) as {@link LoopMessage}s; a {@link SerialLoop} drains it on
 * the context's executor, one task at a time, at most {@link CoreConstants#PEER_SET_MAX_BATCH}
 * messages per task. Every piece of the set's state below the inbox is touched by the loop only: no
 * locks; methods that must run on the loop assert it. Completions that happen on the loop itself (a
 * peer that answers at once) go to a loop-local queue instead of the inbox.
 *
 * <p>This class keeps the peers' lifecycle (add, ready, remove; the minimum version, bans,
 * maintenance, status, shutdown) and hands the rest to its parts: {@link PeerIndex} (every peer by
 * state, the ready array the selector samples), {@link Router} (load-balanced and inventory routing,
 * answers), {@link Broadcasts} (reference 5.4), {@link WaitingQueue} (requests that found no ready
 * peer, the request queue's bound), {@link InventoryFeed} and {@link MisbehaviorBatch} (reports from
 * connections' threads).
 *
 * <p>Each peer is in exactly one state: <em>checking</em> (added, waiting for its client to be
 * ready), <em>ready</em> (in the ready array, O(1) random access for the selector) or <em>busy</em>
 * (one request in flight: Appendix A.7, strictly one per peer). Requests that find no ready peer
 * wait in FIFO order, each until {@link PeerSetConfig#readyTimeout()}; the set signals demand.
 *
 * <p>A ready peer is checked again when it is chosen (reference 5.1 step 7: its connection may
 * have failed, or its IP been banned, since it became ready), so no request goes to a dead or
 * banned peer; bans and minimum-version rises also reach idle peers within
 * {@link CoreConstants#PEER_SET_MAINTENANCE_INTERVAL}. A caller's future is completed on the thread
 * that received the answer, after the loop has been told (so a caller that sends its next request
 * from the callback finds the peer ready again).
 *
 * <p>Decisions where peerset differs from the reference: strictly one request per peer (A.7);
 * callers never block and a bounded queue replaces the buffer of 3 (A.13); a request waits at most
 * the ready timeout; the total-connection check refuses the peer and logs an error instead of
 * crashing (A.9); peerset has no zcashd-sidecar mode (section 5.8, an optional upstream feature
 * outside this peer set's scope), so {@code AdvertiseBlock} and {@code PushTransaction} go to a
 * random third like {@code AdvertiseTransactionIds}; the
 * status log (5.11) has no duplicate-IP lines, since the per-IP limit is enforced when a peer is
 * added. If the loop's executor refuses work, the set closes itself on the refused thread (waiting
 * requests fail, peers close) rather than leave anything pending.
 *
 * <p>Threading: public methods are thread-safe and never block.
 */
public final class DefaultPeerSet implements CorePeerSet {

    private static final Logger log = LoggerFactory.getLogger(DefaultPeerSet.class);

    private final PeerSetConfig config;
    private final Network network;
    private final Scheduler clock;
    private final PeerSetListener[] listeners;
    private final PeerDemand demand;
    private final Optional<AddressBook> book;
    private final ChainTip chainTip;
    private final UpgradeSchedule upgrades;
    private final SerialLoop<LoopMessage> loop;
    private final PeerIndex index = new PeerIndex();
    private final InventoryRegistry registry = new InventoryRegistry();
    private final WaitingQueue waiting;
    private final Router router;
    private final MisbehaviorBatch misbehavior;
    private final InventoryFeed inventory;

    // ---- shared with other threads ----
    private final AtomicInteger queuedAdds = new AtomicInteger();
    private volatile boolean closed;
    /** Rejection events decided off the loop and not yet emitted: bounded (a flood of inbound peers). */
    private final AtomicInteger queuedNotices = new AtomicInteger();
    private volatile PeerSetStatus status;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    // ---- the loop's ----
    private long minimumVersion;
    private boolean shutDown;
    private final List<Cancellable> timers = new ArrayList<>();
    private final long startedAt;
    private long lastStatusLog;
    /** The book's {@link AddressBook#bansIssued()} when maintenance last checked every idle peer; -1 before. */
    private long bansChecked = -1;

    private DefaultPeerSet(PeerSetConfig config, PeerSetContext context) {
        this.config = requireNonNull(config, "config");
        requireNonNull(context, "context");
        this.network = config.network();
        this.clock = context.scheduler();
        this.listeners = context.listeners().toArray(new PeerSetListener[0]);
        this.demand = context.demand().orElseGet(() -> new PeerDemand(config.outboundLimit()));
        this.book = context.addressBook();
        this.chainTip = context.chainTip();
        this.upgrades = context.upgrades().orElseGet(() -> UpgradeSchedule.of(config.network()));
        this.loop = new SerialLoop<>(context.loop(), new LoopHandler(), CoreConstants.PEER_SET_MAX_BATCH,
                context.loopSpins());
        this.waiting = new WaitingQueue(this, config, clock, demand);
        this.router = new Router(this, loop, clock, index, waiting, registry, context.selector(), context.random(),
                network);
        waiting.router(router);
        this.misbehavior = new MisbehaviorBatch(book);
        this.inventory = new InventoryFeed(loop, () -> closed);
        this.minimumVersion = computeMinimumVersion(network.initialMinimumPeerVersion());
        this.startedAt = clock.nanoTime();
        this.lastStatusLog = startedAt;
        this.status = new PeerSetStatus(0, 0, 0, 0, minimumVersion, 0, 0);
    }

    /**
     * @param config  the settings
     * @param context what the set runs on
     * @return a started set
     */
    public static DefaultPeerSet create(PeerSetConfig config, PeerSetContext context) {
        DefaultPeerSet set = new DefaultPeerSet(config, context);
        set.startTimers();
        return set;
    }

    private void startTimers() {
        timers.add(repeat(PeerSetConstants.INVENTORY_ROTATION_INTERVAL, () -> submitTask(registry::rotate)));
        timers.add(repeat(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL, () -> submitTask(this::maintain)));
        timers.add(repeat(PeerSetConstants.MISBEHAVIOR_FLUSH_INTERVAL, misbehavior::flush));
    }

    /** Runs until cancelled or the set is closed. */
    private Cancellable repeat(Duration every, Runnable task) {
        return FixedRateTimer.start(clock, every, task, () -> closed);
    }

    // =====================================================================================
    // Public API (any thread)
    // =====================================================================================

    @Override
    public <R extends Response> CompletableFuture<R> call(Request<R> request) {
        requireNonNull(request, "request");
        return submit(Call.call(request));
    }

    @Override
    public <R extends Response> CompletableFuture<Reply<R>> exchange(Request<R> request) {
        requireNonNull(request, "request");
        return submit(Call.exchange(request));
    }

    private <T> Call<T> submit(Call<T> call) {
        if (closed) {
            call.completeExceptionally(new PeerException.ServiceShutdown());
            return call;
        }
        if (!waiting.admit()) {
            call.completeExceptionally(new PeerException.Overloaded("the peer set's request queue is full ("
                    + config.requestQueueCapacity() + " requests waiting; see PeerSetConfig.requestQueueCapacity)"));
            return call;
        }
        loop.submit(call);
        return call;
    }

    @Override
    public boolean addPeer(PeerClient client) {
        requireNonNull(client, "client");
        if (closed) {
            client.close();
            return false;
        }
        if (queuedAdds.incrementAndGet() > config.totalConnectionLimit()) {
            queuedAdds.decrementAndGet();
            log.warn("peer set: {} peers already waiting to be added; closing {}", config.totalConnectionLimit(),
                    client.info().remoteAddress().redacted());
            client.close();
            emitFromAnyThread(new PeerSetEvent.PeerRejected(client.info().remoteAddress(),
                    RejectReason.CONNECTION_LIMIT));
            return true;
        }
        loop.submit(new LoopMessage.AddPeer(client));
        return true;
    }

    @Override
    public void reportMisbehavior(PeerAddress address, int increment, String reason) {
        requireNonNull(address, "address");
        requireNonNull(reason, "reason");
        misbehavior.report(address, Checks.positive("increment", increment), reason);
    }

    @Override
    public PeerSetStatus status() {
        return status;
    }

    @Override
    public PeerObserver observer() {
        return new PeerObserver() {
            @Override
            public void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
                inventory.report(peer.remoteAddress(), advertised, missing);
            }
        };
    }

    @Override
    public PeerDemand demand() {
        return demand;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(Cancellable::cancel);
        loop.submit(LoopMessage.Shutdown.INSTANCE);
    }

    /**
     * One peer as the loop sees it, for {@code PeerSetNode.peers()} (issue 17).
     *
     * @param client         the peer's client (its {@link PeerClient#info()} and {@link PeerClient#traffic()})
     * @param connectedSince when it joined the set
     * @param state          ready, busy or checking
     * @param loadMillis     its peak-EWMA load decayed to now, milliseconds
     * @param lastRtt        its last answered request's round trip, empty before the first
     */
    public record PeerView(PeerClient client, Instant connectedSince, PeerInfo.State state, double loadMillis,
                           Optional<Duration> lastRtt) {
    }

    /**
     * @return completes with every peer, outbound first, each group in the order they joined; with an
     *         empty list once the set has shut down
     */
    public CompletableFuture<List<PeerView>> view() {
        CompletableFuture<List<PeerView>> out = new CompletableFuture<>();
        if (closed) {
            out.complete(List.of());
            return out;
        }
        submitTask(() -> {
            try {
                out.complete(views());
            } catch (RuntimeException e) {
                out.completeExceptionally(e); // a caller waits on it: never leave it pending
            }
        }, true);
        return out;
    }

    /** @return every peer's view, outbound first, each group oldest first (on the loop) */
    private List<PeerView> views() {
        long now = clock.nanoTime();
        List<PeerView> outbound = new ArrayList<>();
        List<PeerView> inbound = new ArrayList<>();
        for (PeerEntry e : index.all()) {
            PeerInfo.State state = e.busy ? PeerInfo.State.BUSY
                    : e.readyIndex >= 0 ? PeerInfo.State.READY : PeerInfo.State.CHECKING;
            long rtt = e.ewma.lastRtt();
            PeerView v = new PeerView(e.client, e.added, state, e.ewma.load(now) / 1e6,
                    rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt)));
            (e.client.info().inbound() ? inbound : outbound).add(v);
        }
        Comparator<PeerView> oldestFirst = Comparator.comparing(PeerView::connectedSince);
        outbound.sort(oldestFirst);
        inbound.sort(oldestFirst);
        outbound.addAll(inbound);
        return outbound;
    }

    /**
     * Closes every peer whose address {@code which} accepts (an operator's disconnect or ban, issue 17).
     *
     * @param which chooses the peers (called on the loop; quick)
     * @return completes with how many were closed
     */
    public CompletableFuture<Integer> disconnect(Predicate<PeerAddress> which) {
        requireNonNull(which, "which");
        CompletableFuture<Integer> out = new CompletableFuture<>();
        if (closed) {
            out.complete(0);
            return out;
        }
        submitTask(() -> {
            int n = 0;
            try {
                for (PeerEntry e : index.snapshot()) {
                    if (which.test(e.address)) {
                        n++;
                        try {
                            e.client.close(); // its close notice removes it from the set
                        } catch (RuntimeException ex) {
                            log.warn("peer set: closing {} failed", e.address.redacted(), ex);
                        }
                    }
                }
                out.complete(n);
            } catch (RuntimeException e) {
                out.completeExceptionally(e); // the caller's predicate failed: it waits on this
            }
        }, true);
        return out;
    }

    /** @return completes once the set has closed every peer and failed every waiting request */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public String toString() {
        PeerSetStatus s = status;
        return "PeerSet[ready=" + s.ready() + ", busy=" + s.busy() + ", checking=" + s.checking() + ", waiting="
                + s.waitingRequests() + (closed ? ", closed" : "") + "]";
    }

    // =====================================================================================
    // The loop
    // =====================================================================================

    /** The loop's side of the set: what {@link SerialLoop} calls, in the loop's role. */
    private final class LoopHandler implements SerialLoop.Handler<LoopMessage> {
        @Override
        public void drainStarting() {
            waiting.stepStarting();
            refreshMinimumVersion();
        }

        @Override
        public void inboxEmpty() {
            waiting.publishReleased(); // callers waiting for room see it before the loop yields
        }

        @Override
        public void handle(LoopMessage item) {
            handleSafely(item);
        }

        @Override
        public void drainEnded() {
            waiting.publishReleased();
            publishStatus();
        }

        /**
         * The loop's executor refused work (shut down, or broken): the set closes on the thread
         * that found out, and from then on every message is handled by the thread that queues it
         * (see {@link SerialLoop}), so waiting requests fail, peers close, {@link #closeFuture()}
         * completes, and nothing queued is left pending.
         */
        @Override
        public void refused(RuntimeException error) {
            if (closed) {
                // A closing node's transport (whose I/O thread is the loop by default) may stop
                // before the last peers' answers reach the set: expected, nothing is lost.
                log.debug("peer set: its loop executor refused work while closing: {}", error.toString());
            } else {
                log.error("peer set: its loop executor refused work; closing the set", error);
            }
            closed = true;
            timers.forEach(Cancellable::cancel);
        }

        @Override
        public void deadRunStarting() {
            shutdown();
        }
    }

    private void handleSafely(LoopMessage item) {
        try {
            if (!handle(item)) {
                log.error("peer set: no handler for a {}; dropped", item.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            log.error("peer set: failed to handle {}", item.getClass().getSimpleName(), e);
        }
    }

    /**
     * The loop's dispatch over its messages, most frequent first.
     *
     * @return false for a message kind it does not know (a bug: {@code LoopMessageTest} checks that
     *         every permitted subtype of {@link LoopMessage} is handled)
     */
    boolean handle(LoopMessage item) {
        assert inLoop();
        if (item instanceof Dispatch d) {
            router.onPeerDone(d);
        } else if (item instanceof Call<?> c) {
            router.onCall(c);
        } else if (item instanceof LoopMessage.PeerReady r) {
            onPeerReady(r.entry());
        } else if (item instanceof LoopMessage.AddPeer a) {
            queuedAdds.decrementAndGet();
            onAddPeer(a.client());
        } else if (item instanceof LoopMessage.PeerClosed c) {
            if (!c.entry().removed) {
                remove(c.entry(), PeerFailures.removalReason(c.error()), Optional.of(c.error()));
            }
        } else if (item instanceof LoopMessage.Inventory inv) {
            inventory.taken();
            for (Object key : inv.items()) {
                registry.register(key, inv.peer(), inv.status());
            }
        } else if (item instanceof LoopMessage.Task t) {
            if (!shutDown || t.evenAfterShutdown()) {
                t.task().run();
            }
        } else if (item instanceof LoopMessage.Shutdown) {
            shutdown();
        } else {
            return false;
        }
        return true;
    }

    /** For tests: runs {@link #handle} on the loop and completes with its result. */
    CompletableFuture<Boolean> handleOnLoop(LoopMessage item) {
        CompletableFuture<Boolean> handled = new CompletableFuture<>();
        submitTask(() -> handled.complete(handle(item)));
        return handled;
    }

    /** @return whether the calling thread is the loop now (see {@link SerialLoop#inLoop()}) */
    public boolean inLoop() {
        return loop.inLoop();
    }

    void submitTask(Runnable task) {
        loop.submit(new LoopMessage.Task(task));
    }

    /** A task that also runs after the shutdown (a query whose caller waits: it then sees an empty set). */
    private void submitTask(Runnable task, boolean evenAfterShutdown) {
        loop.submit(new LoopMessage.Task(task, evenAfterShutdown));
    }

    // ---- what the router and the waiting queue share with the set (loop only) ----

    PeerIndex index() {
        return index;
    }

    Router router() {
        return router;
    }

    boolean isShutDown() {
        return shutDown;
    }

    boolean hasListeners() {
        return listeners.length > 0;
    }

    boolean isSyncing() {
        try {
            return chainTip.isSyncing();
        } catch (RuntimeException ex) {
            log.warn("peer set: the chain tip failed to say whether we are syncing; assuming we are", ex);
            return true;
        }
    }

    // ---- peers ----

    private void onAddPeer(PeerClient client) {
        ConnectionInfo info = client.info();
        PeerAddress address = info.remoteAddress();
        RejectReason reject = null;
        if (shutDown) {
            reject = RejectReason.CLOSED;
        } else if (index.contains(address)) {
            reject = RejectReason.DUPLICATE_ADDRESS;
        } else if (index.connectionsFrom(address.ip()) >= config.maxConnectionsPerIp()) {
            reject = RejectReason.PER_IP_LIMIT;
        } else if (index.size() >= config.totalConnectionLimit()) {
            // Appendix A.9: the reference panics here; a bug elsewhere must not take the node down.
            log.error("peer set: already holding {} peers, the total connection limit; refusing {} "
                    + "(the connection limits upstream should have prevented this)", index.size(),
                    address.redacted());
            reject = RejectReason.CONNECTION_LIMIT;
        } else if (info.remoteVersion().version() < minimumVersion) {
            reject = RejectReason.OUTDATED;
        } else if (isBanned(address)) {
            reject = RejectReason.BANNED;
        }
        if (reject != null) {
            client.close();
            emit(new PeerSetEvent.PeerRejected(address, reject));
            return;
        }
        PeerEntry e = new PeerEntry(client, info, new PeakEwma(clock.nanoTime()), clock.instant());
        index.add(e);
        emit(new PeerSetEvent.PeerAdded(address, info.inbound(), info.remoteVersion().version()));
        client.closeFuture().whenComplete((error, t) -> loop.submitLocal(new LoopMessage.PeerClosed(e,
                error != null ? error : new PeerException.ConnectionDropped())));
        waitForReady(e);
    }

    /** Waits for the peer's client to be ready (it is checking meanwhile). */
    void waitForReady(PeerEntry e) {
        e.client.ready().whenComplete((v, t) -> {
            if (t == null) {
                loop.submitLocal(new LoopMessage.PeerReady(e));
            } // a failure arrives through closeFuture
        });
    }

    private void onPeerReady(PeerEntry e) {
        if (e.removed || e.busy || e.readyIndex >= 0) {
            return;
        }
        becomeReady(e);
    }

    /** Checks a peer that has become ready (section 5.1 step 5) and serves whoever waits. */
    void becomeReady(PeerEntry e) {
        assert inLoop();
        if (e.version < minimumVersion) {
            remove(e, RemovalReason.OUTDATED, Optional.empty());
            return;
        }
        if (isBanned(e.address)) {
            remove(e, RemovalReason.BANNED, Optional.empty());
            return;
        }
        index.addReady(e);
        if (router.broadcasts().deliverLate(e)) {
            return;
        }
        if (!waiting.isEmpty()) {
            waiting.serve();
        }
    }

    boolean isBanned(PeerAddress address) {
        if (book.isEmpty()) {
            return false;
        }
        try {
            return book.get().isBanned(address.ip());
        } catch (RuntimeException ex) {
            log.warn("peer set: the address book failed a ban check", ex);
            return false;
        }
    }

    /** Why a peer whose connection ended leaves: a protocol error, or any other failure. */
    static RemovalReason removalReason(PeerEntry e) {
        return e.client.error().map(PeerFailures::removalReason).orElse(RemovalReason.FAILED);
    }

    /** Removes a peer (once), closes its client and tells the listeners why. */
    void remove(PeerEntry e, RemovalReason reason, Optional<PeerException> error) {
        assert inLoop();
        if (e.removed) {
            return;
        }
        e.removed = true;
        index.remove(e);
        router.broadcasts().peerRemoved(e);
        try {
            e.client.close();
        } catch (RuntimeException ex) {
            log.warn("peer set: closing {} failed", e.address.redacted(), ex);
        }
        emit(new PeerSetEvent.PeerRemoved(e.address, reason, error));
    }

    // ---- minimum version, bans, status ----

    private long computeMinimumVersion(long fallback) {
        try {
            return upgrades.minimumAt(chainTip.activeUpgrade());
        } catch (RuntimeException ex) {
            log.warn("peer set: the chain tip failed to report its network upgrade; keeping minimum version {}",
                    fallback, ex);
            return fallback;
        }
    }

    /** Section 5.5 point 4: when the minimum rises, ready peers below it leave at once. */
    private void refreshMinimumVersion() {
        long now = computeMinimumVersion(minimumVersion);
        if (now == minimumVersion) {
            return;
        }
        long before = minimumVersion;
        minimumVersion = now;
        emit(new PeerSetEvent.MinimumVersionChanged(before, now));
        if (now > before) {
            for (PeerEntry e : index.snapshot()) {
                if (e.version < now && !e.busy) {
                    remove(e, RemovalReason.OUTDATED, Optional.empty());
                }
            }
        }
    }

    /** Every {@link CoreConstants#PEER_SET_MAINTENANCE_INTERVAL}: bans of idle peers, waiting requests, the status log. */
    private void maintain() {
        refreshMinimumVersion();
        if (book.isPresent() && banIssuedSinceLastCheck()) {
            for (PeerEntry e : index.snapshot()) {
                if (!e.busy && isBanned(e.address)) {
                    remove(e, RemovalReason.BANNED, Optional.empty());
                }
            }
        }
        waiting.expire();
        if (!waiting.isEmpty() && index.readyCount() == 0) {
            boolean accepted = demand.signal(); // still waiting: keep asking (bounded by the demand queue)
            emit(new PeerSetEvent.DemandSignalled(waiting.size(), !accepted));
        }
        logStatus();
    }

    /**
     * Whether the idle peers need a ban check: only if the book issued a ban since the last check (or
     * does not count its bans). One check after each ban is enough: a peer that was busy then, or
     * not ready yet, is checked when it becomes ready ({@link #becomeReady}), and a ban that ends
     * removes nobody. Skipping the check is what keeps maintenance from touching every peer every
     * second in a network of thousands of nodes.
     */
    private boolean banIssuedSinceLastCheck() {
        OptionalLong issued;
        try {
            issued = book.get().bansIssued();
        } catch (RuntimeException ex) {
            log.warn("peer set: the address book failed to count its bans", ex);
            return true;
        }
        if (issued.isEmpty()) {
            return true;
        }
        if (issued.getAsLong() == bansChecked) {
            return false;
        }
        bansChecked = issued.getAsLong(); // read before the check: a ban issued during it is seen next time
        return true;
    }

    /** Section 5.11: at most once per minute, the first minute suppressed. */
    private void logStatus() {
        long now = clock.nanoTime();
        if (now - lastStatusLog < PeerSetConstants.MIN_PEER_SET_LOG_INTERVAL.toNanos() || index.readyCount() > 0
                || waiting.isEmpty()) {
            return; // as upstream, the log speaks of a network request that found no ready peer
        }
        lastStatusLog = now;
        if (index.isEmpty()) {
            log.warn("network request with no peer connections. Hint: check your network connection");
        } else {
            log.info("network request with no ready peers: finding more peers, waiting for {} peers to answer requests",
                    index.size());
        }
    }

    private void publishStatus() {
        status = new PeerSetStatus(index.readyCount(), index.busyCount(), index.checkingCount(), waiting.size(),
                minimumVersion,
                demand.signalled(), demand.dropped());
    }

    private void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            waiting.failAll();
            for (PeerEntry e : index.snapshot()) {
                try {
                    remove(e, RemovalReason.CLOSED, Optional.empty());
                } catch (RuntimeException ex) {
                    log.warn("peer set: closing {} failed", e.address.redacted(), ex);
                }
            }
            router.broadcasts().abandon();
            misbehavior.flush();
            waiting.publishReleased();
            publishStatus();
        } finally {
            closeFuture.complete(null);
        }
    }

    // ---- events ----

    void emit(PeerSetEvent event) {
        for (PeerSetListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException ex) {
                log.warn("peer set: listener {} failed on {}", l, event.getClass().getSimpleName(), ex);
            }
        }
    }

    /**
     * The few events decided off the loop (a full add queue) go through the loop too, to keep the
     * order; at most the total connection limit of them wait at a time, the rest are dropped.
     */
    private void emitFromAnyThread(PeerSetEvent event) {
        if (listeners.length == 0) {
            return;
        }
        if (queuedNotices.incrementAndGet() > config.totalConnectionLimit()) {
            queuedNotices.decrementAndGet(); // a flood: the log line above is the record
            return;
        }
        submitTask(() -> {
            queuedNotices.decrementAndGet();
            emit(event);
        });
    }
}
