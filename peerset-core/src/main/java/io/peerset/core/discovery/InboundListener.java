package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeEvent;
import io.peerset.api.internal.Checks;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerSet;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.Listeners;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound loop (reference sections 1.3 task 2, 5.6, 8): takes one connection at a time from
 * the acceptor and, in this order, drops it when its IP is banned, when the inbound limit is
 * reached, or when its IP already made {@code max_connections_per_ip} attempts within 119 s
 * ({@link RecentByIp}); otherwise reserves an inbound slot, starts the handshake in its own task and
 * hands a successful client to the peer set. The slot is released exactly once, when the handshake
 * fails or the client closes. After an accepted connection the loop pauses {@code acceptPause}
 * (reference: 1 s), after a dropped one or an accept error {@code rejectPause} (10 ms), so a flood
 * costs a bounded amount of work per second whatever its size.
 *
 * <p>Beyond the reference ({@code handshakesAtOnce} &gt; 0, issue 16 §8): up to that many inbound
 * handshakes run at once, the pause after an accepted connection is {@code acceptPause /
 * handshakesAtOnce}, and while that many handshakes run the loop waits for one to end. The
 * reference's one handshake per second cannot keep up with its own 3 s handshake budget when many
 * nodes dial at once (a joining network: connections wait in the backlog until the dialer gives
 * up); this serves such bursts as fast as handshakes complete, and still bounds a flood — at most
 * {@code handshakesAtOnce} handshakes in progress and as many accepts per {@code acceptPause}.
 *
 * <p>Beyond the reference, with {@link InboundPeers} (issue 16 §1.4): a connection whose network
 * group already holds {@code max_inbound_per_netgroup} inbound peers is dropped, and when the slots
 * are full a connection evicts an unprotected inbound peer and takes its slot instead of being
 * dropped.
 *
 * <p>Threading: the loop is sequential — the next accept is asked for only after the previous one
 * was dealt with and the pause has passed (on the scheduler) — so {@link RecentByIp} needs no lock.
 * {@link #close()} may be called from any thread.
 */
public final class InboundListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboundListener.class);

    private final Acceptor acceptor;
    private final PeerConnector connector;
    private final PeerSet peerSet;
    private final Optional<AddressBook> book;
    private final ConnectionCounter inbound;
    private final RecentByIp recent;
    private final Scheduler scheduler;
    private final Duration acceptPause;
    private final Duration rejectPause;
    /** 0: the reference's pacing; otherwise the most inbound handshakes at once. */
    private final int handshakesAtOnce;
    /** Null: no group cap and no eviction (the reference). */
    private final InboundPeers peers;
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The loop waits for a handshake to end before its next accept. */
    private final AtomicBoolean parked = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong handshakesOk = new AtomicLong();
    private final AtomicLong handshakesFailed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Consumer<Throwable> onFatal = e -> { };
    private volatile Consumer<NodeEvent> events = e -> { };

    /**
     * @param acceptor    where connections come from (bound listener)
     * @param connector   performs the handshake
     * @param peerSet     receives the clients
     * @param book        bans; empty: none
     * @param inbound     the inbound limit's counter
     * @param recent      the per-IP throttle
     * @param scheduler   time and the pauses
     * @param acceptPause the pause after an accepted connection
     * @param rejectPause the pause after a dropped connection or an accept error
     */
    public InboundListener(Acceptor acceptor, PeerConnector connector, PeerSet peerSet, Optional<AddressBook> book,
                           ConnectionCounter inbound, RecentByIp recent, Scheduler scheduler, Duration acceptPause,
                           Duration rejectPause) {
        this(acceptor, connector, peerSet, book, inbound, recent, scheduler, acceptPause, rejectPause, 0, null);
    }

    /**
     * @param acceptor         where connections come from (bound listener)
     * @param connector        performs the handshake
     * @param peerSet          receives the clients
     * @param book             bans; empty: none
     * @param inbound          the inbound limit's counter
     * @param recent           the per-IP throttle
     * @param scheduler        time and the pauses
     * @param acceptPause      the pause after an accepted connection (divided by {@code handshakesAtOnce} when it is set)
     * @param rejectPause      the pause after a dropped connection or an accept error
     * @param handshakesAtOnce the most inbound handshakes at once; 0 for the reference's pacing; range 0..1,000
     * @param peers            the inbound peers, for the per-group cap and eviction (issue 16 §1.4); null for
     *                         neither, as the reference
     */
    public InboundListener(Acceptor acceptor, PeerConnector connector, PeerSet peerSet, Optional<AddressBook> book,
                           ConnectionCounter inbound, RecentByIp recent, Scheduler scheduler, Duration acceptPause,
                           Duration rejectPause, int handshakesAtOnce, InboundPeers peers) {
        this.peers = peers != null && peers.active() ? peers : null;
        this.handshakesAtOnce = Checks.inRange("handshakesAtOnce", handshakesAtOnce, 0, 1_000);
        this.acceptor = requireNonNull(acceptor, "acceptor");
        this.connector = requireNonNull(connector, "connector");
        this.peerSet = requireNonNull(peerSet, "peerSet");
        this.book = requireNonNull(book, "book");
        this.inbound = requireNonNull(inbound, "inbound");
        this.recent = requireNonNull(recent, "recent");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.acceptPause = requireNonNull(acceptPause, "acceptPause");
        this.rejectPause = requireNonNull(rejectPause, "rejectPause");
    }

    /**
     * @param handler called once if the loop stops on its own (the acceptor refused to accept while
     *                the listener was open); set before {@link #start()}
     */
    public void onFatal(Consumer<Throwable> handler) {
        this.onFatal = requireNonNull(handler, "handler");
    }

    /**
     * @param sink receives an event for every connection dropped before its handshake and every
     *             failed inbound handshake (on the scheduler's or a connection's thread); set before
     *             {@link #start()}
     */
    public void onEvent(Consumer<NodeEvent> sink) {
        this.events = Listeners.isolated("listener", requireNonNull(sink, "sink"));
    }

    /** Starts the loop. */
    public void start() {
        acceptNext();
    }

    private void acceptNext() {
        if (closed.get()) {
            return;
        }
        CompletableFuture<Connection> next;
        try {
            next = acceptor.accept();
        } catch (RuntimeException e) {
            if (!closed.get()) {
                log.error("listener: accept failed; stopping: {}", e.toString());
                onFatal.accept(e);
            }
            return;
        }
        next.whenComplete((connection, error) -> {
            if (error != null) {
                if (closed.get()) {
                    return; // the acceptor was closed under us
                }
                log.debug("listener: accept failed: {}", error.toString());
                pauseThenAccept(rejectPause);
                return;
            }
            pauseThenAccept(admit(connection) ? acceptedPause() : rejectPause);
        });
    }

    private Duration acceptedPause() {
        return handshakesAtOnce == 0 ? acceptPause : acceptPause.dividedBy(handshakesAtOnce);
    }

    private void pauseThenAccept(Duration pause) {
        if (closed.get()) {
            return;
        }
        scheduler.schedule(pause, this::acceptWhenRoom);
    }

    /** The next accept, unless {@code handshakesAtOnce} handshakes run: then the first to end resumes the loop. */
    private void acceptWhenRoom() {
        if (handshakesAtOnce > 0 && inFlight.get() >= handshakesAtOnce) {
            parked.set(true);
            // a handshake that ended between the check and the flag found no parked loop: resume here
            if (inFlight.get() < handshakesAtOnce && parked.compareAndSet(true, false)) {
                acceptNext();
            }
            return;
        }
        acceptNext();
    }

    private void handshakeEnded() {
        if (inFlight.decrementAndGet() < handshakesAtOnce && parked.compareAndSet(true, false) && !closed.get()) {
            scheduler.schedule(Duration.ZERO, this::acceptNext);
        }
    }

    /** @return whether a handshake was started */
    private boolean admit(Connection connection) {
        PeerAddress remote = connection.remoteAddress();
        if (closed.get()) {
            connection.close("listener closed");
            return false;
        }
        if (book.isPresent() && book.get().isBanned(remote.ip())) {
            return drop(connection, NodeEvent.DropReason.BANNED, "banned IP");
        }
        if (peers != null && peers.groupFull(remote)) {
            return drop(connection, NodeEvent.DropReason.NETGROUP_LIMIT, "its network group holds the most inbound peers");
        }
        Optional<ConnectionCounter.Token> slot = inbound.tryReserve();
        if (slot.isEmpty() && peers != null && recent.allows(remote.ip(), scheduler.nanoTime())) {
            // full: evict (beyond the reference), unless the throttle would drop the newcomer anyway
            Optional<InboundPeers.Eviction> eviction = peers.evictFor(remote);
            if (eviction.isPresent()) {
                evictions.incrementAndGet();
                log.debug("listener: evicted {} for {}", eviction.get().event().evicted().redacted(), remote.redacted());
                emit(eviction.get().event());
                slot = Optional.of(eviction.get().token());
            }
        }
        if (slot.isEmpty()) {
            return drop(connection, NodeEvent.DropReason.INBOUND_LIMIT, "inbound limit " + inbound.limit() + " reached");
        }
        if (!recent.tryAttempt(remote.ip(), scheduler.nanoTime())) {
            slot.get().release();
            return drop(connection, NodeEvent.DropReason.PER_IP_THROTTLE, "too many connections from its IP within 119 s");
        }
        ConnectionCounter.Token token = slot.get();
        CompletableFuture<PeerClient> handshake;
        inFlight.incrementAndGet();
        try {
            handshake = connector.accept(connection);
        } catch (RuntimeException e) {
            handshakeEnded();
            token.release();
            connection.close("handshake could not start");
            handshakesFailed.incrementAndGet();
            log.warn("listener: could not start a handshake", e);
            return false;
        }
        handshake.whenComplete((client, error) -> {
            handshakeEnded();
            if (error != null) {
                token.release();
                handshakesFailed.incrementAndGet();
                log.debug("listener: inbound handshake from {} failed: {}", remote.redacted(), error.toString());
                emit(PeerFailures.event(remote, true, error));
                return;
            }
            handshakesOk.incrementAndGet();
            if (peers != null) {
                peers.add(client, token); // it releases the slot when the client closes, unless evicted
            } else {
                client.closeFuture().whenComplete((e, t) -> token.release());
            }
            if (!peerSet.addPeer(client)) {
                client.close(); // the set is closed
            }
        });
        return true;
    }

    private boolean drop(Connection connection, NodeEvent.DropReason reason, String why) {
        dropped.incrementAndGet();
        emit(new NodeEvent.InboundDropped(connection.remoteAddress(), reason));
        log.debug("listener: dropping {}: {}", connection.remoteAddress().redacted(), why);
        connection.close(why);
        return false;
    }

    private void emit(NodeEvent event) {
        events.accept(event);
    }

    /** @return handshakes that succeeded so far */
    public long handshakesOk() {
        return handshakesOk.get();
    }

    /** @return handshakes that failed so far */
    public long handshakesFailed() {
        return handshakesFailed.get();
    }

    /** @return inbound peers evicted for newcomers */
    public long evictions() {
        return evictions.get();
    }

    /** @return connections dropped before any handshake (bans, limits, throttle) */
    public long dropped() {
        return dropped.get();
    }

    /** Stops accepting (idempotent); connections already handed to the peer set stay. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            acceptor.close();
        }
    }
}
