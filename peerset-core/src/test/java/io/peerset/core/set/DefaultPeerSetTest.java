package io.peerset.core.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.Reply;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.common.CoreConstants;
import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.doubles.FakeAddressBook;
import io.peerset.testkit.doubles.FakePeer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DefaultPeerSetTest {

    private static final Request.Peers PEERS = new Request.Peers();
    private static final Response.Peers EMPTY_PEERS = new Response.Peers(List.of());

    private static Hash32 hash(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return Hash32.ofInternal(b);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRequestGoesToAReadyPeerAndItsAnswerCompletesTheFuture() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        assertThat(h.set.status().ready()).isEqualTo(1);
        var f = h.call(PEERS);
        assertThat(p.received()).containsExactly(PEERS);
        assertThat(h.set.status().busy()).isEqualTo(1);
        assertThat(f).isNotDone();
        p.answer();
        h.scheduler.runUntilIdle();
        assertThat(f).isCompletedWithValue(EMPTY_PEERS);
        assertThat(h.set.status().ready()).isEqualTo(1);
        assertThat(h.events(PeerSetEvent.Routed.class)).singleElement()
                .satisfies(r -> assertThat(r.peer()).isEqualTo(p.address()));
        assertThat(h.events(PeerSetEvent.Answered.class)).singleElement().satisfies(a -> {
            assertThat(a.peer()).isEqualTo(p.address());
            assertThat(a.request()).isEqualTo(PEERS);
            assertThat(a.ok()).isTrue();
            assertThat(a.latency().isNegative()).isFalse();
        });
    }

    @Test
    void exchangeSaysWhichPeerAnswered() {
        SetHarness h = new SetHarness();
        List<FakePeer> peers = List.of(h.add(FakePeer.answering("203.0.113.1:8233")),
                h.add(FakePeer.answering("203.0.113.2:8233")), h.add(FakePeer.answering("203.0.113.3:8233")));
        for (int i = 0; i < 20; i++) {
            var f = h.set.exchange(PEERS);
            h.scheduler.runUntilIdle();
            Reply<Response.Peers> reply = f.join();
            assertThat(reply.response()).isEqualTo(EMPTY_PEERS);
            FakePeer asked = peers.stream().filter(p -> p.received().size() == 1).findFirst().orElseThrow();
            assertThat(reply.peer()).contains(asked.address());
            peers.forEach(p -> p.clearReceived());
        }
        var broadcast = h.set.exchange(new Request.AdvertiseBlockToAll(hash(1)));
        h.scheduler.runUntilIdle();
        assertThat(broadcast.join()).isEqualTo(new Reply<>(new Response.Nil(), Optional.empty()));
    }

    @Test
    void anAnswerOfTheWrongTypeFailsItsCallerWithBothTypesNamedAndTheSetServesOn() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.answering("203.0.113.1:8233"));
        p.respondWith(r -> new Response.Nil()); // a PeerClient of another implementation, with a bug
        assertThat(failure(h.call(PEERS))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answer to Peers from 203.0.113.1:8233").hasMessageContaining("expected: Peers");
        var exchanged = h.set.exchange(PEERS);
        h.scheduler.runUntilIdle();
        assertThat(failure(exchanged)).isInstanceOf(IllegalStateException.class);
        assertThat(h.events(PeerSetEvent.Answered.class)).as("a failed answer for the set too")
                .hasSize(2).noneMatch(PeerSetEvent.Answered::ok);
        p.respondWith(FakePeer::empty);
        assertThat(h.call(PEERS)).isCompletedWithValue(EMPTY_PEERS);
        assertThat(h.set.status().ready()).isEqualTo(1);
        assertThat(h.events(PeerSetEvent.Answered.class)).last().matches(PeerSetEvent.Answered::ok);
    }

    @Test
    void aCallerThatSendsItsNextRequestFromTheAnswerFindsThePeerReadyAgain() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        List<CompletableFuture<Response.Peers>> second = new ArrayList<>();
        h.call(PEERS).thenRun(() -> second.add(h.set.call(PEERS)));
        p.answer(); // on this (non-loop) thread, like a connection's I/O thread
        h.scheduler.runUntilIdle();
        assertThat(p.received()).hasSize(2);
        assertThat(h.events(PeerSetEvent.DemandSignalled.class)).as("no needless demand").isEmpty();
        assertThat(second).singleElement().satisfies(f -> assertThat(f).isNotDone());
    }

    @Test
    void aBusyPeerGetsNoSecondRequestUntilItAnswers() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        var first = h.call(PEERS);
        var second = h.call(PEERS);
        assertThat(p.received()).hasSize(1);
        assertThat(h.set.status().waitingRequests()).isEqualTo(1);
        p.answer();
        h.scheduler.runUntilIdle();
        assertThat(first).isDone();
        assertThat(p.received()).hasSize(2);
        p.answer();
        h.scheduler.runUntilIdle();
        assertThat(second).isDone();
        assertThat(p.violations()).isEmpty();
    }

    @Test
    void withoutReadyPeersARequestWaitsSignalsDemandAndIsServedByTheNextPeer() {
        SetHarness h = new SetHarness();
        var f = h.call(PEERS);
        assertThat(f).isNotDone();
        assertThat(h.set.demand().pending()).isEqualTo(1);
        assertThat(h.events(PeerSetEvent.DemandSignalled.class)).hasSize(1);
        FakePeer p = h.add(FakePeer.answering("203.0.113.1:8233"));
        assertThat(f).isCompletedWithValue(EMPTY_PEERS);
        assertThat(p.received()).containsExactly(PEERS);
    }

    @Test
    void aWaitingRequestFailsAfterTheReadyTimeoutNamingWhatThePeersAreDoing() {
        SetHarness h = new SetHarness();
        FakePeer busy = h.add(FakePeer.holding("203.0.113.1:8233"));
        h.call(PEERS);
        var f = h.call(PEERS);
        h.scheduler.advance(PeerSetConfig.DEFAULT_READY_TIMEOUT.minusMillis(1));
        assertThat(f).isNotDone();
        h.scheduler.advance(Duration.ofMillis(1));
        assertThat(failure(f)).isInstanceOf(PeerException.NoReadyPeers.class)
                .hasMessage("No ready peers available: waited 20000 ms; 1 peers connected (1 busy with a request, "
                        + "0 being checked, 0 ready); all peers are busy: the request queue is longer than the peers can serve");
        assertThat(h.events(PeerSetEvent.RequestExpired.class)).hasSize(1);
        assertThat(busy.received()).hasSize(1);
        SetHarness empty = new SetHarness();
        var alone = empty.call(PEERS);
        empty.scheduler.advance(PeerSetConfig.DEFAULT_READY_TIMEOUT);
        assertThat(failure(alone)).hasMessageContaining("0 peers connected")
                .hasMessageContaining("check the network connection");
    }

    @Test
    void aFullQueueFailsAtOnceAndAClosedSetFailsEverything() {
        SetHarness h = new SetHarness(PeerSetConfig.builder(Network.MAINNET).requestQueueCapacity(2).build(), 1);
        var a = h.call(PEERS);
        var b = h.call(PEERS);
        var c = h.call(PEERS);
        assertThat(failure(c)).isInstanceOf(PeerException.Overloaded.class)
                .hasMessageContaining("request queue is full (2 requests waiting");
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        h.set.close();
        h.scheduler.runUntilIdle();
        assertThat(failure(a)).isInstanceOf(PeerException.ClientDropped.class); // sent, then its peer closed
        assertThat(failure(b)).isInstanceOf(PeerException.ServiceShutdown.class);
        assertThat(failure(h.call(PEERS))).isInstanceOf(PeerException.ServiceShutdown.class);
        assertThat(p.isClosed()).isTrue();
        assertThat(h.set.closeFuture()).isDone();
        assertThat(h.set.addPeer(FakePeer.answering("203.0.113.2:8233"))).isFalse();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).extracting(PeerSetEvent.PeerRemoved::reason)
                .containsExactly(RemovalReason.CLOSED);
    }

    @Test
    void insertRulesRejectDuplicatesThePerIpLimitTheTotalLimitOutdatedAndBannedPeers() throws Exception {
        SetHarness h = new SetHarness(PeerSetConfig.builder(Network.MAINNET).initialTargetSize(1).build(), 1);
        FakePeer first = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer duplicate = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer sameIp = h.add(FakePeer.answering("203.0.113.1:9999"));
        FakePeer outdated = h.add(new FakePeer(PeerAddress.parse("203.0.113.2:8233"),
                Network.MAINNET.initialMinimumPeerVersion() - 1, false));
        h.book.ban(PeerAddress.parse("203.0.113.3:8233").ip());
        FakePeer banned = h.add(FakePeer.answering("203.0.113.3:8233"));
        for (int i = 10; i < 20; i++) {
            h.add(FakePeer.answering("203.0.113." + i + ":8233"));
        }
        // limit: 1 × (3 + 5) = 8 peers
        assertThat(h.set.status().total()).isEqualTo(8);
        assertThat(h.events(PeerSetEvent.PeerRejected.class)).extracting(PeerSetEvent.PeerRejected::reason)
                .containsExactly(RejectReason.DUPLICATE_ADDRESS, RejectReason.PER_IP_LIMIT, RejectReason.OUTDATED,
                        RejectReason.BANNED, RejectReason.CONNECTION_LIMIT, RejectReason.CONNECTION_LIMIT,
                        RejectReason.CONNECTION_LIMIT);
        assertThat(duplicate.isClosed() && sameIp.isClosed() && outdated.isClosed() && banned.isClosed()).isTrue();
        assertThat(first.isClosed()).as("the older connection is kept").isFalse();
    }

    @Test
    void aFailedPeerLeavesAndItsRequestFailsWithItsError() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        var f = h.call(PEERS);
        p.die(new PeerException.ConnectionReceiveTimeout());
        h.scheduler.runUntilIdle();
        assertThat(failure(f)).isInstanceOf(PeerException.ConnectionReceiveTimeout.class);
        assertThat(h.events(PeerSetEvent.Answered.class)).singleElement().satisfies(a -> assertThat(a.ok()).isFalse());
        assertThat(h.set.status().total()).isZero();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.FAILED));
        // an idle peer that fails leaves too
        FakePeer idle = h.add(FakePeer.holding("203.0.113.2:8233"));
        idle.die(new PeerException.ConnectionClosed());
        h.scheduler.runUntilIdle();
        assertThat(h.set.status().total()).isZero();
    }

    @Test
    void aPeerThatSentInvalidBytesLeavesAsAProtocolError() {
        // issue 14 §6: a codec refusal was counted only as "failed"
        SetHarness h = new SetHarness();
        FakePeer busy = h.add(FakePeer.holding("203.0.113.1:8233"));
        var f = h.call(PEERS);
        busy.die(new PeerException.Serialization(new io.peerset.wire.WireFormatException("getblocks",
                "locator count", 24, "102 (expected: <= 101)")));
        FakePeer idle = h.add(FakePeer.holding("203.0.113.2:8233"));
        h.scheduler.runUntilIdle();
        idle.die(new PeerException.DuplicateHandshake());
        h.scheduler.runUntilIdle();
        assertThat(failure(f)).isInstanceOf(PeerException.Serialization.class);
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).extracting(PeerSetEvent.PeerRemoved::reason)
                .containsExactly(RemovalReason.PROTOCOL_ERROR, RemovalReason.PROTOCOL_ERROR);
        assertThat(RemovalReason.PROTOCOL_ERROR.code()).isEqualTo("protocol-error");
    }

    @Test
    void aRisingMinimumVersionDropsReadyPeersAtOnceAndBusyOnesWhenTheyFinish() {
        SetHarness h = new SetHarness();
        NetworkUpgrade last = NetworkUpgrade.values()[NetworkUpgrade.values().length - 1];
        long raised = Network.MAINNET.minimumPeerVersion(last);
        long old = Network.MAINNET.initialMinimumPeerVersion();
        assertThat(raised).as("precondition: the last upgrade raises the minimum").isGreaterThan(old);
        FakePeer idleOld = h.add(new FakePeer(PeerAddress.parse("203.0.113.1:8233"), old, false));
        FakePeer busyOld = h.add(new FakePeer(PeerAddress.parse("203.0.113.2:8233"), old, false));
        FakePeer current = h.add(new FakePeer(PeerAddress.parse("203.0.113.3:8233"), raised, false));
        current.respondWith(FakePeer::empty);
        // make busyOld busy: hold everything else
        idleOld.hold();
        h.call(PEERS);
        h.call(PEERS);
        FakePeer busy = idleOld.hasInFlight() ? idleOld : busyOld;
        FakePeer idle = busy == idleOld ? busyOld : idleOld;
        h.tip.upgrade(last);
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        assertThat(idle.isClosed()).isTrue();
        assertThat(h.events(PeerSetEvent.MinimumVersionChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.current()).isEqualTo(raised));
        assertThat(h.set.status().minimumVersion()).isEqualTo(raised);
        if (busy.hasInFlight()) {
            busy.answer();
            h.scheduler.runUntilIdle();
        }
        assertThat(busy.isClosed()).isTrue();
        assertThat(current.isClosed()).isFalse();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).extracting(PeerSetEvent.PeerRemoved::reason)
                .containsOnly(RemovalReason.OUTDATED).hasSize(2);
    }

    @Test
    void inventoryRoutingFollowsAdvertisedThenNotMissingThenFailsWithoutContactingAnyone() {
        SetHarness h = new SetHarness();
        List<FakePeer> peers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            peers.add(h.add(FakePeer.answering("203.0.113." + i + ":8233")));
        }
        Hash32 block = hash(7);
        Request<?> get = new Request.BlocksByHash(Set.of(block));
        // peer 3 advertises the block: it gets every request for it
        h.set.observer().inventory(peers.get(2).info(), List.of(new InventoryItem.Block(block)), List.of());
        h.scheduler.runUntilIdle();
        for (int i = 0; i < 20; i++) {
            h.call(get);
        }
        assertThat(peers.get(2).received()).hasSize(20);
        // everyone but peer 4 reports it missing (peer 3 too: its own advertisement no longer counts)
        for (int i = 0; i < 3; i++) {
            h.set.observer().inventory(peers.get(i).info(), List.of(), List.of(new InventoryItem.Block(block)));
        }
        h.scheduler.runUntilIdle();
        h.call(get);
        assertThat(peers.get(3).received()).hasSize(1);
        assertThat(h.events(PeerSetEvent.Routed.class).get(h.events(PeerSetEvent.Routed.class).size() - 1).routing())
                .isEqualTo(PeerSetEvent.Routing.NOT_MISSING);
        // peer 3 cannot clear its own missing mark in this window
        h.set.observer().inventory(peers.get(2).info(), List.of(new InventoryItem.Block(block)), List.of());
        h.scheduler.runUntilIdle();
        h.call(get);
        assertThat(peers.get(3).received()).hasSize(2);
        // peer 4 answers that it is missing too (a protocol answer): nobody is left
        peers.get(3).respondWith(r -> new Response.Blocks(List.of(), List.of(block)));
        h.call(get);
        int before = peers.stream().mapToInt(p -> p.received().size()).sum();
        var none = h.call(get);
        assertThat(failure(none)).isInstanceOf(PeerException.NotFoundRegistry.class);
        assertThat(peers.stream().mapToInt(p -> p.received().size()).sum()).isEqualTo(before);
        // two rotations later the marks are forgotten
        h.scheduler.advance(PeerSetConstants.INVENTORY_ROTATION_INTERVAL.multipliedBy(2));
        assertThat(h.call(get)).isDone().isNotCompletedExceptionally();
    }

    @Test
    void transportFailuresNeverMarkAnItemMissing() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        TransactionId tx = new TransactionId.Legacy(hash(3));
        Request<?> get = new Request.TransactionsById(Set.of(tx));
        var f = h.call(get);
        p.fail(new PeerException.ConnectionReceiveTimeout());
        h.scheduler.runUntilIdle();
        assertThat(failure(f)).isInstanceOf(PeerException.ConnectionReceiveTimeout.class);
        f = h.call(get);
        assertThat(p.received()).hasSize(2); // still routed to it: the timeout was not a "missing" answer
        p.fail(new PeerException.NotFoundResponse(List.of(tx.toInventory())));
        h.scheduler.runUntilIdle();
        assertThat(failure(h.call(get))).isInstanceOf(PeerException.NotFoundRegistry.class);
    }

    @Test
    void advertisementsGoToAThirdOfTheReadyPeersChosenAtRandom() {
        SetHarness h = new SetHarness();
        List<FakePeer> peers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            peers.add(h.add(FakePeer.answering("203.0.113." + i + ":8233")));
        }
        Set<PeerAddress> everReached = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            var f = h.call(new Request.AdvertiseBlock(hash(round)));
            assertThat(f).isCompletedWithValue(new Response.Nil());
            PeerSetEvent.Broadcast b = h.events(PeerSetEvent.Broadcast.class).get(round);
            assertThat(b.peers()).hasSize(4).doesNotHaveDuplicates();
            everReached.addAll(b.peers());
        }
        assertThat(everReached).hasSize(10);
    }

    @Test
    void onRegtestAdvertisementsGoToEveryReadyPeer() {
        SetHarness h = new SetHarness(PeerSetConfig.builder(Network.REGTEST).build(), 1);
        for (int i = 1; i <= 7; i++) {
            FakePeer p = new FakePeer(PeerAddress.parse("203.0.113." + i + ":18233"),
                    Network.REGTEST.protocolVersion(), false);
            p.respondWith(FakePeer::empty);
            h.add(p);
        }
        h.call(new Request.AdvertiseTransactionIds(Set.of(new TransactionId.Legacy(hash(1)))));
        assertThat(h.events(PeerSetEvent.Broadcast.class)).singleElement()
                .satisfies(b -> assertThat(b.peers()).hasSize(7));
    }

    @Test
    void advertiseBlockToAllReachesBusyPeersWhenTheyBecomeReady() {
        SetHarness h = new SetHarness();
        FakePeer idle = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer busy = h.add(FakePeer.holding("203.0.113.2:8233"));
        idle.hold();
        h.call(PEERS);
        h.call(PEERS); // both busy now
        idle.answer();
        h.scheduler.runUntilIdle();
        idle.respondWith(FakePeer::empty);
        var all = h.call(new Request.AdvertiseBlockToAll(hash(1)));
        assertThat(idle.received()).last().isEqualTo(new Request.AdvertiseBlockToAll(hash(1)));
        assertThat(all).as("waits for the late delivery").isNotDone();
        busy.answer();
        h.scheduler.runUntilIdle();
        assertThat(busy.received()).last().isEqualTo(new Request.AdvertiseBlockToAll(hash(1)));
        assertThat(all).as("done once the late delivery is dispatched (reference 5.4), not answered")
                .isCompletedWithValue(new Response.Nil());
        busy.answer();
        h.scheduler.runUntilIdle();
        assertThat(h.set.status().ready()).isEqualTo(2);
        assertThat(h.events(PeerSetEvent.Broadcast.class)).singleElement()
                .satisfies(b -> assertThat(b.later()).isEqualTo(1));
    }

    @Test
    void aNewerAdvertiseBlockToAllSupersedesTheQueuedOne() {
        SetHarness h = new SetHarness();
        FakePeer idle = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer busy = h.add(FakePeer.holding("203.0.113.2:8233"));
        idle.hold();
        h.call(PEERS);
        h.call(PEERS);
        idle.answer();
        h.scheduler.runUntilIdle();
        idle.respondWith(FakePeer::empty);
        var first = h.call(new Request.AdvertiseBlockToAll(hash(1)));
        assertThat(first).isNotDone();
        var second = h.call(new Request.AdvertiseBlockToAll(hash(2)));
        assertThat(first).as("superseded").isCompletedWithValue(new Response.Nil());
        busy.answer();
        h.scheduler.runUntilIdle();
        assertThat(busy.received()).last().isEqualTo(new Request.AdvertiseBlockToAll(hash(2)));
        assertThat(busy.received()).doesNotContain(new Request.AdvertiseBlockToAll(hash(1)));
        assertThat(second).isCompletedWithValue(new Response.Nil());
    }

    @Test
    void aSelectorThatThrowsFailsTheRequestButNotTheSet() {
        SetHarness h = new SetHarness();
        boolean[] broken = {true};
        DefaultPeerSet set = DefaultPeerSet.create(PeerSetConfig.builder(Network.MAINNET).build(),
                io.peerset.core.common.PeerSetContext.builder(h.scheduler, new java.util.SplittableRandom(1), h.scheduler)
                        .loopSpins(0).selector((c, r) -> {
                            if (broken[0]) {
                                throw new IllegalStateException("selector bug");
                            }
                            return 0;
                        }).build());
        set.addPeer(FakePeer.answering("203.0.113.1:8233"));
        set.addPeer(FakePeer.answering("203.0.113.2:8233"));
        h.scheduler.runUntilIdle();
        var f = set.call(PEERS);
        h.scheduler.runUntilIdle();
        assertThat(failure(f)).isInstanceOf(IllegalStateException.class).hasMessage("selector bug");
        broken[0] = false;
        var g = set.call(PEERS);
        h.scheduler.runUntilIdle();
        assertThat(g).isCompletedWithValue(EMPTY_PEERS);
    }

    @Test
    void whenTheLoopExecutorRefusesWorkTheSetClosesAndNothingIsLeftPending() {
        SetHarness h = new SetHarness();
        java.util.concurrent.ExecutorService dead = java.util.concurrent.Executors.newSingleThreadExecutor();
        dead.shutdown();
        List<PeerSetEvent> events = new ArrayList<>();
        DefaultPeerSet set = DefaultPeerSet.create(PeerSetConfig.builder(Network.MAINNET).build(),
                io.peerset.core.common.PeerSetContext.builder(h.scheduler, new java.util.SplittableRandom(1), dead)
                        .listener(events::add).build());
        FakePeer p = FakePeer.answering("203.0.113.1:8233");
        set.addPeer(p); // the first task is refused: the set closes on this thread
        assertThat(set.closeFuture()).isDone();
        assertThat(p.isClosed()).isTrue();
        assertThat(failure(set.call(PEERS))).isInstanceOf(PeerException.ServiceShutdown.class);
        assertThat(events).filteredOn(e -> e instanceof PeerSetEvent.PeerRejected).hasSize(1);
    }

    @Test
    void aRequestToAPeerThatFailedBeforeTheSetHeardOfItGoesToAnotherPeer() {
        SetHarness h = new SetHarness();
        FakePeer a = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer b = h.add(FakePeer.answering("203.0.113.2:8233"));
        for (int i = 0; i < 10; i++) {
            a.die(new PeerException.ConnectionClosed()); // its close event is queued behind the call below
            var f = h.set.call(PEERS);
            h.scheduler.runUntilIdle();
            assertThat(f).isCompletedWithValue(EMPTY_PEERS);
        }
        assertThat(a.violations()).isEmpty();
        assertThat(b.received()).hasSize(10);
    }

    @Test
    void threeEmptySearchesInARowWhileSyncingRemoveAPeer() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.answering("203.0.113.1:8233"));
        p.respondWith(r -> new Response.BlockHashes(List.of()));
        Request<?> find = new Request.FindBlocks(List.of(hash(1)), Hash32.ofInternal(new byte[32]));
        h.call(find);
        h.call(find);
        assertThat(p.isClosed()).isFalse();
        h.call(find);
        assertThat(p.isClosed()).isTrue();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.STALLED));

        SetHarness atTip = new SetHarness();
        atTip.tip.syncing(false);
        FakePeer q = atTip.add(FakePeer.answering("203.0.113.1:8233"));
        q.respondWith(r -> new Response.BlockHashes(List.of()));
        for (int i = 0; i < 5; i++) {
            atTip.call(find);
        }
        assertThat(q.isClosed()).as("not tracked at the tip").isFalse();

        SetHarness failing = new SetHarness();
        FakePeer x = failing.add(FakePeer.holding("203.0.113.1:8233"));
        for (int i = 0; i < 3; i++) {
            failing.call(find);
            x.fail(new PeerException.ConnectionReceiveTimeout()); // an error counts as a stall
            failing.scheduler.runUntilIdle();
        }
        assertThat(x.isClosed()).isTrue();

        SetHarness cleared = new SetHarness();
        FakePeer c = cleared.add(FakePeer.answering("203.0.113.1:8233"));
        c.respondWith(r -> new Response.BlockHashes(List.of()));
        cleared.call(find);
        cleared.call(find);
        c.respondWith(r -> new Response.BlockHashes(List.of(hash(2))));
        cleared.call(find);
        c.respondWith(r -> new Response.BlockHashes(List.of()));
        cleared.call(find);
        cleared.call(find);
        assertThat(c.isClosed()).as("a non-empty answer resets the count").isFalse();
    }

    @Test
    void misbehaviourIsBatchedIntoTheAddressBookAndABanRemovesThePeer() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.answering("203.0.113.1:8233"));
        h.set.reportMisbehavior(p.address(), 30, "first");
        h.set.reportMisbehavior(p.address(), 40, "second");
        h.scheduler.advance(PeerSetConstants.MISBEHAVIOR_FLUSH_INTERVAL.minusMillis(1));
        assertThat(h.book.changes()).isEmpty();
        h.scheduler.advance(Duration.ofMillis(1));
        assertThat(h.book.changes()).containsExactly(new AddressChange.UpdateMisbehavior(p.address(), 70, "second"));
        h.book.ban(p.address().ip());
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        assertThat(p.isClosed()).isTrue();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.BANNED));
    }

    @Test
    void maintenanceChecksIdlePeersForBansOnlyAfterTheBookIssuedOne() {
        SetHarness h = new SetHarness();
        FakePeer a = h.add(FakePeer.answering("203.0.113.1:8233"));
        FakePeer b = h.add(FakePeer.answering("203.0.113.2:8233"));
        FakePeer c = h.add(FakePeer.answering("203.0.113.3:8233"));
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL); // the first maintenance checks once
        long checks = h.book.banChecks();
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL.multipliedBy(10));
        assertThat(h.book.banChecks()).as("no ban issued: no check").isEqualTo(checks);

        h.book.ban(a.address().ip());
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        assertThat(a.isClosed()).isTrue();
        assertThat(h.book.banChecks()).isEqualTo(checks + 3);
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL.multipliedBy(10));
        assertThat(h.book.banChecks()).isEqualTo(checks + 3);

        h.book.ban(c.address().ip());
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        assertThat(c.isClosed()).isTrue();
        assertThat(b.isClosed()).isFalse();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).extracting(PeerSetEvent.PeerRemoved::peer)
                .containsExactly(a.address(), c.address());
    }

    @Test
    void aBookThatDoesNotCountItsBansHasTheIdlePeersCheckedEveryInterval() {
        FakeAddressBook fake = new FakeAddressBook();
        // the fake with AddressBook's default bansIssued (empty: "not counted")
        AddressBook notCounting = (AddressBook) Proxy.newProxyInstance(AddressBook.class.getClassLoader(),
                new Class<?>[] {AddressBook.class}, (proxy, method, args) -> method.getName().equals("bansIssued")
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(fake, args));
        assertThat(notCounting.bansIssued()).isEmpty();
        VirtualScheduler scheduler = new VirtualScheduler();
        DefaultPeerSet set = DefaultPeerSet.create(PeerSetConfig.builder(Network.MAINNET).build(),
                PeerSetContext.builder(scheduler, new SplittableRandom(1), scheduler)
                        .addressBook(notCounting).loopSpins(0).build());
        FakePeer a = FakePeer.answering("203.0.113.1:8233");
        FakePeer b = FakePeer.answering("203.0.113.2:8233");
        set.addPeer(a);
        set.addPeer(b);
        scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        long checks = fake.banChecks();
        scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL.multipliedBy(3));
        assertThat(fake.banChecks()).isEqualTo(checks + 3 * 2);
        fake.ban(b.address().ip());
        scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL);
        assertThat(b.isClosed()).isTrue();
        assertThat(a.isClosed()).isFalse();
        set.close();
        scheduler.advance(Duration.ofSeconds(30));
    }

    @Test
    void aPeerBannedWhileBusyLeavesWhenItBecomesReadyAfterTheBanWasCounted() {
        SetHarness h = new SetHarness();
        FakePeer p = h.add(FakePeer.holding("203.0.113.1:8233"));
        var answer = h.call(new Request.Peers());
        h.book.ban(p.address().ip());
        h.scheduler.advance(CoreConstants.PEER_SET_MAINTENANCE_INTERVAL.multipliedBy(3));
        assertThat(p.isClosed()).as("busy: maintenance leaves it").isFalse();
        p.answer(new Response.Peers(List.of()));
        h.scheduler.runUntilIdle();
        assertThat(answer).isCompleted();
        assertThat(p.isClosed()).isTrue();
        assertThat(h.events(PeerSetEvent.PeerRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.BANNED));
    }

    @Test
    void loadMovesToTheFasterPeers() {
        SetHarness h = new SetHarness(PeerSetConfig.builder(Network.MAINNET).build(), 3);
        List<FakePeer> peers = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            peers.add(h.add(FakePeer.holding("10.1." + (i / 250) + "." + (i % 250 + 1) + ":8233")));
        }
        // peers 0..14 answer in 10 ms, the rest in 2 s: callers keep 20 requests in flight
        int[] scheduledFor = new int[75]; // the request count an answer was scheduled for, per peer
        int total = 3_000;
        int[] started = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started[0]++ < total) {
                h.set.call(PEERS).whenComplete((r, t) -> next[0].run());
            }
        };
        for (int i = 0; i < 20; i++) {
            next[0].run();
        }
        while (started[0] <= total) {
            h.scheduler.runUntilIdle();
            for (int i = 0; i < 75; i++) {
                FakePeer p = peers.get(i);
                int token = p.received().size();
                if (p.hasInFlight() && scheduledFor[i] != token) {
                    scheduledFor[i] = token;
                    h.scheduler.schedule(Duration.ofMillis(i < 15 ? 10 : 2_000), () -> {
                        if (p.hasInFlight() && p.received().size() == token) {
                            p.answer();
                        }
                    });
                }
            }
            if (!h.scheduler.advanceToNextTask()) {
                break;
            }
        }
        long fast = 0;
        for (int i = 0; i < 15; i++) {
            fast += peers.get(i).received().size();
        }
        long all = peers.stream().mapToLong(p -> p.received().size()).sum();
        assertThat(all).isGreaterThanOrEqualTo(total);
        // Power of two choices can give the fast fifth at most the draws that include one of them
        // (1 - 60/75 * 59/74 = 36%) plus the draws where both slow peers are busy; a fair share is 20%.
        assertThat((double) fast / all).as("share of the 15 fast peers (20%% of the peers)").isGreaterThan(0.35);
        double perFast = fast / 15.0;
        double perSlow = (all - fast) / 60.0;
        assertThat(perFast / perSlow).as("requests per fast peer / per slow peer").isGreaterThan(2.5);
        assertThat(peers).allSatisfy(p -> assertThat(p.violations()).isEmpty());
    }
}
