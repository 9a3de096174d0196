package io.peerset.core.set;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.api.spi.PeerSelector;
import io.peerset.core.common.PowerOfTwoChoices;
import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import io.peerset.testkit.doubles.FakePeer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Properties of the peer set (issue section 3) over random sequences of peers joining, failing,
 * being banned or outdated, answering and failing requests, while requests of every routing kind
 * arrive and time passes.
 */
class PeerSetProperties {

    /** Peers 0 and 1 share an IP; 5 and 6 are outdated once the tip reaches the last upgrade. */
    private static final String[] POOL = {
        "203.0.113.1:8233", "203.0.113.1:9999", "203.0.113.2:8233", "203.0.113.3:8233", "203.0.113.4:8233",
        "203.0.113.5:8233", "203.0.113.6:8233", "203.0.113.7:8233", "203.0.113.8:8233", "203.0.113.9:8233",
    };
    private static final NetworkUpgrade LAST = NetworkUpgrade.values()[NetworkUpgrade.values().length - 1];

    private static Hash32 hash(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) (i + 1);
        return Hash32.ofInternal(b);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** Everything a run keeps, to check the properties at each step and at the end. */
    private static final class Run {
        final SetHarness h;
        final Map<String, FakePeer> live = new HashMap<>();
        final List<FakePeer> all = new ArrayList<>();
        final List<CompletableFuture<? extends Response>> accepted = new ArrayList<>();
        final Set<InetAddress> bannedIps = new HashSet<>();

        final PeerSetConfig config;

        Run(int targetSize, long seed) {
            // target 1: at most 8 peers, fewer than the pool's 10 addresses, so the limit is reached
            config = PeerSetConfig.builder(Network.MAINNET).initialTargetSize(targetSize)
                    .requestQueueCapacity(20).readyTimeout(Duration.ofSeconds(10)).build();
            h = new SetHarness(config, seed);
        }

        void step(int code) {
            int kind = code % 14;
            int i = (code / 14) % POOL.length;
            int v = code / 140;
            FakePeer p = live.get(POOL[i]);
            switch (kind) {
                case 0, 1 -> {
                    long version = i >= 5 && i <= 6 ? Network.MAINNET.initialMinimumPeerVersion()
                            : Network.MAINNET.minimumPeerVersion(LAST);
                    FakePeer n = new FakePeer(PeerAddress.parse(POOL[i]), version, v % 2 == 0);
                    if (v % 3 == 0) {
                        n.respondWith(FakePeer::empty);
                    }
                    all.add(n);
                    live.put(POOL[i], n);
                    h.set.addPeer(n);
                }
                case 2 -> accepted.add(h.set.call(new Request.Peers()));
                case 3 -> accepted.add(h.set.call(new Request.BlocksByHash(Set.of(hash(v % 3)))));
                case 4 -> accepted.add(h.set.call(new Request.AdvertiseTransactionIds(
                        Set.of(new TransactionId.Legacy(hash(v % 5))))));
                case 5 -> accepted.add(h.set.call(new Request.AdvertiseBlockToAll(hash(v % 4))));
                case 6 -> {
                    if (p != null && p.hasInFlight()) {
                        if (v % 2 == 0) {
                            p.answer();
                        } else { // of the wrong type unless a block was asked for: the caller's future still completes
                            p.answer(new Response.Blocks(List.of(), List.of(hash(v % 3))));
                        }
                    }
                }
                case 7 -> {
                    if (p != null && p.hasInFlight()) {
                        p.fail(v % 2 == 0 ? new PeerException.ConnectionReceiveTimeout()
                                : new PeerException.NotFoundResponse(List.of(new InventoryItem.Block(hash(v % 3)))));
                    }
                }
                case 8 -> {
                    if (p != null) {
                        p.die(new PeerException.ConnectionClosed());
                    }
                }
                case 9 -> h.scheduler.advance(Duration.ofMillis(new int[] {100, 1_000, 5_000, 31_000}[v % 4]));
                case 10 -> {
                    if (v % 7 == 0) {
                        InetAddress ip = PeerAddress.parse(POOL[i]).ip();
                        bannedIps.add(ip);
                        h.book.ban(ip);
                    }
                }
                case 11 -> {
                            if (v % 2 == 0) {
                                h.tip.upgrade(LAST);
                            } else {
                                h.tip.noUpgrade();
                            }
                        }
                case 12 -> {
                    // a peer fails while a request is already on its way in, before the set hears of it
                    if (p != null) {
                        p.die(new PeerException.ConnectionClosed());
                    }
                    accepted.add(h.set.call(new Request.Peers()));
                }
                default -> {
                    if (p != null) {
                        h.set.observer().inventory(p.info(), v % 2 == 0 ? List.of(new InventoryItem.Block(hash(v % 3)))
                                : List.of(), v % 2 == 0 ? List.of() : List.of(new InventoryItem.Block(hash(v % 3))));
                    }
                }
            }
            h.scheduler.runUntilIdle();
            checkInvariants();
        }

        void checkInvariants() {
            check(h.set.status().total() <= config.totalConnectionLimit(), "over the limit: " + h.set.status());
            Map<InetAddress, Integer> perIp = new HashMap<>();
            long minimum = h.set.status().minimumVersion();
            for (FakePeer p : all) {
                check(p.violations().isEmpty(), p + ": " + p.violations());
                if (!p.isClosed()) {
                    perIp.merge(p.address().ip(), 1, Integer::sum);
                    check(p.info().remoteVersion().version() >= minimum || p.hasInFlight(),
                            "an outdated idle peer is still open: " + p);
                }
            }
            perIp.values().forEach(n -> check(n <= 1, "two open peers on one IP: " + perIp));
            for (PeerSetEvent.Broadcast b : h.events(PeerSetEvent.Broadcast.class)) {
                check(new HashSet<>(b.peers()).size() == b.peers().size(), "duplicate broadcast target: " + b);
                int expected = b.request() instanceof Request.AdvertiseBlockToAll ? b.ready() : (b.ready() + 2) / 3;
                check(b.peers().size() == expected, "broadcast to " + b.peers().size() + " of " + b.ready());
            }
        }

        /** Lets every request finish: answers whatever is in flight and waits out the ready timeout. */
        void settle() {
            for (int round = 0; round < 50; round++) {
                boolean any = false;
                for (FakePeer p : all) {
                    if (p.hasInFlight()) {
                        p.answer();
                        any = true;
                    }
                }
                h.scheduler.advance(Duration.ofSeconds(11));
                if (!any && accepted.stream().allMatch(CompletableFuture::isDone)) {
                    return;
                }
            }
        }
    }

    @Test
    void requestsOnlyReachOpenCurrentUnbannedPeersOneAtATimeAndNoneIsLost() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120),
                integers().between(1, 2)).checkAssert((codes, target) -> {
                    Run run = new Run(target, codes.size());
                    Map<FakePeer, Integer> seenBefore = new HashMap<>();
                    for (int code : codes) {
                        run.all.forEach(p -> seenBefore.put(p, p.received().size()));
                        boolean[] banned = new boolean[run.all.size()];
                        for (int k = 0; k < banned.length; k++) {
                            banned[k] = run.bannedIps.contains(run.all.get(k).address().ip());
                        }
                        run.step(code);
                        long minimum = run.h.set.status().minimumVersion();
                        for (int k = 0; k < banned.length; k++) {
                            FakePeer p = run.all.get(k);
                            boolean reached = p.received().size() != seenBefore.get(p);
                            check(!banned[k] || !reached, "a request reached banned " + p);
                            check(!reached || p.info().remoteVersion().version() >= minimum,
                                    "a request reached outdated " + p);
                        }
                    }
                    run.settle();
                    for (CompletableFuture<? extends Response> f : run.accepted) {
                        check(f.isDone(), "a request was lost");
                    }
                    check(run.h.set.status().waitingRequests() == 0, "still waiting: " + run.h.set.status());
                    run.checkInvariants();
                });
    }

    @Test
    void powerOfTwoChoicesPicksTheLowerLoadOfTwoDistinctPeers() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, 1_000)).ofSizeBetween(2, 40),
                integers().between(0, Integer.MAX_VALUE)).checkAssert((loads, seed) -> {
                    PeerSelector.Candidates c = new PeerSelector.Candidates() {
                        @Override
                        public int size() {
                            return loads.size();
                        }

                        @Override
                        public PeerAddress address(int i) {
                            return PeerAddress.parse("203.0.113.1:" + (i + 1));
                        }

                        @Override
                        public double load(int i) {
                            return loads.get(i);
                        }
                    };
                    int chosen = PowerOfTwoChoices.INSTANCE.select(c, new SplittableRandom(seed));
                    SplittableRandom replay = new SplittableRandom(seed);
                    int a = replay.nextInt(loads.size());
                    int b = replay.nextInt(loads.size() - 1);
                    if (b >= a) {
                        b++;
                    }
                    check(a != b, "the same peer drawn twice");
                    check(chosen == (loads.get(b) < loads.get(a) ? b : a), "not the lower of the two draws");
                });
    }
}
