package io.peerset.core.set;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetEvent.Routing;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetStatus;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.CoreConstants;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerDemand;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.common.PeerSetContext;
import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer set of reference section 5, on one loop.
 *
 * <p>Callers on any thread put work into a lock-free inbox ({@link #call}, {@link #addPeer}, the
 * completions of peers' requests, timers); the loop drains it on the context's executor, one task at
 * a time, at most {@link CoreConstants#PEER_SET_MAX_BATCH} items per task. Every piece of the set's
 * state below the inbox is touched by the loop only: no locks. Completions that happen on the loop
 * itself (a peer that answers at once) go to a loop-local queue instead of the inbox.
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
    private final RandomGenerator random;
    private final PeerSelector selector;
    private final PeerSetListener[] listeners;
    private final PeerDemand demand;
    private final Optional<AddressBook> book;
    private final ChainTip chainTip;
    private final java.util.concurrent.Executor loop;
    private final int loopSpins;

    // ---- shared with other threads ----
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    /**
     * Requests accepted so far (written by callers only) and requests that have left the queue (sent
     * to a peer or failed; written by the loop only, published once per loop step): their difference
     * is bounded by the queue capacity. Two single-purpose counters instead of one shared one keep
     * the caller's and the loop's cores from trading a cache line on every request; the price is
     * that the bound is checked against the count of the last loop step (it may refuse up to one
     * step's worth of requests early under full load, never accept more than the capacity).
     */
    private final AtomicLong accepted = new AtomicLong();
    private volatile long released;
    private long releasedOnLoop;
    private final AtomicInteger queuedAdds = new AtomicInteger();
    private final AtomicInteger queuedInventory = new AtomicInteger();
    private final AtomicLong inventoryDropped = new AtomicLong();
    private final AtomicLong misbehaviorDropped = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ConcurrentHashMap<PeerAddress, Misbehavior> misbehavior = new ConcurrentHashMap<>();

    /** Misbehaviour reported for one address since the last flush: the summed score and the last reason. */
    private record Misbehavior(long score, String reason) {
    }
    private volatile boolean closed;
    /** The loop's executor refused work: see {@link #die()}. */
    private volatile boolean dead;
    private final Object deadLock = new Object();
    /** Rejection events decided off the loop and not yet emitted: bounded (a flood of inbound peers). */
    private final AtomicInteger queuedNotices = new AtomicInteger();
    private volatile PeerSetStatus status;
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

    // ---- the loop's ----
    private final HashMap<PeerAddress, PeerEntry> peers = new HashMap<>();
    private final HashMap<InetAddress, Integer> perIp = new HashMap<>();
    private PeerEntry[] ready = new PeerEntry[16];
    private int readyCount;
    private int busyCount;
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    private final InventoryRegistry registry = new InventoryRegistry();
    private final Candidates readyCandidates = new Candidates();
    private final Candidates subsetCandidates = new Candidates();
    private Thread loopThread;
    private long minimumVersion;
    private BroadcastAll broadcastAll;
    private Cancellable waitTimer;
    private long waitTimerAt;
    private boolean demandThisDrain;
    private boolean shutDown;
    private final List<Cancellable> timers = new ArrayList<>();
    private final long startedAt;
    private long lastStatusLog;

    private DefaultPeerSet(PeerSetConfig config, PeerSetContext context) {
        this.config = requireNonNull(config, "config");
        requireNonNull(context, "context");
        this.network = config.network();
        this.clock = context.scheduler();
        this.random = context.random();
        this.selector = context.selector();
        this.listeners = context.listeners().toArray(new PeerSetListener[0]);
        this.demand = context.demand().orElseGet(() -> new PeerDemand(config.outboundLimit()));
        this.book = context.addressBook();
        this.chainTip = context.chainTip();
        this.loop = context.loop();
        this.loopSpins = context.loopSpins();
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
        timers.add(repeat(PeerSetConstants.MISBEHAVIOR_FLUSH_INTERVAL, this::flushMisbehavior));
    }

    /**
     * A fixed-rate timer on the scheduler: the n-th run is due n periods after the start; a late
     * run re-arms for the next due time, so late ticks follow each other at once instead of
     * drifting (reference 5.3's rotation). Runs until cancelled or the set is closed.
     */
    private Cancellable repeat(Duration every, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Cancellable> current = new AtomicReference<>();
        long period = every.toNanos();
        long start = clock.nanoTime();
        long[] runs = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (cancelled.get() || closed) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("peer set: timer task failed; it runs again at its next time", e);
            }
            long next = start + ++runs[0] * period + period;
            if (!cancelled.get() && !closed) {
                current.set(clock.schedule(Duration.ofNanos(Math.max(0, next - clock.nanoTime())), tick[0]));
            }
        };
        current.set(clock.schedule(every, tick[0]));
        return () -> {
            boolean first = cancelled.compareAndSet(false, true);
            Cancellable c = current.get();
            if (c != null) {
                c.cancel();
            }
            return first;
        };
    }

    // =====================================================================================
    // Public API (any thread)
    // =====================================================================================

    @Override
    public CompletableFuture<Response> call(Request request) {
        requireNonNull(request, "request");
        Call call = new Call(request);
        if (closed) {
            call.completeExceptionally(new PeerException.ServiceShutdown());
            return call;
        }
        if (accepted.incrementAndGet() - released > config.requestQueueCapacity()) {
            accepted.decrementAndGet();
            call.completeExceptionally(new PeerException.Overloaded("the peer set's request queue is full ("
                    + config.requestQueueCapacity() + " requests waiting; see PeerSetConfig.requestQueueCapacity)"));
            return call;
        }
        enqueue(call);
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
        enqueue(new AddPeer(client));
        return true;
    }

    @Override
    public void reportMisbehavior(PeerAddress address, int increment, String reason) {
        requireNonNull(address, "address");
        requireNonNull(reason, "reason");
        if (increment <= 0) {
            throw new IllegalArgumentException("increment: " + increment + " (expected: > 0)");
        }
        if (!misbehavior.containsKey(address) && misbehavior.size() >= CoreConstants.MISBEHAVIOR_QUEUE_CAPACITY) {
            long n = misbehaviorDropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.warn("peer set: dropped {} misbehaviour report(s): {} addresses already waiting for the next flush",
                        n, CoreConstants.MISBEHAVIOR_QUEUE_CAPACITY);
            }
            return;
        }
        misbehavior.merge(address, new Misbehavior(increment, reason),
                (a, b) -> new Misbehavior(Math.min(a.score() + b.score(), Integer.MAX_VALUE), b.reason()));
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
                reportInventory(peer.remoteAddress(), advertised, missing);
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
        enqueue(Shutdown.INSTANCE);
    }

    /** @return completes once the set has closed every peer and failed every waiting request */
    public CompletableFuture<Void> closedFuture() {
        return closedFuture;
    }

    @Override
    public String toString() {
        PeerSetStatus s = status;
        return "PeerSet[ready=" + s.ready() + ", busy=" + s.busy() + ", checking=" + s.checking() + ", waiting="
                + s.waitingRequests() + (closed ? ", closed" : "") + "]";
    }

    // =====================================================================================
    // Inbox items
    // =====================================================================================

    /** A caller's request, and the future the caller holds (one object, not two). */
    private static final class Call extends CompletableFuture<Response> {
        final Request request;
        long deadline;
        boolean parked;
        boolean released;

        Call(Request request) {
            this.request = request;
        }
    }

    private record AddPeer(PeerClient client) {
    }

    private record PeerReady(PeerEntry entry) {
    }

    private record PeerClosed(PeerEntry entry, PeerException error) {
    }

    /**
     * One request sent to one peer: the callback of the peer's future and, once it has run, the
     * loop's record of the outcome (one object for both). {@code owner} is the {@link Call} or a
     * {@link Broadcast}. A caller's future is completed at once on the completing thread, so the
     * answer does not wait for the loop; the peer's bookkeeping (load, registry, stalls, readiness)
     * follows on the loop.
     */
    private final class Dispatch implements BiConsumer<Response, Throwable> {
        final PeerEntry entry;
        final Object owner;
        final Request request;
        final long sentAt;
        final boolean stallTracked;
        Response response;
        Throwable error;
        long doneAt;

        Dispatch(PeerEntry entry, Object owner, Request request, long sentAt, boolean stallTracked) {
            this.entry = entry;
            this.owner = owner;
            this.request = request;
            this.sentAt = sentAt;
            this.stallTracked = stallTracked;
        }

        @Override
        public void accept(Response r, Throwable t) {
            doneAt = clock.nanoTime(); // the round trip ends here, not when the loop gets to it
            response = r;
            error = unwrap(t);
            // The loop hears of the peer first: a caller whose callback sends its next request at
            // once must find this peer ready again, not an empty set (and a needless demand signal).
            fromPeer(this);
            if (owner instanceof Call c) {
                if (error != null) {
                    c.completeExceptionally(error);
                } else {
                    c.complete(r);
                }
            }
        }
    }

    private record Inventory(PeerAddress peer, List<Object> items, InventoryRegistry.Status status) {
    }

    private enum Shutdown { INSTANCE }

    /** A broadcast: completes {@code Nil} once every send has finished, whatever its outcome. */
    private static class Broadcast {
        final Call call;
        int outstanding;
        boolean sealed;

        Broadcast(Call call) {
            this.call = call;
        }

        void sent() {
            outstanding++;
        }

        void finished() {
            outstanding--;
            completeIfDone();
        }

        void seal() {
            sealed = true;
            completeIfDone();
        }

        void completeIfDone() {
            if (sealed && outstanding == 0) {
                call.complete(new Response.Nil());
            }
        }
    }

    /** {@code AdvertiseBlockToAll}: also waits for the late deliveries to busy peers. */
    private static final class BroadcastAll extends Broadcast {
        final Set<PeerAddress> later = new HashSet<>();

        BroadcastAll(Call call) {
            super(call);
        }

        @Override
        void completeIfDone() {
            if (later.isEmpty()) {
                super.completeIfDone();
            }
        }
    }

    private void enqueue(Object item) {
        inbox.add(item);
        schedule();
        if (dead) {
            drainDead(); // the loop is gone: whatever arrives is handled here (see die)
        }
    }

    private void submitTask(Runnable task) {
        enqueue(task);
    }

    private void schedule() {
        // Read before the CAS: while the loop runs, callers only read the flag (the loop re-checks
        // the inbox after clearing it, so nothing is left behind).
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RuntimeException e) {
                // Having won the flag, this thread owns the loop's state: no drain runs or will run.
                log.error("peer set: its loop executor refused work; closing the set", e);
                die();
            }
        }
    }

    /**
     * The loop's executor refused work (shut down, or broken): the set closes here, on the thread
     * that found out. The scheduled flag stays set, so no drain ever starts again; from now on every
     * item is handled by the thread that queues it, one at a time under {@code deadLock} (the only
     * lock in the set, used on this path only), so waiting requests fail, peers close and
     * {@link #closedFuture()} completes, and nothing queued is left pending.
     */
    private void die() {
        closed = true;
        dead = true;
        timers.forEach(Cancellable::cancel);
        drainDead();
    }

    private void drainDead() {
        synchronized (deadLock) {
            Thread previous = loopThread;
            loopThread = Thread.currentThread();
            try {
                shutdown();
                Object item;
                while ((item = local.poll()) != null || (item = inbox.poll()) != null) {
                    handleSafely(item);
                }
            } finally {
                loopThread = previous;
            }
        }
    }

    private void handleSafely(Object item) {
        try {
            handle(item);
        } catch (RuntimeException e) {
            log.error("peer set: failed to handle {}", item.getClass().getSimpleName(), e);
        }
    }

    /** Completions of peers' requests: straight to the loop-local queue when already on the loop. */
    private void fromPeer(Object item) {
        if (Thread.currentThread() == loopThread) {
            local.add(item);
        } else {
            enqueue(item);
        }
    }

    // =====================================================================================
    // The loop
    // =====================================================================================

    private void drain() {
        loopThread = Thread.currentThread();
        demandThisDrain = false;
        try {
            refreshMinimumVersion();
            int spins = 0;
            for (int i = 0; i < CoreConstants.PEER_SET_MAX_BATCH; i++) {
                Object item = local.poll();
                if (item == null) {
                    item = inbox.poll();
                    if (item == null) {
                        if (spins >= loopSpins) {
                            break;
                        }
                        // stay awake a little: the next request often comes right after an answer
                        released = releasedOnLoop;
                        for (; spins < loopSpins && inbox.isEmpty(); spins++) {
                            Thread.onSpinWait();
                        }
                        i--;
                        continue;
                    }
                }
                handleSafely(item);
            }
            // what was completed on the loop belongs to this step
            Object item;
            while ((item = local.poll()) != null) {
                handleSafely(item);
            }
            released = releasedOnLoop;
            publishStatus();
        } finally {
            loopThread = null;
            scheduled.set(false);
            if (!inbox.isEmpty()) {
                schedule();
            }
        }
    }

    private void handle(Object item) {
        if (item instanceof Dispatch d) {
            onPeerDone(d);
        } else if (item instanceof Call c) {
            onCall(c);
        } else if (item instanceof PeerReady r) {
            onPeerReady(r.entry());
        } else if (item instanceof AddPeer a) {
            queuedAdds.decrementAndGet();
            onAddPeer(a.client());
        } else if (item instanceof PeerClosed c) {
            if (!c.entry().removed) {
                remove(c.entry(), PeerFailures.removalReason(c.error()), Optional.of(c.error()));
            }
        } else if (item instanceof Inventory inv) {
            queuedInventory.decrementAndGet();
            for (Object key : inv.items()) {
                registry.register(key, inv.peer(), inv.status());
            }
        } else if (item instanceof Runnable task) {
            if (!shutDown) {
                task.run();
            }
        } else if (item == Shutdown.INSTANCE) {
            shutdown();
        }
    }

    // ---- requests ----

    /**
     * Routes, and never loses the request: a failure while routing (a selector or clock that
     * throws) fails the request with that error instead of leaving its future pending.
     */
    private void safeRoute(Call c) {
        try {
            route(c);
        } catch (RuntimeException e) {
            log.error("peer set: routing a {} failed", c.request.getClass().getSimpleName(), e);
            finishCall(c);
            c.completeExceptionally(e);
        }
    }

    private void onCall(Call c) {
        if (shutDown) {
            finishCall(c);
            c.completeExceptionally(new PeerException.ServiceShutdown());
            return;
        }
        if (!waiting.isEmpty()) {
            park(c); // first come, first served
            serveWaiting();
            return;
        }
        safeRoute(c);
    }

    /** Sends the request to a peer (or several), or parks it when none is ready. */
    private void route(Call c) {
        if (c.isDone()) {
            finishCall(c); // cancelled by its caller while it waited: it takes no peer
            return;
        }
        if (readyCount == 0) {
            park(c);
            return;
        }
        Request r = c.request;
        if (r instanceof Request.AdvertiseTransactionIds || r instanceof Request.AdvertiseBlock
                || r instanceof Request.PushTransaction) {
            broadcastToSome(c);
        } else if (r instanceof Request.AdvertiseBlockToAll) {
            broadcastToAll(c);
        } else if (singleItem(r) != null) {
            routeByInventory(c, singleItem(r));
        } else {
            long now = clock.nanoTime();
            PeerEntry e = pick(ready, readyCount, now, readyCandidates);
            if (e == null) {
                park(c);
                return;
            }
            boolean stallTracked = (r instanceof Request.FindBlocks || r instanceof Request.FindHeaders)
                    && isSyncing();
            finishCall(c);
            dispatch(e, r, c, stallTracked, Routing.LOAD_BALANCED, now);
        }
    }

    /** @return the single block hash or transaction id of a one-item request, else null */
    private static Object singleItem(Request r) {
        if (r instanceof Request.BlocksByHash b && b.hashes().size() == 1) {
            return b.hashes().iterator().next();
        }
        if (r instanceof Request.TransactionsById t && t.ids().size() == 1) {
            return t.ids().iterator().next();
        }
        return null;
    }

    /** Section 5.3: advertised, else not missing, else fail without contacting anyone. */
    private void routeByInventory(Call c, Object item) {
        long now = clock.nanoTime();
        if (!registry.knows(item)) {
            PeerEntry e = pick(ready, readyCount, now, readyCandidates);
            if (e == null) {
                park(c);
                return;
            }
            finishCall(c);
            dispatch(e, c.request, c, false, Routing.LOAD_BALANCED, now);
            return;
        }
        if (!dropBannedReady()) {
            park(c);
            return;
        }
        PeerEntry[] subset = new PeerEntry[readyCount];
        int n = 0;
        for (int i = 0; i < readyCount; i++) {
            if (registry.status(item, ready[i].address) == InventoryRegistry.Status.AVAILABLE) {
                subset[n++] = ready[i];
            }
        }
        Routing routing = Routing.ADVERTISED;
        if (n == 0) {
            routing = Routing.NOT_MISSING;
            for (int i = 0; i < readyCount; i++) {
                if (registry.status(item, ready[i].address) != InventoryRegistry.Status.MISSING) {
                    subset[n++] = ready[i];
                }
            }
        }
        finishCall(c);
        if (n == 0) {
            emit(new PeerSetEvent.NotFoundInRegistry(c.request));
            c.completeExceptionally(new PeerException.NotFoundRegistry(List.of(toInventory(item))));
            return;
        }
        dispatch(select(subset, n, now, subsetCandidates), c.request, c, false, routing, now);
    }

    /**
     * Selects among the ready peers; a chosen peer whose IP was banned since it became ready is
     * removed and the choice made again, so no request ever goes to a banned peer.
     *
     * @return the peer, or null when no ready peer is left
     */
    private PeerEntry pick(PeerEntry[] from, int n, long now, Candidates view) {
        while (n > 0) {
            PeerEntry e = select(from, n, now, view);
            if (usable(e)) {
                return e;
            }
            n = readyCount;
        }
        return null;
    }

    /**
     * Checks a ready peer just before it is used (reference 5.1 step 7): a peer whose connection
     * failed since it became ready (its close event still queued) is removed, one whose client is
     * not ready goes back to waiting for it, one whose IP was banned is removed.
     *
     * @return whether the peer may take a request now
     */
    private boolean usable(PeerEntry e) {
        if (e.client.closeFuture().isDone()) {
            remove(e, removalReason(e), e.client.error());
            return false;
        }
        if (!e.client.isReady()) {
            removeReady(e);
            waitForReady(e);
            return false;
        }
        if (isBanned(e.address)) {
            remove(e, RemovalReason.BANNED, Optional.empty());
            return false;
        }
        return true;
    }

    /**
     * Checks every ready peer with {@link #usable} (for the routes that use several ready peers at
     * once).
     *
     * @return whether any ready peer is left
     */
    private boolean dropBannedReady() {
        for (int i = readyCount - 1; i >= 0; i--) {
            if (i < readyCount) {
                usable(ready[i]);
            }
        }
        return readyCount > 0;
    }

    private static InventoryItem toInventory(Object item) {
        return item instanceof Hash32 h ? new InventoryItem.Block(h) : ((TransactionId) item).toInventory();
    }

    private PeerEntry select(PeerEntry[] from, int n, long now, Candidates view) {
        view.reset(from, n, now);
        int i = selector.select(view, random);
        if (i < 0 || i >= n) {
            log.error("peer set: selector {} returned {} for {} candidates; using the first", selector, i, n);
            i = 0;
        }
        return from[i];
    }

    /** Section 5.4: ceil(ready / 3) random ready peers (every ready peer on Regtest), ignoring load. */
    private void broadcastToSome(Call c) {
        if (!dropBannedReady()) {
            park(c);
            return;
        }
        int readyNow = readyCount;
        int count = network.magic() == Network.REGTEST_MAGIC ? readyCount : (readyCount + 2) / 3;
        PeerEntry[] chosen = Arrays.copyOf(ready, readyCount);
        for (int i = 0; i < count; i++) { // partial Fisher-Yates: a uniform random subset
            int j = i + random.nextInt(readyCount - i);
            PeerEntry t = chosen[i];
            chosen[i] = chosen[j];
            chosen[j] = t;
        }
        finishCall(c);
        Broadcast b = new Broadcast(c);
        long now = clock.nanoTime();
        List<PeerAddress> to = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            to.add(chosen[i].address);
            b.sent();
            dispatch(chosen[i], c.request, b, false, null, now);
        }
        emit(new PeerSetEvent.Broadcast(c.request, readyNow, to, 0));
        b.seal();
    }

    /** Section 5.4 {@code AdvertiseBlockToAll}: every ready peer now, the others when they become ready. */
    private void broadcastToAll(Call c) {
        if (!dropBannedReady()) {
            park(c);
            return;
        }
        if (broadcastAll != null) {
            BroadcastAll old = broadcastAll; // superseded: its late deliveries are abandoned
            broadcastAll = null;
            old.later.clear();
            old.completeIfDone();
        }
        finishCall(c);
        BroadcastAll b = new BroadcastAll(c);
        for (PeerEntry e : peers.values()) {
            if (e.readyIndex < 0) {
                b.later.add(e.address);
            }
        }
        PeerEntry[] now = Arrays.copyOf(ready, readyCount);
        long t = clock.nanoTime();
        List<PeerAddress> to = new ArrayList<>(now.length);
        for (PeerEntry e : now) {
            to.add(e.address);
            b.sent();
            dispatch(e, c.request, b, false, null, t);
        }
        emit(new PeerSetEvent.Broadcast(c.request, now.length, to, b.later.size()));
        if (!b.later.isEmpty()) {
            broadcastAll = b;
        }
        b.seal();
    }

    /** Delivers the queued {@code AdvertiseBlockToAll} to a peer that just became ready. */
    private boolean deliverLateBroadcast(PeerEntry e) {
        BroadcastAll b = broadcastAll;
        if (b == null || !b.later.remove(e.address)) {
            return false;
        }
        // reference 5.4: the answer waits for late deliveries to be dispatched, not to finish
        dispatch(e, b.call.request, null, false, null, clock.nanoTime());
        if (b.later.isEmpty()) {
            broadcastAll = null;
            b.completeIfDone();
        }
        return true;
    }

    /** The request leaves the queue's bound (it is sent, or about to complete). */
    private void finishCall(Call c) {
        if (!c.released) {
            c.released = true;
            releasedOnLoop++;
        }
    }

    private void park(Call c) {
        if (c.parked) {
            waiting.addFirst(c); // it came from the head of the queue: keep its place and deadline
        } else {
            c.parked = true;
            c.deadline = clock.nanoTime() + config.readyTimeout().toNanos();
            waiting.add(c);
        }
        if (!demandThisDrain) {
            demandThisDrain = true;
            boolean accepted = demand.signal();
            emit(new PeerSetEvent.DemandSignalled(waiting.size(), !accepted));
        }
        armWaitTimer();
    }

    private void serveWaiting() {
        while (readyCount > 0 && !waiting.isEmpty()) {
            safeRoute(waiting.poll());
        }
        armWaitTimer();
    }

    private void armWaitTimer() {
        Call head = waiting.peek();
        if (head == null || shutDown) {
            return;
        }
        if (waitTimer != null && waitTimerAt <= head.deadline) {
            return;
        }
        if (waitTimer != null) {
            waitTimer.cancel();
        }
        waitTimerAt = head.deadline;
        long delay = Math.max(0, head.deadline - clock.nanoTime());
        waitTimer = clock.schedule(Duration.ofNanos(delay), () -> submitTask(() -> {
            waitTimer = null;
            expireWaiting();
        }));
    }

    private void expireWaiting() {
        long now = clock.nanoTime();
        while (!waiting.isEmpty() && waiting.peek().deadline <= now) {
            Call c = waiting.poll();
            finishCall(c);
            PeerException error = new PeerException.NoReadyPeers(noReadyDetail());
            emit(new PeerSetEvent.RequestExpired(c.request, error));
            c.completeExceptionally(error);
        }
        armWaitTimer();
    }

    private String noReadyDetail() {
        int checking = peers.size() - readyCount - busyCount;
        return "waited " + config.readyTimeout().toMillis() + " ms; " + peers.size() + " peers connected ("
                + busyCount + " busy with a request, " + checking + " being checked, " + readyCount + " ready); "
                + (peers.isEmpty() ? "no peer connected: check the network connection and the initial peers"
                : "all peers are busy: the request queue is longer than the peers can serve");
    }

    // ---- sending to a peer ----

    private void dispatch(PeerEntry e, Request request, Object owner, boolean stallTracked, Routing routing,
                          long now) {
        removeReady(e);
        e.busy = true;
        busyCount++;
        e.ewma.start();
        if (routing != null && listeners.length > 0) {
            emit(new PeerSetEvent.Routed(request, e.address, routing));
        }
        CompletableFuture<Response> f;
        try {
            f = e.client.call(request);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        f.whenComplete(new Dispatch(e, owner, request, now, stallTracked));
    }

    private void onPeerDone(Dispatch d) {
        PeerEntry e = d.entry;
        long now = clock.nanoTime();
        e.ewma.complete(now, d.doneAt - d.sentAt);
        if (e.busy) {
            e.busy = false;
            busyCount--;
        }
        Throwable error = d.error;
        if (listeners.length > 0 && d.owner instanceof Call) { // one event per routed request (not broadcasts)
            emit(new PeerSetEvent.Answered(d.request, e.address, Duration.ofNanos(d.doneAt - d.sentAt), error == null));
        }
        recordMissing(d.request, d.response, error, e.address);
        if (d.stallTracked && !e.removed) {
            trackStall(e, d.response, error);
        }
        if (d.owner instanceof Broadcast b) {
            b.finished(); // a Call was completed by the Dispatch itself
        }
        if (!e.removed) {
            if (e.client.closeFuture().isDone()) {
                remove(e, removalReason(e), e.client.error());
            } else if (e.client.isReady()) {
                becomeReady(e);
            } else {
                waitForReady(e);
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Section 5.3: only protocol answers mark items missing ({@code notfound}, or items missing from
     * a block or transaction answer); timeouts and transport failures never do.
     */
    private void recordMissing(Request request, Response response, Throwable error, PeerAddress peer) {
        if (response instanceof Response.Blocks b) {
            for (Hash32 h : b.missing()) {
                registry.register(h, peer, InventoryRegistry.Status.MISSING);
            }
        } else if (response instanceof Response.Transactions t) {
            for (TransactionId id : t.missing()) {
                registry.register(id, peer, InventoryRegistry.Status.MISSING);
            }
        } else if (error instanceof PeerException.NotFoundResponse) {
            if (request instanceof Request.BlocksByHash b) {
                b.hashes().forEach(h -> registry.register(h, peer, InventoryRegistry.Status.MISSING));
            } else if (request instanceof Request.TransactionsById t) {
                t.ids().forEach(id -> registry.register(id, peer, InventoryRegistry.Status.MISSING));
            }
        }
    }

    /** Section 5.9: an empty answer or an error is a stall; three in a row remove the peer. */
    private void trackStall(PeerEntry e, Response response, Throwable error) {
        boolean stalled = error != null
                || (response instanceof Response.BlockHashes h && h.hashes().isEmpty())
                || (response instanceof Response.BlockHeaders hs && hs.headers().isEmpty());
        if (!stalled) {
            e.stalls = 0;
            return;
        }
        if (++e.stalls >= PeerSetConstants.FIND_RESPONSE_STALL_THRESHOLD) {
            log.info("peer set: removing {}: {} block or header searches in a row answered with nothing",
                    e.address.redacted(), e.stalls);
            remove(e, RemovalReason.STALLED, Optional.empty());
        }
    }

    private boolean isSyncing() {
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
        } else if (peers.containsKey(address)) {
            reject = RejectReason.DUPLICATE_ADDRESS;
        } else if (perIp.getOrDefault(address.ip(), 0) >= config.maxConnectionsPerIp()) {
            reject = RejectReason.PER_IP_LIMIT;
        } else if (peers.size() >= config.totalConnectionLimit()) {
            // Appendix A.9: the reference panics here; a bug elsewhere must not take the node down.
            log.error("peer set: already holding {} peers, the total connection limit; refusing {} "
                    + "(the connection limits upstream should have prevented this)", peers.size(),
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
        PeerEntry e = new PeerEntry(client, info, new PeakEwma(clock.nanoTime()));
        peers.put(address, e);
        perIp.merge(address.ip(), 1, Integer::sum);
        emit(new PeerSetEvent.PeerAdded(address, info.inbound(), info.remoteVersion().version()));
        client.closeFuture().whenComplete((error, t) -> fromPeer(new PeerClosed(e,
                error != null ? error : new PeerException.ConnectionDropped())));
        waitForReady(e);
    }

    private void waitForReady(PeerEntry e) {
        e.client.ready().whenComplete((v, t) -> {
            if (t == null) {
                fromPeer(new PeerReady(e));
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
    private void becomeReady(PeerEntry e) {
        if (e.version < minimumVersion) {
            remove(e, RemovalReason.OUTDATED, Optional.empty());
            return;
        }
        if (isBanned(e.address)) {
            remove(e, RemovalReason.BANNED, Optional.empty());
            return;
        }
        addReady(e);
        if (broadcastAll != null && deliverLateBroadcast(e)) {
            return;
        }
        if (!waiting.isEmpty()) {
            serveWaiting();
        }
    }

    private boolean isBanned(PeerAddress address) {
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

    private void addReady(PeerEntry e) {
        if (readyCount == ready.length) {
            ready = Arrays.copyOf(ready, ready.length * 2);
        }
        e.readyIndex = readyCount;
        ready[readyCount++] = e;
    }

    private void removeReady(PeerEntry e) {
        int i = e.readyIndex;
        if (i < 0) {
            return;
        }
        PeerEntry last = ready[--readyCount];
        ready[i] = last;
        last.readyIndex = i;
        ready[readyCount] = null;
        e.readyIndex = -1;
    }

    /** Why a peer whose connection ended leaves: a protocol error, or any other failure. */
    private static RemovalReason removalReason(PeerEntry e) {
        return e.client.error().map(PeerFailures::removalReason).orElse(RemovalReason.FAILED);
    }

    private void remove(PeerEntry e, RemovalReason reason, Optional<PeerException> error) {
        if (e.removed) {
            return;
        }
        e.removed = true;
        removeReady(e);
        if (e.busy) {
            e.busy = false;
            busyCount--;
        }
        peers.remove(e.address);
        perIp.computeIfPresent(e.address.ip(), (ip, n) -> n <= 1 ? null : n - 1);
        if (broadcastAll != null && broadcastAll.later.remove(e.address)) {
            BroadcastAll b = broadcastAll;
            if (b.later.isEmpty()) {
                broadcastAll = null;
            }
            b.completeIfDone();
        }
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
            long atTip = chainTip.activeUpgrade().map(network::minimumPeerVersion).orElse(0L);
            return Math.max(network.initialMinimumPeerVersion(), atTip);
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
            for (PeerEntry e : List.copyOf(peers.values())) {
                if (e.version < now && !e.busy) {
                    remove(e, RemovalReason.OUTDATED, Optional.empty());
                }
            }
        }
    }

    /** Every {@link CoreConstants#PEER_SET_MAINTENANCE_INTERVAL}: bans of idle peers, waiting requests, the status log. */
    private void maintain() {
        refreshMinimumVersion();
        if (book.isPresent()) {
            for (PeerEntry e : List.copyOf(peers.values())) {
                if (!e.busy && isBanned(e.address)) {
                    remove(e, RemovalReason.BANNED, Optional.empty());
                }
            }
        }
        expireWaiting();
        if (!waiting.isEmpty() && readyCount == 0) {
            boolean accepted = demand.signal(); // still waiting: keep asking (bounded by the demand queue)
            emit(new PeerSetEvent.DemandSignalled(waiting.size(), !accepted));
        }
        logStatus();
    }

    /** Section 5.11: at most once per minute, the first minute suppressed. */
    private void logStatus() {
        long now = clock.nanoTime();
        if (now - lastStatusLog < PeerSetConstants.MIN_PEER_SET_LOG_INTERVAL.toNanos() || readyCount > 0
                || waiting.isEmpty()) {
            return; // as upstream, the log speaks of a network request that found no ready peer
        }
        lastStatusLog = now;
        if (peers.isEmpty()) {
            log.warn("network request with no peer connections. Hint: check your network connection");
        } else {
            log.info("network request with no ready peers: finding more peers, waiting for {} peers to answer requests",
                    peers.size());
        }
    }

    private void publishStatus() {
        int checking = peers.size() - readyCount - busyCount;
        status = new PeerSetStatus(readyCount, busyCount, checking, waiting.size(), minimumVersion,
                demand.signalled(), demand.dropped());
    }

    private void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            if (waitTimer != null) {
                waitTimer.cancel();
                waitTimer = null;
            }
            Call c;
            while ((c = waiting.poll()) != null) {
                finishCall(c);
                c.completeExceptionally(new PeerException.ServiceShutdown());
            }
            for (PeerEntry e : List.copyOf(peers.values())) {
                try {
                    remove(e, RemovalReason.CLOSED, Optional.empty());
                } catch (RuntimeException ex) {
                    log.warn("peer set: closing {} failed", e.address.redacted(), ex);
                }
            }
            if (broadcastAll != null) {
                BroadcastAll b = broadcastAll;
                broadcastAll = null;
                b.later.clear();
                b.completeIfDone();
            }
            flushMisbehavior();
            released = releasedOnLoop;
            publishStatus();
        } finally {
            closedFuture.complete(null);
        }
    }

    // ---- misbehaviour and inventory (any thread) ----

    /** Section 4.13: the batched reports go to the address book, which bans at the limit. */
    private void flushMisbehavior() {
        for (PeerAddress address : misbehavior.keySet()) {
            Misbehavior reported = misbehavior.remove(address); // atomic: a concurrent report starts a new entry
            if (reported != null && book.isPresent()) {
                try {
                    book.get().submit(new AddressChange.UpdateMisbehavior(address,
                            (int) Math.min(reported.score(), Integer.MAX_VALUE), reported.reason()));
                } catch (RuntimeException e) {
                    log.warn("peer set: the address book refused a misbehaviour report", e);
                }
            }
        }
    }

    /** Section 5.3 "how the registry is fed", on the connection's thread. */
    private void reportInventory(PeerAddress peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
        List<Object> available = new ArrayList<>();
        if (advertised.size() == 1 && advertised.get(0) instanceof InventoryItem.Block b) {
            available.add(b.hash());
        } else {
            for (InventoryItem item : advertised) {
                TransactionId.fromInventory(item).ifPresent(available::add);
                if (available.size() == PeerSetConstants.MAX_INV_PER_MAP) {
                    break;
                }
            }
        }
        List<Object> gone = new ArrayList<>();
        for (InventoryItem item : missing) {
            if (item instanceof InventoryItem.Block b) {
                gone.add(b.hash());
            } else {
                TransactionId.fromInventory(item).ifPresent(gone::add);
            }
            if (gone.size() == PeerSetConstants.MAX_INV_PER_MAP) {
                break;
            }
        }
        if (!available.isEmpty()) {
            queueInventory(new Inventory(peer, available, InventoryRegistry.Status.AVAILABLE));
        }
        if (!gone.isEmpty()) {
            queueInventory(new Inventory(peer, gone, InventoryRegistry.Status.MISSING));
        }
    }

    private void queueInventory(Inventory inv) {
        if (closed) {
            return;
        }
        if (queuedInventory.incrementAndGet() > CoreConstants.INVENTORY_QUEUE_CAPACITY) {
            queuedInventory.decrementAndGet();
            long n = inventoryDropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.info("peer set: dropped {} inventory report(s) so far (the loop is behind; they only steer routing)", n);
            }
            return;
        }
        enqueue(inv);
    }

    // ---- events ----

    private void emit(PeerSetEvent event) {
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

    /** The selector's view of some ready peers; reused, so selecting allocates nothing. */
    private static final class Candidates implements PeerSelector.Candidates {
        private PeerEntry[] peers;
        private int size;
        private long now;

        void reset(PeerEntry[] peers, int size, long now) {
            this.peers = peers;
            this.size = size;
            this.now = now;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public PeerAddress address(int i) {
            return peers[i].address;
        }

        @Override
        public double load(int i) {
            return peers[i].ewma.load(now);
        }
    }

    /** One peer, as the loop sees it. */
    private static final class PeerEntry {
        final PeerClient client;
        final PeerAddress address;
        final long version;
        final PeakEwma ewma;
        int readyIndex = -1;
        boolean busy;
        boolean removed;
        int stalls;

        PeerEntry(PeerClient client, ConnectionInfo info, PeakEwma ewma) {
            this.client = client;
            this.address = info.remoteAddress();
            this.version = info.remoteVersion().version();
            this.ewma = ewma;
        }
    }
}
