package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetException;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.Listeners;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections an operator asked for (issue 17; Bitcoin Core's {@code addnode}): dialled at once,
 * each in an outbound slot of the node's limit but outside the netgroup limit (the operator chose
 * the address; it is still counted in its group, so the crawler sees it), and — when kept — dialled
 * again {@link #RETRY} (about two minutes) after the connection ends or a dial fails, until forgotten. At most
 * {@link #MAX_KEPT} addresses are kept. A kept address that is banned, or already connected, is not
 * dialled at its retry.
 *
 * <p>Threading: thread-safe; callbacks run on connection and timer threads.
 */
public final class ManualPeers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManualPeers.class);

    /**
     * How long after a kept peer's connection ends (or its dial fails) it is dialled again: just over
     * {@link PeerSetConstants#MIN_PEER_RECONNECTION_DELAY}, because a listener refuses an IP it saw
     * within that window (reference 2.2), so Core's one minute would be refused at every retry.
     */
    public static final Duration RETRY = PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.plusSeconds(1);
    /** The most addresses kept: each may hold an outbound slot. */
    public static final int MAX_KEPT = 64;

    private final PeerConnector connector;
    private final PeerSet peerSet;
    private final AddressBook book;
    private final ConnectionCounter outbound;
    private final OutboundGroups groups;
    private final Scheduler scheduler;
    private final Predicate<PeerAddress> connected;
    private final Function<PeerClient, CompletableFuture<Boolean>> admitted;
    private volatile Consumer<NodeEvent> events = e -> { };
    private final Set<PeerAddress> kept = new LinkedHashSet<>();
    private final Map<PeerAddress, Cancellable> retries = new HashMap<>();
    /** Addresses dialled or connected by this class now: a second connect to one is refused. */
    private final Set<PeerAddress> live = ConcurrentHashMap.newKeySet();
    /** Dials in flight, each with the flag a disconnect sets: the peer is closed once connected. */
    private final Map<PeerAddress, AtomicBoolean> dialling = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param connector dials and handshakes
     * @param peerSet   receives the clients
     * @param book      hears failed dials, answers whether an address is banned
     * @param outbound  the outbound limit's counter
     * @param groups    outbound netgroups (counted, not limited)
     * @param scheduler the retries' timer
     * @param connected whether an address is an outbound peer of the node now (dialled by anyone)
     * @param admitted  completes, after {@link PeerSet#addPeer}, with whether the set took the client
     *                  (it may refuse it on its loop: limits, version, bans)
     */
    public ManualPeers(PeerConnector connector, PeerSet peerSet, AddressBook book, ConnectionCounter outbound,
                       OutboundGroups groups, Scheduler scheduler, Predicate<PeerAddress> connected,
                       Function<PeerClient, CompletableFuture<Boolean>> admitted) {
        this.admitted = requireNonNull(admitted, "admitted");
        this.connector = requireNonNull(connector, "connector");
        this.peerSet = requireNonNull(peerSet, "peerSet");
        this.book = requireNonNull(book, "book");
        this.outbound = requireNonNull(outbound, "outbound");
        this.groups = requireNonNull(groups, "groups");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.connected = requireNonNull(connected, "connected");
    }

    /** @param sink receives a {@link NodeEvent.DialChosen} per dial and a failure event per failed one */
    public void onEvent(Consumer<NodeEvent> sink) {
        this.events = Listeners.isolated("operator peers", requireNonNull(sink, "sink"));
    }

    /**
     * Dials {@code address} now and, with {@code keep}, keeps it.
     *
     * @param address an address valid for outbound use, not banned (the caller checked)
     * @param keep    whether to keep connecting to it
     * @return completes with the connection once it is in the peer set; exceptionally with a
     *         {@link PeerSetException} saying why it was refused (already connected, no outbound slot,
     *         too many kept, closing) or with the dial's error
     */
    public CompletableFuture<ConnectionInfo> connect(PeerAddress address, boolean keep) {
        requireNonNull(address, "address");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new PeerSetException("connect: the node is closing"));
        }
        if (keep) {
            synchronized (kept) {
                if (!kept.contains(address) && kept.size() >= MAX_KEPT) {
                    return CompletableFuture.failedFuture(new PeerSetException("connect: " + kept.size()
                            + " kept addresses (expected: fewer than " + MAX_KEPT + "; disconnect one first)"));
                }
                kept.add(address);
            }
        }
        return dial(address);
    }

    private CompletableFuture<ConnectionInfo> dial(PeerAddress address) {
        if (live.contains(address) || connected.test(address)) {
            retryLater(address); // connected by the crawler: a kept address is checked again later
            return CompletableFuture.failedFuture(new PeerSetException("connect: " + address + " is already connected"));
        }
        Optional<ConnectionCounter.Token> slot = outbound.tryReserve();
        if (slot.isEmpty()) {
            retryLater(address);
            return CompletableFuture.failedFuture(new PeerSetException("connect: every outbound slot is taken ("
                    + outbound.count() + " of " + outbound.limit() + "); disconnect a peer first"));
        }
        if (!live.add(address)) {
            slot.get().release();
            return CompletableFuture.failedFuture(new PeerSetException("connect: " + address + " is already connected"));
        }
        ConnectionCounter.Token token = slot.get();
        AtomicBoolean cancelled = new AtomicBoolean();
        dialling.put(address, cancelled);
        groups.forceOccupy(address);
        boolean isKept;
        synchronized (kept) {
            isKept = kept.contains(address);
        }
        events.accept(new NodeEvent.DialChosen(address, NodeEvent.DialReason.OPERATOR, isKept ? "kept" : "once",
                groups.groupOf(address).toString()));
        CompletableFuture<PeerClient> dialled;
        try {
            dialled = connector.connect(address);
        } catch (RuntimeException e) {
            dialled = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PeerClient> handled = dialled.handle((client, error) -> {
            dialling.remove(address, cancelled);
            if (error == null && cancelled.get()) {
                client.close(); // a disconnect came while it was dialled: it must not join after it
                token.release();
                groups.release(address);
                live.remove(address);
                throw new PeerSetException("connect: " + address + " was disconnected while connecting");
            }
            if (error != null) {
                token.release();
                groups.release(address);
                live.remove(address);
                book.submit(AddressChange.UpdateFailed.of(address));
                events.accept(PeerFailures.event(address, false, error));
                retryLater(address);
                throw new PeerSetException("connect: " + address + " failed: " + error.getMessage(), error);
            }
            client.closeFuture().whenComplete((e, t) -> {
                token.release();
                groups.release(address);
                live.remove(address);
                retryLater(address);
            });
            if (!peerSet.addPeer(client)) {
                client.close();
                throw new PeerSetException("connect: the peer set refused " + address + " (closing)");
            }
            return client;
        });
        return handled.thenCompose(client -> admitted.apply(client).thenApply(in -> {
            if (!in) {
                throw new PeerSetException("connect: the peer set refused " + address
                        + " (its connection limit, the per-IP limit, its version or a ban)");
            }
            return client.info();
        }));
    }

    /** A kept address is dialled again after {@link #RETRY}, unless forgotten, banned or connected by then. */
    private void retryLater(PeerAddress address) {
        synchronized (kept) {
            if (closed.get() || !kept.contains(address) || retries.containsKey(address)) {
                return;
            }
            retries.put(address, scheduler.schedule(RETRY, () -> {
                synchronized (kept) {
                    retries.remove(address);
                    if (closed.get() || !kept.contains(address)) {
                        return;
                    }
                }
                if (book.isBanned(address.ip()) || live.contains(address) || connected.test(address)) {
                    retryLater(address);
                    return;
                }
                dial(address).whenComplete((info, e) -> {
                    if (e != null) {
                        log.info("kept peer {}: {}", address.redacted(), e.getMessage());
                    }
                });
            }));
        }
    }

    /**
     * Stops keeping {@code address} (its connection, if any, stays: the caller closes it).
     *
     * @param address an address
     * @return whether it was kept
     */
    public boolean forget(PeerAddress address) {
        AtomicBoolean inFlight = dialling.get(address);
        if (inFlight != null) {
            inFlight.set(true);
        }
        synchronized (kept) {
            Cancellable retry = retries.remove(address);
            if (retry != null) {
                retry.cancel();
            }
            return kept.remove(address);
        }
    }

    /** @return the kept addresses, in the order they were added */
    public List<PeerAddress> kept() {
        synchronized (kept) {
            return List.copyOf(new ArrayList<>(kept));
        }
    }

    /** Stops the retries (idempotent); connections stay until the peer set closes them. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (kept) {
                retries.values().forEach(Cancellable::cancel);
                retries.clear();
            }
        }
    }
}
