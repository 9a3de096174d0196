package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.Netgroups;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.Listeners;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.connect.PeerConnector;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initial peers (reference section 3.2): every {@link CandidateSource} is asked at once (configured
 * addresses, DNS seeders, the disk cache); the union is filtered — on Regtest only loopback
 * addresses are kept, and addresses invalid for outbound use (section 4.10) are dropped and counted;
 * every valid one enters the address book as {@code NewInitial}; up to the target size are chosen
 * uniformly at random and dialled, the i-th after i × {@link PeerSetConstants#MIN_OUTBOUND_PEER_CONNECTION_INTERVAL},
 * each holding an outbound slot. A successful handshake goes to the peer set; a failed dial is
 * recorded in the address book as {@code UpdateFailed} (Appendix A.5: the reference does not
 * record it, so a dead initial peer stays "never attempted" and is retried first forever).
 *
 * <p>Stateless; the futures complete on the sources' and connections' threads.
 */
public final class InitialPeers {

    private static final Logger log = LoggerFactory.getLogger(InitialPeers.class);

    private InitialPeers() {
    }

    /**
     * What the sources gave.
     *
     * @param valid         the distinct addresses valid for outbound use, in first-seen order
     * @param invalid       addresses dropped as invalid (or not loopback on Regtest)
     * @param failedSources names of the sources that failed (counted as empty)
     */
    public record Gathered(List<PeerAddress> valid, int invalid, List<String> failedSources) {
        /** Copies. */
        public Gathered {
            valid = List.copyOf(valid);
            failedSources = List.copyOf(failedSources);
        }
    }

    /**
     * Asks every source at once. Never fails: a source that fails (or throws) is logged and counts
     * as empty.
     *
     * @param sources the candidate sources
     * @param network the network (validity rule; Regtest keeps only loopback addresses)
     * @return the union, filtered
     */
    public static CompletableFuture<Gathered> gather(List<CandidateSource> sources, Network network) {
        requireNonNull(network, "network");
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<List<PeerAddress>>> asked = new ArrayList<>();
        for (CandidateSource source : sources) {
            CompletableFuture<List<PeerAddress>> f;
            try {
                f = source.candidates();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            asked.add(f.exceptionally(e -> {
                log.warn("initial peers: source {} failed: {}", source.name(), e.toString());
                failed.add(source.name());
                return List.of();
            }));
        }
        boolean regtest = network.magic() == Network.REGTEST_MAGIC;
        return CompletableFuture.allOf(asked.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            Set<PeerAddress> union = new LinkedHashSet<>();
            asked.forEach(f -> union.addAll(f.join()));
            List<PeerAddress> valid = new ArrayList<>();
            int invalid = 0;
            for (PeerAddress a : union) {
                if ((regtest && !a.ip().isLoopbackAddress()) || !network.isValidForOutbound(a)) {
                    invalid++;
                } else {
                    valid.add(a);
                }
            }
            if (invalid > 0) {
                log.info("initial peers: dropped {} address(es) not valid for {}", invalid, network.name());
            }
            return new Gathered(valid, invalid, failed);
        });
    }

    /**
     * @param candidates addresses
     * @param n          how many to choose
     * @param random     the source of randomness
     * @return {@code min(n, size)} of them, a uniformly random subset in random order
     */
    public static List<PeerAddress> choose(List<PeerAddress> candidates, int n, RandomGenerator random) {
        return choose(candidates, n, random, a -> true);
    }

    /**
     * Draws uniformly at random without replacement, as {@link #choose(List, int, RandomGenerator)},
     * keeping the drawn addresses that {@code accept} accepts until {@code n} are kept or none is left.
     * With a predicate that accepts everything the draws, and so the choice, are the same.
     *
     * @param candidates the addresses
     * @param n          how many to keep at most
     * @param random     the source of randomness
     * @param accept     asked once per drawn address, in draw order (it may reserve what it accepts)
     * @return the kept addresses, in draw order
     */
    static List<PeerAddress> choose(List<PeerAddress> candidates, int n, RandomGenerator random,
                                    Predicate<PeerAddress> accept) {
        List<PeerAddress> pool = new ArrayList<>(candidates);
        List<PeerAddress> kept = new ArrayList<>();
        int want = Math.max(n, 0);
        for (int i = 0; i < pool.size() && kept.size() < want; i++) { // partial Fisher-Yates
            int j = i + random.nextInt(pool.size() - i);
            PeerAddress t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
            if (accept.test(pool.get(i))) {
                kept.add(pool.get(i));
            }
        }
        return List.copyOf(kept);
    }

    /**
     * Enters every valid address in the book and dials the chosen ones, paced.
     *
     * @param gathered  what {@link #gather} found
     * @param target    how many to dial at most ({@code peerset_initial_target_size})
     * @param connector dials and handshakes
     * @param peerSet   receives the clients
     * @param book      records the addresses and the failed dials; empty: nothing recorded
     * @param outbound  the outbound limit's counter (a dial without a free slot is skipped)
     * @param scheduler paces the dials
     * @param random    chooses
     * @return completes, once every dial has finished, with the counts
     */
    public static CompletableFuture<Dialled> start(Gathered gathered, int target, PeerConnector connector,
                                                   PeerSet peerSet, Optional<AddressBook> book,
                                                   ConnectionCounter outbound, Scheduler scheduler,
                                                   RandomGenerator random) {
        return start(gathered, target, connector, peerSet, book, outbound, scheduler, random, e -> { });
    }

    /**
     * As {@link #start(Gathered, int, PeerConnector, PeerSet, Optional, ConnectionCounter, Scheduler,
     * RandomGenerator)}, reporting every failed dial to {@code events}.
     *
     * @param gathered  what {@link #gather} found
     * @param target    how many to dial at most
     * @param connector dials and handshakes
     * @param peerSet   receives the clients
     * @param book      records the addresses and the failed dials; empty: nothing recorded
     * @param outbound  the outbound limit's counter
     * @param scheduler paces the dials
     * @param random    chooses
     * @param events    receives a {@link NodeEvent.HandshakeFailed} per failed dial (on a connection's thread)
     * @return completes, once every dial has finished, with the counts
     */
    public static CompletableFuture<Dialled> start(Gathered gathered, int target, PeerConnector connector,
                                                   PeerSet peerSet, Optional<AddressBook> book,
                                                   ConnectionCounter outbound, Scheduler scheduler,
                                                   RandomGenerator random, Consumer<NodeEvent> events) {
        return start(gathered, target, connector, peerSet, book, outbound, new OutboundGroups(Netgroups.defaults(), 0),
                scheduler, random, events, NodeEvent.DialReason.INITIAL, "initial", () -> 0, Integer.MAX_VALUE);
    }

    /**
     * As {@link #start(Gathered, int, PeerConnector, PeerSet, Optional, ConnectionCounter, Scheduler,
     * RandomGenerator, Consumer)}, with outbound diversity: the addresses are drawn in the same
     * random order, and one whose netgroup is full is passed over (issue 16 §1.2; the reference takes
     * the first {@code target} drawn).
     *
     * @param groups outbound diversity, shared with the crawler: each chosen address occupies its
     *               group until its dial fails or its connection ends
     * @param reason why these are dialled ({@code INITIAL}, or {@code ANCHOR} for the anchors)
     * @param from   where they came from (the source's name), for the {@link NodeEvent.DialChosen} events
     * @param connected the node's connected outbound peers, now
     * @param stopAt    a dial whose turn comes when the node already has this many connected outbound
     *                  peers is skipped: the dials are paced 100 ms apart, and the crawler (started when
     *                  the first source is dialled) may have reached the target meanwhile; without this,
     *                  a node whose sources answer one after another ends up near twice its target.
     *                  {@code Integer.MAX_VALUE}: never skipped
     */
    public static CompletableFuture<Dialled> start(Gathered gathered, int target, PeerConnector connector,
                                                   PeerSet peerSet, Optional<AddressBook> book,
                                                   ConnectionCounter outbound, OutboundGroups groups, Scheduler scheduler,
                                                   RandomGenerator random, Consumer<NodeEvent> events,
                                                   NodeEvent.DialReason reason, String from, IntSupplier connected,
                                                   int stopAt) {
        book.ifPresent(b -> gathered.valid().forEach(a -> b.submit(new AddressChange.NewInitial(a))));
        List<PeerAddress> chosen = choose(gathered.valid(), target, random, groups::tryOccupy);
        Consumer<NodeEvent> sink = Listeners.isolated("initial peers", events);
        for (PeerAddress a : chosen) {
            sink.accept(new NodeEvent.DialChosen(a, reason, from, groups.groupOf(a).toString()));
        }
        List<CompletableFuture<Outcome>> dials = new ArrayList<>();
        Duration spacing = PeerSetConstants.MIN_OUTBOUND_PEER_CONNECTION_INTERVAL;
        for (int i = 0; i < chosen.size(); i++) {
            PeerAddress address = chosen.get(i);
            CompletableFuture<Outcome> result = new CompletableFuture<>();
            dials.add(result);
            scheduler.schedule(spacing.multipliedBy(i), () -> dial(address, connector, peerSet, book, outbound, groups, events,
                            connected, stopAt)
                    .whenComplete((outcome, e) -> result.complete(e == null ? outcome : Outcome.FAILED)));
        }
        return CompletableFuture.allOf(dials.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            int ok = 0;
            int failed = 0;
            for (CompletableFuture<Outcome> d : dials) {
                Outcome o = d.join();
                ok += o == Outcome.CONNECTED ? 1 : 0;
                failed += o == Outcome.FAILED ? 1 : 0;
            }
            return new Dialled(ok, failed);
        });
    }

    /**
     * What the initial dials did.
     *
     * @param connected dials whose handshake succeeded
     * @param failed    dials or handshakes that failed (a dial skipped for want of an outbound slot
     *                  is neither)
     */
    public record Dialled(int connected, int failed) {
    }

    private enum Outcome { CONNECTED, FAILED, SKIPPED }

    private static CompletableFuture<Outcome> dial(PeerAddress address, PeerConnector connector, PeerSet peerSet,
                                                   Optional<AddressBook> book, ConnectionCounter outbound,
                                                   OutboundGroups groups, Consumer<NodeEvent> events, IntSupplier connected,
                                                   int stopAt) {
        if (stopAt != Integer.MAX_VALUE && connected.getAsInt() >= stopAt) {
            groups.release(address);
            log.debug("initial peers: {} outbound peers connected already; not dialling {}", stopAt, address.redacted());
            return CompletableFuture.completedFuture(Outcome.SKIPPED);
        }
        Optional<ConnectionCounter.Token> slot = outbound.tryReserve();
        if (slot.isEmpty()) {
            groups.release(address);
            log.info("initial peers: no outbound slot (limit {}, or shutting down); not dialling {}",
                    outbound.limit(), address.redacted());
            return CompletableFuture.completedFuture(Outcome.SKIPPED);
        }
        ConnectionCounter.Token token = slot.get();
        CompletableFuture<PeerClient> connecting;
        try {
            connecting = connector.connect(address);
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        return connecting.handle((client, error) -> {
            if (error != null) {
                token.release();
                groups.release(address);
                book.ifPresent(b -> b.submit(AddressChange.UpdateFailed.of(address)));
                log.info("initial peers: {} failed: {}", address.redacted(), error.toString());
                Listeners.isolated("initial peers", events).accept(PeerFailures.event(address, false, error));
                return Outcome.FAILED;
            }
            client.closeFuture().whenComplete((e, t) -> {
                token.release();
                groups.release(address);
            });
            if (!peerSet.addPeer(client)) {
                client.close();
            }
            return Outcome.CONNECTED;
        });
    }
}
