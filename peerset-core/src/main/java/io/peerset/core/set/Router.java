package io.peerset.core.set;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetEvent.Routing;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.api.internal.SerialLoop;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to ready peers and takes their answers back (reference 5.1, 5.3): a single-item
 * request by inventory (a peer that advertised it, else one not known to miss it, else fail without
 * contacting anyone), anything else by the selector (power of two choices over peak-EWMA load);
 * advertisements through {@link Broadcasts}; a request that finds no ready peer through the
 * {@link WaitingQueue}. A chosen peer is checked again first (reference 5.1 step 7: its connection
 * may have failed, or its IP been banned, since it became ready), so no request goes to a dead or
 * banned peer.
 *
 * <p>Runs on the peer-set loop only (the {@link Dispatch} callbacks excepted: any thread). The hot
 * path (route a call, take its answer) allocates one {@link Dispatch} per send and nothing else:
 * the selector sees the ready array through a reused {@link Candidates} view.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    final Scheduler clock;
    final SerialLoop<LoopMessage> loop;
    private final DefaultPeerSet set;
    private final PeerIndex index;
    private final WaitingQueue waiting;
    private final InventoryRegistry registry;
    private final PeerSelector selector;
    private final RandomGenerator random;
    private final Broadcasts broadcasts;
    private final Candidates readyCandidates = new Candidates();
    private final Candidates subsetCandidates = new Candidates();

    Router(DefaultPeerSet set, SerialLoop<LoopMessage> loop, Scheduler clock, PeerIndex index, WaitingQueue waiting,
           InventoryRegistry registry, PeerSelector selector, RandomGenerator random, Network network) {
        this.set = set;
        this.loop = loop;
        this.clock = clock;
        this.index = index;
        this.waiting = waiting;
        this.registry = registry;
        this.selector = selector;
        this.random = random;
        this.broadcasts = new Broadcasts(set, this, index, waiting, random, network);
    }

    Broadcasts broadcasts() {
        return broadcasts;
    }

    /** A new request from the inbox. */
    void onCall(Call<?> c) {
        assert loop.inLoop();
        if (set.isShutDown()) {
            waiting.release(c);
            c.completeExceptionally(new PeerException.ServiceShutdown());
            return;
        }
        if (!waiting.isEmpty()) {
            waiting.park(c); // first come, first served
            waiting.serve();
            return;
        }
        safeRoute(c);
    }

    /**
     * Routes, and never loses the request: a failure while routing (a selector or clock that
     * throws) fails the request with that error instead of leaving its future pending.
     */
    void safeRoute(Call<?> c) {
        try {
            route(c);
        } catch (RuntimeException e) {
            log.error("peer set: routing a {} failed", c.request.getClass().getSimpleName(), e);
            waiting.release(c);
            c.completeExceptionally(e);
        }
    }

    /** Sends the request to a peer (or several), or parks it when none is ready. */
    private void route(Call<?> c) {
        if (c.isDone()) {
            waiting.release(c); // cancelled by its caller while it waited: it takes no peer
            return;
        }
        if (index.readyCount() == 0) {
            waiting.park(c);
            return;
        }
        Request<?> r = c.request;
        if (r instanceof Request.AdvertiseTransactionIds || r instanceof Request.AdvertiseBlock
                || r instanceof Request.PushTransaction) {
            broadcasts.toSome(c);
        } else if (r instanceof Request.AdvertiseBlockToAll) {
            broadcasts.toAll(c);
        } else if (singleItem(r) != null) {
            routeByInventory(c, singleItem(r));
        } else {
            long now = clock.nanoTime();
            PeerEntry e = pick(now);
            if (e == null) {
                waiting.park(c);
                return;
            }
            boolean stallTracked = (r instanceof Request.FindBlocks || r instanceof Request.FindHeaders)
                    && set.isSyncing();
            waiting.release(c);
            dispatch(e, r, c, stallTracked, Routing.LOAD_BALANCED, now);
        }
    }

    /** @return the single block hash or transaction id of a one-item request, else null */
    private static Object singleItem(Request<?> r) {
        if (r instanceof Request.BlocksByHash b && b.hashes().size() == 1) {
            return b.hashes().iterator().next();
        }
        if (r instanceof Request.TransactionsById t && t.ids().size() == 1) {
            return t.ids().iterator().next();
        }
        return null;
    }

    /** Section 5.3: advertised, else not missing, else fail without contacting anyone. */
    private void routeByInventory(Call<?> c, Object item) {
        long now = clock.nanoTime();
        if (!registry.knows(item)) {
            PeerEntry e = pick(now);
            if (e == null) {
                waiting.park(c);
                return;
            }
            waiting.release(c);
            dispatch(e, c.request, c, false, Routing.LOAD_BALANCED, now);
            return;
        }
        if (!dropUnusableReady()) {
            waiting.park(c);
            return;
        }
        int readyCount = index.readyCount();
        PeerEntry[] subset = new PeerEntry[readyCount];
        int n = 0;
        for (int i = 0; i < readyCount; i++) {
            if (registry.status(item, index.ready(i).address) == InventoryRegistry.Status.AVAILABLE) {
                subset[n++] = index.ready(i);
            }
        }
        Routing routing = Routing.ADVERTISED;
        if (n == 0) {
            routing = Routing.NOT_MISSING;
            for (int i = 0; i < readyCount; i++) {
                if (registry.status(item, index.ready(i).address) != InventoryRegistry.Status.MISSING) {
                    subset[n++] = index.ready(i);
                }
            }
        }
        waiting.release(c);
        if (n == 0) {
            set.emit(new PeerSetEvent.NotFoundInRegistry(c.request));
            c.completeExceptionally(new PeerException.NotFoundRegistry(List.of(toInventory(item))));
            return;
        }
        dispatch(select(subset, n, now, subsetCandidates), c.request, c, false, routing, now);
    }

    /**
     * Selects among the ready peers; a chosen peer that is no longer usable is dealt with and the
     * choice made again, so no request ever goes to a dead or banned peer.
     *
     * @return the peer, or null when no ready peer is left
     */
    private PeerEntry pick(long now) {
        int n = index.readyCount();
        while (n > 0) {
            PeerEntry e = select(index.readyArray(), n, now, readyCandidates);
            if (usable(e)) {
                return e;
            }
            n = index.readyCount();
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
            set.remove(e, DefaultPeerSet.removalReason(e), e.client.error());
            return false;
        }
        if (!e.client.isReady()) {
            index.removeReady(e);
            set.waitForReady(e);
            return false;
        }
        if (set.isBanned(e.address)) {
            set.remove(e, RemovalReason.BANNED, Optional.empty());
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
    boolean dropUnusableReady() {
        for (int i = index.readyCount() - 1; i >= 0; i--) {
            if (i < index.readyCount()) {
                usable(index.ready(i));
            }
        }
        return index.readyCount() > 0;
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

    // ---- sending to a peer, and its answer ----

    /**
     * Sends one request to one ready peer, which becomes busy (one request per peer, Appendix A.7).
     *
     * @param owner   the {@link Call} (completed by the answer), a broadcast, or null
     * @param routing the decision to report as {@code Routed}; null for broadcasts
     */
    void dispatch(PeerEntry e, Request<?> request, Object owner, boolean stallTracked, Routing routing, long now) {
        assert loop.inLoop();
        index.markBusy(e);
        e.ewma.start();
        if (routing != null && set.hasListeners()) {
            set.emit(new PeerSetEvent.Routed(request, e.address, routing));
        }
        CompletableFuture<? extends Response> f;
        try {
            f = e.client.call(request);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        f.whenComplete(new Dispatch(this, e, owner, request, now, stallTracked));
    }

    /** A peer's answer (or failure), on the loop: its load, the registry, stalls, its next state. */
    void onPeerDone(Dispatch d) {
        assert loop.inLoop();
        PeerEntry e = d.entry;
        long now = clock.nanoTime();
        e.ewma.complete(now, d.doneAt - d.sentAt);
        index.markIdle(e);
        Throwable error = d.error;
        if (set.hasListeners() && d.owner instanceof Call) { // one event per routed request (not broadcasts)
            set.emit(new PeerSetEvent.Answered(d.request, e.address, Duration.ofNanos(d.doneAt - d.sentAt),
                    error == null));
        }
        recordMissing(d.request, d.response, error, e.address);
        if (d.stallTracked && !e.removed) {
            trackStall(e, d.response, error);
        }
        if (d.owner instanceof Broadcasts.Broadcast b) {
            b.finished(); // a Call was completed by the Dispatch itself
        }
        if (!e.removed) {
            if (e.client.closeFuture().isDone()) {
                set.remove(e, DefaultPeerSet.removalReason(e), e.client.error());
            } else if (e.client.isReady()) {
                set.becomeReady(e);
            } else {
                set.waitForReady(e);
            }
        }
    }

    /**
     * Section 5.3: only protocol answers mark items missing ({@code notfound}, or items missing from
     * a block or transaction answer); timeouts and transport failures never do.
     */
    private void recordMissing(Request<?> request, Response response, Throwable error, PeerAddress peer) {
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
            set.remove(e, RemovalReason.STALLED, Optional.empty());
        }
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
}
