package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.Netgroups;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Reply;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.Listeners;
import io.peerset.core.common.PeerDemand;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler and dialer (reference section 5.7), with outbound diversity beyond it: a candidate is
 * taken only if its netgroup has room ({@link OutboundGroups}; the reference takes the first ready
 * one). Each demand signal (from the peer set when no peer
 * is ready, from a failed dial, from a crawl that found peers, from the timer) reserves an outbound
 * slot — or is dropped when the outbound limit is reached — and asks the address book for a
 * candidate: one is dialled, no more than one per
 * {@link PeerSetConstants#MIN_OUTBOUND_PEER_CONNECTION_INTERVAL}; none starts a crawl. A successful
 * handshake goes to the peer set (its slot is released when the client closes); a failed one is
 * recorded in the book ({@code UpdateFailed}) and the demand is restored so another candidate is
 * tried. A crawl asks the peer set for {@code Peers} ({@link PeerSetConstants#GET_ADDR_FANOUT}
 * requests), at most one at a time and not within {@link PeerSetConstants#MIN_PEER_GET_ADDR_INTERVAL}
 * of the previous one's end, within {@link PeerSetConstants#PEER_GET_ADDR_TIMEOUT}; the answer's
 * last-seen times are shifted so none is in the future (a batch that would fall before 1970 is
 * dropped, reference 4.11) and enter the book as {@code NewGossiped}; any answer signals demand once.
 * Every {@code crawlInterval} (first at once) the timer signals one demand per spare outbound slot
 * and crawls.
 *
 * <p>Deviation: the reference's timer signals min(spare slots, ready candidates); the address book
 * SPI has no count of ready candidates, so the timer signals the spare slots and a demand that finds
 * no candidate turns into a (rate-limited) crawl.
 *
 * <p>Threading: demand is drained on the scheduler (never on the signalling thread, which is the
 * peer set's loop); the crawler's own state is atomic, so its callbacks may run on any thread.
 */
public final class Crawler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Crawler.class);

    private final PeerDemand demand;
    private final AddressBook book;
    private final PeerSet peerSet;
    private final PeerConnector connector;
    private final ConnectionCounter outbound;
    private final OutboundGroups groups;
    private final int target;
    private final int fanoutBelowTarget;
    private final boolean retryAboveTarget;
    /** A crawl is scheduled for when the rate limit ends (below target only). */
    private final AtomicBoolean deferred = new AtomicBoolean();
    /** The book cannot filter candidates (a third-party book): dial unfiltered, said once. */
    private final AtomicBoolean unfiltered = new AtomicBoolean();
    private final Scheduler scheduler;
    private final Duration crawlInterval;
    private final long crawlRateLimitNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean crawling = new AtomicBoolean();
    /** Monotonic time the last crawl ended; MIN_VALUE before the first. */
    private final AtomicLong lastCrawlEnd = new AtomicLong(Long.MIN_VALUE);
    /** Monotonic time of the next free dial slot (100 ms pacing). */
    private final AtomicLong nextDialSlot = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong dialsOk = new AtomicLong();
    private final AtomicLong dialsFailed = new AtomicLong();
    private final AtomicLong crawls = new AtomicLong();
    private volatile Cancellable timer;
    private volatile Cancellable feelerTimer;
    /** Whether the timer fills every spare outbound slot (the reference) or tops up to the target only. */
    private volatile boolean fillSpare = true;
    /** Feelers are off (null) unless {@link #feelers} turned them on. */
    private volatile Duration feelerInterval;
    private final AtomicLong feelers = new AtomicLong();
    private final AtomicLong feelersOk = new AtomicLong();
    private volatile Consumer<NodeEvent> events = e -> { };

    /**
     * @param demand        the demand to serve
     * @param book          candidates, results and gossip
     * @param peerSet       receives the clients; crawls ask it for {@code Peers}
     * @param connector     dials and handshakes
     * @param outbound      the outbound limit's counter
     * @param scheduler     time, pacing and the timer
     * @param crawlInterval {@code crawl_new_peer_interval} (reference default 61 s)
     */
    public Crawler(PeerDemand demand, AddressBook book, PeerSet peerSet, PeerConnector connector,
                   ConnectionCounter outbound, Scheduler scheduler, Duration crawlInterval) {
        this(demand, book, peerSet, connector, outbound, scheduler, crawlInterval,
                PeerSetConstants.MIN_PEER_GET_ADDR_INTERVAL);
    }

    /**
     * @param demand         the demand to serve
     * @param book           candidates, results and gossip
     * @param peerSet        receives the clients; crawls ask it for {@code Peers}
     * @param connector      dials and handshakes
     * @param outbound       the outbound limit's counter
     * @param scheduler      time, pacing and the timer
     * @param crawlInterval  {@code crawl_new_peer_interval} (reference default 61 s)
     * @param crawlRateLimit least time from one crawl's end to the next's start (reference: 31 s)
     */
    public Crawler(PeerDemand demand, AddressBook book, PeerSet peerSet, PeerConnector connector,
                   ConnectionCounter outbound, Scheduler scheduler, Duration crawlInterval, Duration crawlRateLimit) {
        this(demand, book, peerSet, connector, outbound, new OutboundGroups(Netgroups.defaults(), 0), scheduler,
                crawlInterval, crawlRateLimit);
    }

    /**
     * @param demand         the demand to serve
     * @param book           candidates, results and gossip
     * @param peerSet        receives the clients; crawls ask it for {@code Peers}
     * @param connector      dials and handshakes
     * @param outbound       the outbound limit's counter
     * @param groups         outbound diversity: shared with the initial dials
     * @param scheduler      time, pacing and the timer
     * @param crawlInterval  {@code crawl_new_peer_interval} (reference default 61 s)
     * @param crawlRateLimit least time from one crawl's end to the next's start (reference: 31 s)
     */
    public Crawler(PeerDemand demand, AddressBook book, PeerSet peerSet, PeerConnector connector,
                   ConnectionCounter outbound, OutboundGroups groups, Scheduler scheduler, Duration crawlInterval,
                   Duration crawlRateLimit) {
        this(demand, book, peerSet, connector, outbound, groups, scheduler, crawlInterval, crawlRateLimit, 0, 0, true);
    }

    /**
     * @param demand            the demand to serve
     * @param book              candidates, results and gossip
     * @param peerSet           receives the clients; crawls ask it for {@code Peers}
     * @param connector         dials and handshakes
     * @param outbound          the outbound limit's counter
     * @param groups            outbound diversity: shared with the initial dials
     * @param scheduler         time, pacing and the timer
     * @param crawlInterval     {@code crawl_new_peer_interval} (reference default 61 s)
     * @param crawlRateLimit    least time from one crawl's end to the next's start (reference: 31 s)
     * @param target            the outbound target ({@code peerset_initial_target_size})
     * @param fanoutBelowTarget peers a crawl asks while fewer than {@code target} outbound peers are
     *                          held or dialled, and a crawl the rate limit skipped then runs when the
     *                          limit ends; 0 for the reference (3 peers, the next crawl at the
     *                          interval); range 0..64
     * @param retryAboveTarget  whether a failed dial signals demand again also when {@code target}
     *                          outbound peers are held or dialled (the reference: always)
     */
    public Crawler(PeerDemand demand, AddressBook book, PeerSet peerSet, PeerConnector connector,
                   ConnectionCounter outbound, OutboundGroups groups, Scheduler scheduler, Duration crawlInterval,
                   Duration crawlRateLimit, int target, int fanoutBelowTarget, boolean retryAboveTarget) {
        this.retryAboveTarget = retryAboveTarget;
        this.target = Checks.notNegative("target", target);
        this.fanoutBelowTarget = Checks.inRange("fanoutBelowTarget", fanoutBelowTarget, 0, 64);
        this.groups = requireNonNull(groups, "groups");
        this.crawlRateLimitNanos = crawlRateLimit.toNanos();
        this.demand = requireNonNull(demand, "demand");
        this.book = requireNonNull(book, "book");
        this.peerSet = requireNonNull(peerSet, "peerSet");
        this.connector = requireNonNull(connector, "connector");
        this.outbound = requireNonNull(outbound, "outbound");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.crawlInterval = requireNonNull(crawlInterval, "crawlInterval");
    }

    /**
     * @param sink receives an event for every failed dial or outbound handshake; set before
     *             {@link #start()}
     */
    public void onEvent(Consumer<NodeEvent> sink) {
        this.events = Listeners.isolated("crawler", requireNonNull(sink, "sink"));
    }

    /** Starts serving demand and the timer (its first tick at once). */
    public void start() {
        demand.onSignal(this::wake);
        timer = scheduler.schedule(Duration.ZERO, this::tick);
        if (feelerInterval != null) {
            feelerTimer = scheduler.schedule(feelerInterval, this::feelerTick);
        }
        wake();
    }

    private void wake() {
        if (!closed.get() && draining.compareAndSet(false, true)) {
            scheduler.schedule(Duration.ZERO, this::drainDemand);
        }
    }

    private void drainDemand() {
        try {
            while (!closed.get() && demand.tryTake()) {
                serve();
            }
        } finally {
            draining.set(false);
            if (demand.pending() > 0 && !closed.get()) {
                wake();
            }
        }
    }

    /** One demand signal. */
    private void serve() {
        if (!fillSpare && outbound.count() >= target && peerSet.status().waitingRequests() == 0) {
            // Stale demand: signals left from below the target (failed dials, crawls) would otherwise
            // be served one per 100 ms long after the target is reached, taking the node towards
            // 3 x target (59 of 75 in bootstrap-compare before this). Requests waiting for a ready
            // peer still add peers above the target.
            return;
        }
        Optional<ConnectionCounter.Token> slot = outbound.tryReserve();
        if (slot.isEmpty()) {
            return; // the outbound limit is reached: the signal is dropped, as upstream
        }
        ConnectionCounter.Token token = slot.get();
        candidate().whenComplete((candidate, error) -> {
            if (error != null || candidate.isEmpty()) {
                token.release();
                crawl();
                return;
            }
            long now = scheduler.nanoTime();
            long spacing = PeerSetConstants.MIN_OUTBOUND_PEER_CONNECTION_INTERVAL.toNanos();
            long at = nextDialSlot.accumulateAndGet(now, (prev, n) -> Math.max(n, prev == Long.MIN_VALUE
                    ? n : prev + spacing));
            PeerAddress address = candidate.get().address();
            events.accept(chosen(candidate.get(), NodeEvent.DialReason.CRAWLER));
            scheduler.schedule(Duration.ofNanos(Math.max(0, at - now)), () -> dial(address, token));
        });
    }

    /**
     * The next candidate whose netgroup has room, the group reserved in the book's step; from a book
     * that cannot filter, the next candidate, counted in its group whatever the count.
     */
    private CompletableFuture<Optional<AddressBookEntry>> candidate() {
        if (!unfiltered.get()) {
            try {
                return book.nextReconnectCandidate(groups::tryOccupy);
            } catch (UnsupportedOperationException e) {
                if (unfiltered.compareAndSet(false, true)) {
                    log.warn("crawler: the address book cannot filter candidates ({}); outbound peers are dialled "
                            + "without netgroup diversity", e.getMessage());
                }
            }
        }
        return book.nextReconnectCandidate().thenApply(c -> {
            c.ifPresent(e -> groups.forceOccupy(e.address()));
            return c;
        });
    }

    private void dial(PeerAddress address, ConnectionCounter.Token token) {
        if (closed.get()) {
            token.release();
            groups.release(address);
            return;
        }
        connect(address).whenComplete((client, error) -> {
            if (error != null) {
                token.release();
                groups.release(address);
                dialsFailed.incrementAndGet();
                book.submit(AddressChange.UpdateFailed.of(address));
                (outbound.count() <= PeerSetConstants.MAX_CONNECTIONS_FOR_INFO_LOG ? log.atInfo() : log.atDebug())
                        .log("crawler: dial to {} failed: {}", address.redacted(), error.toString());
                events.accept(PeerFailures.event(address, false, error));
                if (retryAboveTarget || outbound.count() < target) {
                    demand.signal(); // restore the demand: another candidate is tried
                }
                // above the target (beyond the reference) the spare slots wait for the next interval:
                // filling them is opportunistic, and retrying at once only hammers full listeners
                return;
            }
            dialsOk.incrementAndGet();
            client.closeFuture().whenComplete((e, t) -> {
                token.release();
                groups.release(address);
            });
            if (!peerSet.addPeer(client)) {
                client.close();
            }
        });
    }

    private void tick() {
        if (closed.get()) {
            return;
        }
        try {
            // the reference fills every spare slot (up to 3 x target) at each interval; beyond it, the
            // timer tops up to the target only (fillSpareSlots off): late slots go to whatever accepts
            int want = fillSpare ? outbound.spare() : Math.min(outbound.spare(), Math.max(0, target - outbound.count()));
            for (int i = want; i > 0; i--) {
                demand.signal();
            }
            crawl();
        } finally {
            if (!closed.get()) {
                timer = scheduler.schedule(crawlInterval, this::tick); // late ticks are delayed, not bunched
            }
        }
    }

    /** A rate-limited crawl: skipped while one runs or within 31 s of the last one's end. */
    public void crawl() {
        long now = scheduler.nanoTime();
        long last = lastCrawlEnd.get();
        boolean below = belowTarget();
        if (closed.get()) {
            return;
        }
        if (last != Long.MIN_VALUE && now - last < crawlRateLimitNanos) {
            if (below && deferred.compareAndSet(false, true)) {
                // below target, the next crawl is not left to the interval timer (61 s): a node that
                // starts from a small cache learns addresses once per rate limit instead
                scheduler.schedule(Duration.ofNanos(last + crawlRateLimitNanos - now), () -> {
                    deferred.set(false);
                    crawl();
                });
            }
            return;
        }
        if (!crawling.compareAndSet(false, true)) {
            return;
        }
        crawls.incrementAndGet();
        List<CompletableFuture<Reply<Response.Peers>>> asks = new ArrayList<>();
        // below target, more peers per crawl (each still asked about once per rate limit: the peer
        // set spreads concurrent requests over its peers), so a node short of candidates learns faster
        int fanout = below ? Math.max(PeerSetConstants.GET_ADDR_FANOUT, fanoutBelowTarget) : PeerSetConstants.GET_ADDR_FANOUT;
        for (int i = 0; i < fanout; i++) {
            // exchange, not call: the answering peer is the addresses' source, which bounds how much
            // of a book with tables one peer's network group can fill (issue 16 §1.3)
            CompletableFuture<Reply<Response.Peers>> ask = peerSet.exchange(new Request.Peers());
            Cancellable timeout = scheduler.schedule(PeerSetConstants.PEER_GET_ADDR_TIMEOUT,
                    () -> ask.completeExceptionally(new TimeoutException("crawl")));
            asks.add(ask.whenComplete((r, e) -> timeout.cancel()));
        }
        CompletableFuture.allOf(asks.stream().map(f -> f.handle((r, e) -> r)).toArray(CompletableFuture<?>[]::new))
                .whenComplete((done, e) -> {
                    boolean more = false;
                    int found = 0;
                    for (CompletableFuture<Reply<Response.Peers>> ask : asks) {
                        Reply<Response.Peers> peers = ask.handle((x, err) -> {
                            if (err != null) {
                                log.debug("crawler: crawl failed: {}", err.toString());
                            }
                            return err == null ? x : null;
                        }).join();
                        if (peers != null) {
                            more = true; // any answer, even an empty one (Appendix A.14)
                            found += peers.response().addresses().size();
                            gossip(peers.response().addresses(), peers.peer());
                        }
                    }
                    log.debug("crawler: crawl {} done: {} address(es)", crawls.get(), found);
                    lastCrawlEnd.set(scheduler.nanoTime());
                    crawling.set(false);
                    // reference 5.7: a crawl that got answers asks for one more peer; without
                    // fillSpareSlots only below the target, or the node grows one peer per crawl
                    // towards 3 x target (59 of 75 in bootstrap-compare before this bound)
                    if (more && (fillSpare || outbound.count() < target)) {
                        demand.signal();
                    }
                });
    }

    /** @return whether the below-target behaviour is on and fewer outbound peers than the target are held or dialled */
    private boolean belowTarget() {
        return fanoutBelowTarget > 0 && outbound.count() < target;
    }

    private void gossip(List<AddressEntry> entries, Optional<PeerAddress> source) {
        Instant now = scheduler.instant();
        List<AddressEntry> shifted = shiftIntoThePast(entries, now);
        for (AddressEntry e : shifted) {
            book.submit(new AddressChange.NewGossiped(e.address(), e.services(), e.lastSeen(), source));
        }
    }

    /**
     * Turns feeler connections on (issue 16 §1.3, beyond the reference): every {@code interval}, one
     * short connection to the address the book's {@link AddressBook#nextFeeler()} names, closed as
     * soon as its handshake ends; it takes no outbound slot and no netgroup. Set before
     * {@link #start()}; off by default (the reference has none).
     *
     * @param interval how often; Bitcoin Core's is {@link PeerSetConstants#FEELER_INTERVAL}
     */
    public void feelers(Duration interval) {
        this.feelerInterval = Checks.positive("interval", requireNonNull(interval, "interval"));
    }

    /**
     * Whether each crawl interval fills every spare outbound slot, up to the outbound limit (3 × the
     * target), as the reference does (the default), or only tops up to the target (issue 16, beyond the
     * reference: the spare slots filled late go to whichever listeners still accept, and an attacker's
     * always do): the timer and a crawl that got answers (reference 5.7: one more peer per such crawl)
     * then ask for peers only below the target. Demand from the peer set (requests waiting for a
     * ready peer) is served either way. Set before {@link #start()}.
     *
     * @param fill true for the reference's behaviour
     */
    public void fillSpareSlots(boolean fill) {
        this.fillSpare = fill;
    }

    private void feelerTick() {
        if (closed.get()) {
            return;
        }
        try {
            book.nextFeeler().whenComplete((candidate, error) -> {
                if (error == null && candidate.isPresent() && !closed.get()) {
                    events.accept(chosen(candidate.get(), NodeEvent.DialReason.FEELER));
                    feel(candidate.get().address());
                }
            });
        } finally {
            if (!closed.get()) {
                feelerTimer = scheduler.schedule(feelerInterval, this::feelerTick);
            }
        }
    }

    /** The decision event of a dial (issue 16 §1.9): "tried" when the address has answered us before. */
    private NodeEvent.DialChosen chosen(AddressBookEntry candidate, NodeEvent.DialReason reason) {
        return new NodeEvent.DialChosen(candidate.address(), reason,
                candidate.lastResponse().isPresent() ? "tried" : "new", groups.groupOf(candidate.address()).toString());
    }

    /** @return the connector's dial, or a failed future if it threw instead of failing one */
    private CompletableFuture<PeerClient> connect(PeerAddress address) {
        try {
            return connector.connect(address);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One feeler: handshake, then hang up; the book hears both ends like any connection's. */
    private void feel(PeerAddress address) {
        feelers.incrementAndGet();
        connect(address).whenComplete((client, error) -> {
            if (error != null) {
                book.submit(AddressChange.UpdateFailed.of(address));
                log.debug("crawler: feeler to {} failed: {}", address.redacted(), error.toString());
                events.accept(PeerFailures.event(address, false, error));
                return;
            }
            feelersOk.incrementAndGet();
            client.close();
        });
    }

    /** @return feeler connections started */
    public long feelers() {
        return feelers.get();
    }

    /** @return feeler connections whose handshake completed */
    public long feelersOk() {
        return feelersOk.get();
    }

    /**
     * Reference 4.11: shifts every last-seen time back by the same amount so that none is after
     * {@code now}; a batch that would then fall before 1970 is dropped whole.
     *
     * @param entries a peer's answer
     * @param now     the wall clock
     * @return the shifted entries (the same list when none is in the future), or empty
     */
    static List<AddressEntry> shiftIntoThePast(List<AddressEntry> entries, Instant now) {
        Instant latest = Instant.MIN;
        for (AddressEntry e : entries) {
            if (e.lastSeen().isAfter(latest)) {
                latest = e.lastSeen();
            }
        }
        if (entries.isEmpty() || !latest.isAfter(now)) {
            return entries;
        }
        Duration shift = Duration.between(now, latest);
        List<AddressEntry> out = new ArrayList<>(entries.size());
        for (AddressEntry e : entries) {
            Instant t = e.lastSeen().minus(shift);
            if (t.isBefore(Instant.EPOCH)) {
                return List.of();
            }
            out.add(new AddressEntry(t, e.services(), e.address()));
        }
        return out;
    }

    /** @return handshakes the dialer completed */
    public long dialsOk() {
        return dialsOk.get();
    }

    /** @return dials that failed */
    public long dialsFailed() {
        return dialsFailed.get();
    }

    /** @return crawls started */
    public long crawls() {
        return crawls.get();
    }

    /** Stops serving demand and the timer (idempotent); peers already dialled stay. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            Cancellable f = feelerTimer;
            if (f != null) {
                f.cancel();
            }
            demand.onSignal(() -> { });
        }
    }
}
