package io.peerset.addressbook;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of reference sections 9.2 to 9.4, over random change sequences under a manual clock. */
class AddressBookProperties {

    /** A small pool so changes collide: 3 IPs, a listener port, another port, a foreign port. */
    private static final PeerAddress[] POOL = {
        PeerAddress.parse("203.0.113.1:8233"), PeerAddress.parse("203.0.113.1:9999"),
        PeerAddress.parse("203.0.113.2:8233"), PeerAddress.parse("[2001:db8::2]:8233"),
        PeerAddress.parse("203.0.113.3:8232"), PeerAddress.parse("0.0.0.0:8233"),
        PeerAddress.parse("203.0.113.4:8233"), PeerAddress.parse("203.0.113.5:8233"),
    };

    /** One generated step: a change (or a candidate request, kind 10) and a clock advance. */
    private record Step(int kind, PeerAddress address, int advanceSeconds, int value) {
        static Step decode(int code) {
            int kind = code % 11;
            PeerAddress address = POOL[(code / 11) % POOL.length];
            int advance = new int[] {0, 1, 3, 6, 60, 118, 119, 200, 4000, 200_000}[(code / 88) % 10];
            int value = (code / 880) % 200;
            return new Step(kind, address, advance, value);
        }

        Optional<AddressChange> change(Instant now) {
            PeerServices services = value % 3 == 0 ? PeerServices.NONE : new PeerServices(value % 2 == 0 ? 1 : 5);
            switch (kind) {
                case 0: return Optional.of(new AddressChange.NewInitial(address));
                case 1: return Optional.of(new AddressChange.NewGossiped(address, services,
                        now.minusSeconds(value * 97L))); // up to ~5 h old
                case 2: return Optional.of(new AddressChange.NewAlternate(address, services));
                case 3: return Optional.of(new AddressChange.NewLocal(address));
                case 4: return Optional.of(new AddressChange.UpdateAttempt(address));
                case 5: return Optional.of(new AddressChange.UpdateConnected(address, services, value % 4 == 0,
                        "/z/", 170_100));
                case 6: return Optional.of(new AddressChange.UpdatePingSent(address));
                case 7: return Optional.of(new AddressChange.UpdateResponded(address, Duration.ofMillis(value)));
                case 8: return Optional.of(value % 2 == 0 ? AddressChange.UpdateFailed.of(address)
                        : AddressChange.UpdateFailed.of(address, services));
                case 9: return Optional.of(new AddressChange.UpdateMisbehavior(address, 1 + value / 4, "test"));
                default: return Optional.empty();
            }
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static void run(List<Integer> codes, AddressBookConfig config, StepCheck check) {
        run(codes, config, null, check);
    }

    /** @param events where the book reports its events, or null for none */
    private static void run(List<Integer> codes, AddressBookConfig config, List<NodeEvent.AddressBookEvent> events,
                            StepCheck check) {
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        AddressBookState book = new AddressBookState(config);
        book.eventSink(events);
        for (int code : codes) {
            Step step = Step.decode(code);
            clock.advance(Duration.ofSeconds(step.advanceSeconds()));
            Optional<AddressChange> change = step.change(clock.instant());
            Optional<MetaAddr> candidate = Optional.empty();
            List<MetaAddr> before = book.inReconnectionOrder();
            if (change.isPresent()) {
                book.update(change.get(), clock.instant(), clock.nanoTime());
            } else {
                candidate = book.nextCandidate(clock.instant(), clock.nanoTime());
            }
            book.verify(); // every index agrees with the records after every step
            check.check(book, clock, step, change, candidate, before);
        }
    }

    @FunctionalInterface
    private interface StepCheck {
        void check(AddressBookState book, Fixtures.ManualClock clock, Step step, Optional<AddressChange> change,
                   Optional<MetaAddr> candidate, List<MetaAddr> before);
    }

    /**
     * With tables (issue 16 §1.3), whatever the changes, candidate and feeler requests: every index
     * and both tables agree with the records (verify), every dialable record holds exactly one slot,
     * and every candidate or feeler handed out was ready by the reference's rules or a tried-slot
     * occupant under test.
     */
    @Test
    void tableSequencesKeepEveryIndexAndSlot() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120),
                integers().between(1, 40))
                .checkAssert((codes, capacity) -> {
                    Fixtures.ManualClock clock = new Fixtures.ManualClock();
                    AddressBookState book = new AddressBookState(AddressBookConfig.builder(Network.MAINNET)
                            .capacity(capacity).build(), capacity, -capacity, new SplittableRandom(capacity));
                    for (int code : codes) {
                        Step step = Step.decode(code);
                        clock.advance(Duration.ofSeconds(step.advanceSeconds()));
                        Optional<AddressChange> change = step.change(clock.instant());
                        if (change.isPresent()) {
                            AddressChange c = change.get();
                            if (c instanceof AddressChange.NewGossiped g) { // a source, from the pool
                                c = new AddressChange.NewGossiped(g.address(), g.services(), g.lastSeen(),
                                        Optional.of(POOL[(code / 7) % POOL.length]));
                            }
                            book.update(c, clock.instant(), clock.nanoTime());
                        } else {
                            List<MetaAddr> before = book.inReconnectionOrder();
                            boolean candidate = step.value() % 2 == 0;
                            MetaAddr taken = candidate
                                    ? book.nextCandidateOrNull(clock.instant(), clock.nanoTime(), a -> true)
                                    : book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
                            if (taken != null) {
                                check(taken.state == PeerAddrState.ATTEMPT_PENDING, "taken but not pending: " + taken);
                                MetaAddr was = before.stream().filter(r -> r.address.equals(taken.address))
                                        .findFirst().orElseThrow();
                                check(!candidate || book.isReadyForAttempt(was, clock.instant(), clock.nanoTime()),
                                        "candidate not ready by the reference's rules: " + was);
                            }
                        }
                        book.verify();
                        check(book.size() <= capacity, "over capacity: " + book.size());
                    }
                });
    }

    @Test
    void changeSequencesNeverProduceAnInvalidRecord() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 80))
                .checkAssert(codes -> run(codes, Fixtures.mainnet(), (book, clock, step, change, candidate, before) -> {
                    for (MetaAddr r : book.inReconnectionOrder()) {
                        check(Network.MAINNET.isValidForOutbound(r.address), "invalid stored: " + r);
                        check(r.misbehaviorScore < PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE, "score: " + r);
                        check(!book.isBanned(r.address.ip(), clock.instant()), "banned IP stored: " + r);
                        if (r.state == PeerAddrState.NEVER_ATTEMPTED_GOSSIPED) {
                            check(r.lastAttempt == MetaAddr.NONE && r.lastResponse().isEmpty()
                                    && r.lastFailure == MetaAddr.NONE, "never attempted with local times: " + r);
                            check(r.services().map(x -> x.has(PeerServices.NODE_NETWORK)).orElse(true),
                                    "never attempted without NODE_NETWORK: " + r);
                        }
                        if (r.state == PeerAddrState.ATTEMPT_PENDING) {
                            check(r.lastAttempt != MetaAddr.NONE, "pending without attempt: " + r);
                        }
                        if (r.lastResponse().isPresent()) {
                            check(r.lastResponseNanos != MetaAddr.NONE, "response without monotonic time: " + r);
                        }
                    }
                    // The index hands out exactly the first record the reference's filter would yield.
                    if (candidate.isPresent()) {
                        MetaAddr expected = before.stream()
                                .filter(r -> book.isReadyForAttempt(r, clock.instant(), clock.nanoTime())
                                        || r.address.equals(candidate.get().address))
                                .findFirst().orElseThrow();
                        check(expected.address.equals(candidate.get().address),
                                "candidate " + candidate.get() + " but the order says " + expected);
                    }
                }));
    }

    @Test
    void existingUntrustedLastSeenIsNeverChanged() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 60))
                .checkAssert(codes -> run(codes, Fixtures.mainnet(), (book, clock, step, change, candidate, before) -> {
                    for (MetaAddr old : before) {
                        book.get(old.address).ifPresent(now -> {
                            if (old.untrustedLastSeen().isPresent()) {
                                check(old.untrustedLastSeen().equals(now.untrustedLastSeen()), "untrusted changed: " + now);
                            }
                            boolean handshakeOrFailure = change.isPresent()
                                    && (change.get() instanceof AddressChange.UpdateConnected
                                    || change.get() instanceof AddressChange.UpdateFailed);
                            if (old.services().isPresent() && !handshakeOrFailure) {
                                check(old.services().equals(now.services()), "services changed by " + change);
                            }
                        });
                    }
                }));
    }

    @Test
    void gossipNeverLeaksInboundMisbehavingStaleOrUnroutableRecords() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 80))
                .checkAssert(codes -> run(codes, Fixtures.mainnet(), (book, clock, step, change, candidate, before) -> {
                    Instant now = clock.instant();
                    List<MetaAddr> records = book.inReconnectionOrder();
                    PeerAddress local = PeerAddress.parse("198.51.100.1:8233");
                    List<AddressEntry> gossip = Gossip.sanitized(Network.MAINNET, records, Optional.of(local), now,
                            new SplittableRandom(step.value()));
                    Map<PeerAddress, MetaAddr> byAddress = new HashMap<>();
                    records.forEach(r -> byAddress.put(r.address, r));
                    long locals = 0;
                    for (AddressEntry e : gossip) {
                        check(Network.MAINNET.isValidForOutbound(e.address()), "unroutable: " + e);
                        check(e.services().has(PeerServices.NODE_NETWORK), "no NODE_NETWORK: " + e);
                        check(e.lastSeen().getEpochSecond() % 1800 == 0, "not truncated: " + e);
                        check(!e.lastSeen().isBefore(now.minus(Duration.ofHours(3))), "stale: " + e);
                        if (e.address().equals(local)) {
                            locals++;
                            continue;
                        }
                        MetaAddr r = byAddress.get(e.address());
                        check(r != null, "gossiped an unknown address: " + e);
                        check(!r.inbound() && r.misbehaviorScore == 0, "leaked: " + r);
                        Instant seen = r.lastSeen().orElseThrow();
                        check(!e.lastSeen().isAfter(seen) && seen.getEpochSecond() - e.lastSeen().getEpochSecond() < 1800,
                                "truncation moved the time by more than 30 min: " + e + " from " + seen);
                    }
                    check(locals == 1, "local listener " + locals + " times");
                    int expected = Math.min(1000, (gossip.size() + 1) / 2);
                    check(Gossip.getAddrResponse(gossip).size() == expected, "answer size");
                }));
    }

    @Test
    void theBookNeverExceedsItsCapacityAndCountsItsStatesExactly() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 80),
                integers().between(1, 5)).checkAssert((codes, capacity) -> run(codes,
                Fixtures.reference().capacity(capacity).build(),
                (book, clock, step, change, candidate, before) -> {
                    check(book.size() <= capacity && book.inReconnectionOrder().size() == book.size(),
                            "size " + book.size() + " > " + capacity);
                    for (io.peerset.api.PeerAddrState st : io.peerset.api.PeerAddrState.values()) {
                        long actual = book.inReconnectionOrder().stream().filter(r -> r.state == st).count();
                        check(book.count(st) == actual, "count(" + st + ") = " + book.count(st) + ", records " + actual);
                    }
                }));
    }

    @Test
    void candidatesAreNeverHandedOutTwiceWithinTheReconnectionWindow() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120),
                integers().between(1, 6)).checkAssert((codes, capacity) -> {
                    Map<PeerAddress, Long> handedOut = new HashMap<>();
                    // Small capacities too: eviction and bans must not let an address back in early.
                    run(codes, Fixtures.reference().capacity(capacity)
                            .banDuration(Duration.ofSeconds(30)).build(), (book, clock, step, change, candidate, before) -> {
                        candidate.ifPresent(c -> {
                            Long last = handedOut.put(c.address, clock.nanoTime());
                            check(last == null || clock.nanoTime() - last
                                            >= PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.toNanos(),
                                    c + " handed out twice within 119 s");
                            check(!c.inbound(), "inbound candidate " + c);
                            check(c.state == PeerAddrState.ATTEMPT_PENDING, "not marked pending: " + c);
                        });
                    });
                });
    }

    @Test
    void attemptCountsOfDisconnectedPeersDifferByAtMostOne() {
        qt().withExamples(100).forAll(integers().between(1, 40), integers().between(1, 30))
                .checkAssert((peers, rounds) -> {
                    Fixtures.ManualClock clock = new Fixtures.ManualClock();
                    AddressBookState book = new AddressBookState(Fixtures.mainnet());
                    for (int i = 0; i < peers; i++) {
                        book.update(new AddressChange.NewInitial(PeerAddress.of(new byte[] {10, 9, 0, (byte) i}, 8233)),
                                clock.instant(), clock.nanoTime());
                    }
                    Map<PeerAddress, Integer> attempts = new HashMap<>();
                    for (int round = 0; round < rounds; round++) {
                        Optional<MetaAddr> next = book.nextCandidate(clock.instant(), clock.nanoTime());
                        if (next.isPresent()) {
                            attempts.merge(next.get().address, 1, Integer::sum);
                            clock.advance(Duration.ofSeconds(1));
                            book.update(AddressChange.UpdateFailed.of(next.get().address), clock.instant(),
                                    clock.nanoTime());
                        }
                        clock.advance(Duration.ofSeconds(7));
                        int min = attempts.size() < peers ? 0 : attempts.values().stream().min(Integer::compare).orElse(0);
                        int max = attempts.values().stream().max(Integer::compare).orElse(0);
                        check(max - min <= 1, "attempts " + attempts);
                    }
                });
    }

    @Test
    void aBanRemovesEveryRecordOfTheIp() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 80))
                .checkAssert(codes -> run(codes, Fixtures.reference().maxConnectionsPerIp(2).build(),
                        (book, clock, step, change, candidate, before) -> {
                            for (PeerAddress a : POOL) {
                                InetAddress ip = a.ip();
                                if (book.isBanned(ip, clock.instant())) {
                                    check(book.inReconnectionOrder().stream().noneMatch(r -> r.address.ip().equals(ip)),
                                            "record left on a banned IP");
                                }
                            }
                        }));
    }

    /**
     * Rebuilds a book's addresses and states from its events, checking each event against what the
     * events before it said: a created record was absent, a changed one had the stated previous
     * state, a removed one had the stated last state, and {@code BANNED} removals follow the ban of
     * their IP.
     */
    private static final class Replay {
        final Map<PeerAddress, PeerAddrState> states = new HashMap<>();
        private InetAddress banning;

        void accept(NodeEvent.AddressBookEvent event) {
            if (event instanceof NodeEvent.AddressStateChanged c) {
                check(c.previous().equals(Optional.ofNullable(states.get(c.address()))),
                        c + " but the events said " + states.get(c.address()));
                states.put(c.address(), c.current());
                banning = null;
            } else if (event instanceof NodeEvent.AddressRemoved r) {
                check(states.get(r.address()) == r.state(), r + " but the events said " + states.get(r.address()));
                states.remove(r.address());
                if (r.cause() == NodeEvent.AddressRemovalCause.BANNED) {
                    check(r.address().ip().equals(banning), r + " without a ban of its IP just before");
                } else {
                    banning = null;
                }
            } else {
                NodeEvent.IpBanned b = (NodeEvent.IpBanned) event;
                check(b.address().ip().equals(b.ip()) && b.score() >= PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE
                        && b.reason().equals("test"), "ban " + b);
                banning = b.ip();
            }
        }
    }

    private static Map<PeerAddress, PeerAddrState> statesOf(List<MetaAddr> records) {
        Map<PeerAddress, PeerAddrState> out = new HashMap<>();
        records.forEach(r -> out.put(r.address, r.state));
        return out;
    }

    @Test
    void theEventsAreACompleteAndConsistentAccountOfTheBookAfterEveryChange() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120),
                integers().between(1, 6)).checkAssert((codes, capacity) -> {
                    List<NodeEvent.AddressBookEvent> events = new ArrayList<>();
                    Replay replay = new Replay();
                    // Small capacities and short bans: evictions, bans and records coming back.
                    run(codes, Fixtures.reference().capacity(capacity).maxConnectionsPerIp(2)
                            .banDuration(Duration.ofSeconds(30)).build(), events,
                            (book, clock, step, change, candidate, before) -> {
                                if (statesOf(before).equals(statesOf(book.inReconnectionOrder()))) {
                                    // Nothing to report but a ban or a new record evicted at once.
                                    List<NodeEvent.AddressBookEvent> rest = events.stream()
                                            .filter(e -> !(e instanceof NodeEvent.IpBanned)).toList();
                                    check(rest.isEmpty() || (rest.size() == 2
                                                    && rest.get(0) instanceof NodeEvent.AddressStateChanged c
                                                    && c.previous().isEmpty()
                                                    && rest.get(1).equals(new NodeEvent.AddressRemoved(c.address(),
                                                            c.current(), NodeEvent.AddressRemovalCause.EVICTED))),
                                            "events " + events + " for a step that changed no state");
                                }
                                events.forEach(replay::accept);
                                events.clear();
                                check(replay.states.equals(statesOf(book.inReconnectionOrder())),
                                        "replayed " + replay.states + " but the book holds " + book.inReconnectionOrder());
                                candidate.ifPresent(c -> check(c.state == PeerAddrState.ATTEMPT_PENDING, "candidate " + c));
                            });
                });
    }

    @Test
    void theDeliveredEventsReplayIntoTheBooksSnapshotWhateverTheBatching() {
        qt().withExamples(150).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120),
                integers().between(1, 6)).checkAssert((codes, capacity) -> {
                    VirtualScheduler scheduler = new VirtualScheduler();
                    ArrayDeque<Runnable> updater = new ArrayDeque<>();
                    DefaultAddressBook book = new DefaultAddressBook(Fixtures.reference()
                            .capacity(capacity).maxConnectionsPerIp(2).banDuration(Duration.ofSeconds(30)).build(),
                            new AddressBookContext(scheduler, new SplittableRandom(1), updater::add, scheduler));
                    Replay replay = new Replay();
                    book.addListener(replay::accept);
                    for (int code : codes) {
                        Step step = Step.decode(code);
                        scheduler.advance(Duration.ofSeconds(step.advanceSeconds()));
                        Optional<AddressChange> change = step.change(scheduler.instant());
                        if (change.isPresent()) {
                            book.submit(change.get());
                        } else {
                            book.nextReconnectCandidate();
                        }
                        if ((code / 176_000) % 3 == 0) { // run the updater now, or let changes pile up
                            while (!updater.isEmpty()) {
                                updater.poll().run();
                            }
                        }
                    }
                    while (!updater.isEmpty()) {
                        updater.poll().run();
                    }
                    Map<PeerAddress, PeerAddrState> snapshot = new HashMap<>();
                    for (AddressBookEntry e : book.snapshot().entries()) {
                        snapshot.put(e.address(), e.state());
                    }
                    check(replay.states.equals(snapshot), "replayed " + replay.states + " but the snapshot is " + snapshot);
                });
    }
}
