package io.peerset.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Netgroups;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.core.PeerSets;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.discovery.ConnectionCounter;
import io.peerset.core.discovery.InboundListener;
import io.peerset.core.discovery.InboundPeers;
import io.peerset.core.discovery.RecentByIp;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The inbound loop on the in-memory network under virtual time: a flood from a few IPs, each
 * dialling many times at once, meets the inbound limit, the per-IP throttle and bans; every
 * inbound slot is released exactly once.
 */
class InboundListenerTest {

    private final PeerHarness h = new PeerHarness();
    private final List<PeerSetEvent> events = new ArrayList<>();
    private final List<Duration> addedAt = new ArrayList<>();

    private CorePeerSet peerSet() {
        return PeerSets.create(PeerSetConfig.builder(PeerHarness.NETWORK).maxConnectionsPerIp(3).build(),
                PeerSetContext.builder(h.scheduler, new SplittableRandom(3), h.scheduler).loopSpins(0)
                        .listener(e -> {
                            events.add(e);
                            if (e instanceof PeerSetEvent.PeerAdded) {
                                addedAt.add(h.scheduler.elapsed());
                            }
                        }).build());
    }

    private Acceptor listen() {
        CompletableFuture<Acceptor> listening = h.local.listen(PeerHarness.ourListener());
        h.scheduler.runUntilIdle();
        return listening.join();
    }

    /** One host dials our listener {@code times} times at once, each dial a handshaking scripted peer. */
    private List<ScriptedPeer> flood(String ip, int times, long nonceBase) {
        InMemoryTransport host = h.net.transport(PeerHarness.NETWORK, ip);
        PeerAddress announced = PeerAddress.parse(ip + ":" + PeerHarness.NETWORK.defaultPort());
        List<ScriptedPeer> dialers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            CompletableFuture<Connection> dialled = host.connect(PeerHarness.ourListener(), Duration.ofSeconds(3));
            h.scheduler.runUntilIdle();
            ScriptedPeer peer = ScriptedPeer.attach(dialled.join());
            peer.handshake(PeerHarness.versionOf(announced, PeerHarness.NETWORK.protocolVersion(), nonceBase + i,
                    PeerServices.NETWORK));
            dialers.add(peer);
        }
        return dialers;
    }

    @Test
    void aFloodMeetsTheInboundLimitAndThePerIpThrottleAndEverySlotIsReleasedOnce() {
        CorePeerSet set = peerSet();
        ConnectionCounter inbound = new ConnectionCounter("inbound", 4);
        InboundListener listener = new InboundListener(listen(), h.connector(), set, Optional.empty(), inbound,
                new RecentByIp(2, 1_000), h.scheduler, PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL,
                PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL);
        listener.start();
        Map<String, List<ScriptedPeer>> byIp = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            String ip = "10.7.0." + (i + 1);
            byIp.put(ip, flood(ip, 4, 0x1000L * (i + 1)));
        }
        int maxSeen = 0;
        for (int s = 0; s < 60; s++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            maxSeen = Math.max(maxSeen, inbound.count());
        }
        assertThat(maxSeen).as("inbound slots never exceed the limit").isLessThanOrEqualTo(4);
        assertThat(set.status().total()).isEqualTo(4);
        assertThat(listener.handshakesOk()).isEqualTo(4);
        assertThat(listener.dropped()).isEqualTo(20 - 4);
        // per IP: at most 2 attempts within 119 s, whatever the flood
        for (List<ScriptedPeer> dialers : byIp.values()) {
            long handshaken = dialers.stream().filter(d -> d.received().stream()
                    .anyMatch(m -> m instanceof io.peerset.wire.VerackMessage)).count();
            assertThat(handshaken).isLessThanOrEqualTo(2);
        }
        assertThat(addedAt).hasSize(4);
        assertThat(addedAt.get(3).minus(addedAt.get(0))).as("paced: 1 s after each accepted connection")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        set.close();
        h.scheduler.runUntilIdle();
        assertThat(inbound.count()).as("every slot released").isZero();
        assertThat(inbound.releasedTotal()).isEqualTo(inbound.reservedTotal());
        listener.close();
    }

    @Test
    void aBannedIpIsDroppedBeforeAnyHandshakeAndAFailedHandshakeFreesItsSlot() {
        CorePeerSet set = peerSet();
        io.peerset.testkit.doubles.FakeAddressBook bans = new io.peerset.testkit.doubles.FakeAddressBook();
        bans.ban(PeerAddress.parse("10.7.0.9:1").ip());
        ConnectionCounter inbound = new ConnectionCounter("inbound", 4);
        InboundListener listener = new InboundListener(listen(), h.connector(), set, Optional.of(bans), inbound,
                new RecentByIp(5, 1_000), h.scheduler, Duration.ofSeconds(1), Duration.ofMillis(10));
        listener.start();
        List<ScriptedPeer> banned = flood("10.7.0.9", 2, 0x9000);
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(listener.dropped()).isEqualTo(2);
        assertThat(banned).allSatisfy(d -> assertThat(d.received())
                .noneMatch(m -> m instanceof io.peerset.wire.VersionMessage));
        // a peer that never answers the handshake: its slot comes back after the 3 s handshake timeout
        InMemoryTransport silent = h.net.transport(PeerHarness.NETWORK, "10.7.0.10");
        silent.connect(PeerHarness.ourListener(), Duration.ofSeconds(3));
        h.scheduler.advance(Duration.ofSeconds(1));
        assertThat(inbound.count()).isEqualTo(1);
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(inbound.count()).isZero();
        assertThat(listener.handshakesFailed()).isEqualTo(1);
        listener.close();
        set.close();
        h.scheduler.runUntilIdle();
    }

    /** A started listener with the reference's pauses and {@code atOnce} handshakes at once. */
    private InboundListener pacedListener(CorePeerSet set, ConnectionCounter inbound, int perIp, int atOnce) {
        InboundListener listener = new InboundListener(listen(), h.connector(), set, Optional.empty(), inbound,
                new RecentByIp(perIp, 1_000), h.scheduler, PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL,
                PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL, atOnce, null);
        listener.start();
        return listener;
    }

    /** A started listener with 8 handshakes at once and the given inbound peers (eviction, group cap). */
    private InboundListener evictingListener(CorePeerSet set, ConnectionCounter inbound, InboundPeers peers,
                                             List<NodeEvent> nodeEvents) {
        InboundListener listener = new InboundListener(listen(), h.connector(), set, Optional.empty(), inbound,
                new RecentByIp(3, 1_000), h.scheduler, PeerSetConstants.MIN_INBOUND_PEER_CONNECTION_INTERVAL,
                PeerSetConstants.MIN_INBOUND_PEER_FAILED_CONNECTION_INTERVAL, 8, peers);
        listener.onEvent(nodeEvents::add);
        listener.start();
        return listener;
    }

    /**
     * Issue 16 §1.4: with the inbound slots full, a newcomer takes the slot of the youngest peer of the
     * network group with the most unprotected peers; the older peers of other groups stay, and the
     * slot count never exceeds the limit.
     */
    @Test
    void aNewcomerEvictsTheYoungestOfTheCrowdedGroupWhenTheSlotsAreFull() {
        CorePeerSet set = peerSet();
        ConnectionCounter inbound = new ConnectionCounter("inbound", 30);
        InboundPeers peers = new InboundPeers(PeerObserver.NONE, Netgroups.defaults(), h.scheduler, true, 0, 42);
        List<NodeEvent> nodeEvents = new ArrayList<>();
        InboundListener listener = evictingListener(set, inbound, peers, nodeEvents);
        List<ScriptedPeer> diverse = new ArrayList<>();
        for (int i = 0; i < 18; i++) { // older, each in a /16 of its own
            diverse.addAll(flood("11." + (10 + i) + ".0.1", 1, 0x3000L + i));
            h.scheduler.advance(Duration.ofSeconds(1));
        }
        List<ScriptedPeer> crowded = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // younger, all in 11.1.0.0/16
            crowded.addAll(flood("11.1.0." + (i + 1), 1, 0x4000L + i));
            h.scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(inbound.count()).isEqualTo(30);
        assertThat(peers.size()).isEqualTo(30);

        List<ScriptedPeer> newcomer = flood("11.200.0.1", 1, 0x5000L);
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(listener.evictions()).isOne();
        assertThat(crowded.get(11).closeReason()).as("the youngest of the crowded /16").isPresent();
        assertThat(diverse).allSatisfy(p -> assertThat(p.closeReason()).isEmpty());
        assertThat(crowded.subList(0, 11)).allSatisfy(p -> assertThat(p.closeReason()).isEmpty());
        assertThat(newcomer.get(0).closeReason()).isEmpty();
        assertThat(inbound.count()).isEqualTo(30);
        assertThat(nodeEvents).filteredOn(e -> e instanceof NodeEvent.InboundEvicted).singleElement()
                .satisfies(e -> {
                    NodeEvent.InboundEvicted ev = (NodeEvent.InboundEvicted) e;
                    assertThat(ev.netgroup()).isEqualTo("11.1.0.0/16");
                    assertThat(ev.protectedByGroup()).isEqualTo(4);
                    assertThat(ev.protectedByAge()).isEqualTo(13);
                });
        listener.close();
        set.close();
        h.scheduler.runUntilIdle();
        assertThat(inbound.count()).as("every slot released once, the handed-over one included").isZero();
    }

    @Test
    void withoutEvictionAFullListenerRefusesAsTheReference() {
        CorePeerSet set = peerSet();
        ConnectionCounter inbound = new ConnectionCounter("inbound", 3);
        InboundPeers peers = new InboundPeers(PeerObserver.NONE, Netgroups.defaults(), h.scheduler, false, 2, 42);
        List<NodeEvent> nodeEvents = new ArrayList<>();
        InboundListener listener = evictingListener(set, inbound, peers, nodeEvents);
        flood("11.1.0.1", 1, 0x6000L);
        flood("11.1.0.2", 1, 0x6001L);
        List<ScriptedPeer> third = flood("11.1.0.3", 1, 0x6002L); // the group holds 2: refused
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(third.get(0).closeReason()).isPresent();
        assertThat(nodeEvents).contains(new NodeEvent.InboundDropped(PeerAddress.parse("11.1.0.3:" + third.get(0)
                .connection().localAddress().port()), NodeEvent.DropReason.NETGROUP_LIMIT));
        flood("11.2.0.1", 1, 0x6003L);
        List<ScriptedPeer> fifth = flood("11.3.0.1", 1, 0x6004L); // full, no eviction: refused
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(fifth.get(0).closeReason()).isPresent();
        assertThat(listener.evictions()).isZero();
        assertThat(inbound.count()).isEqualTo(3);
        listener.close();
        set.close();
        h.scheduler.runUntilIdle();
    }

    /**
     * Issue 16 §8: with handshakes at once set, a burst of honest dials from many hosts is served in
     * well under a second each (the reference, one accept per second, serves 10 in 9 s, and a dialer
     * that waits more than its 3 s budget gives up).
     */
    @Test
    void aBurstOfHonestDialsIsServedAsFastAsHandshakesComplete() {
        CorePeerSet set = peerSet();
        ConnectionCounter inbound = new ConnectionCounter("inbound", 50);
        InboundListener listener = pacedListener(set, inbound, 2, 8);
        for (int i = 0; i < 10; i++) {
            flood("10.8.0." + (i + 1), 1, 0x2000L * (i + 1));
        }
        h.scheduler.advance(Duration.ofSeconds(3));
        assertThat(listener.handshakesOk()).as("every dial within its budget").isEqualTo(10);
        assertThat(addedAt.get(9)).as("8 accepts per accept pause: 10 in about 1.1 s").isLessThan(Duration.ofMillis(1_500));
        listener.close();
        set.close();
        h.scheduler.runUntilIdle();
    }

    /**
     * Silent dialers (slowloris) hold at most {@code handshakesAtOnce} handshakes; the listener waits
     * for one to end (3 s timeout) before it accepts again, so such a flood costs a bounded number of
     * handshakes per second whatever its size.
     */
    @Test
    void silentDialersHoldAtMostTheHandshakesAtOnce() {
        CorePeerSet set = peerSet();
        ConnectionCounter inbound = new ConnectionCounter("inbound", 100);
        InboundListener listener = pacedListener(set, inbound, 100, 3);
        for (int i = 0; i < 30; i++) {
            h.net.transport(PeerHarness.NETWORK, "10.9.0." + (i + 1)).connect(PeerHarness.ourListener(), Duration.ofSeconds(30));
        }
        int maxInFlight = 0;
        for (int s = 0; s < 100; s++) {
            h.scheduler.advance(Duration.ofMillis(100));
            maxInFlight = Math.max(maxInFlight, inbound.count());
        }
        assertThat(maxInFlight).as("slots held by silent handshakes").isEqualTo(3);
        // 10 s: three at a time, each for its 3 s budget, the next accepted when one ends
        assertThat(listener.handshakesFailed()).isBetween(6L, 12L);
        listener.close();
        set.close();
        h.scheduler.runUntilIdle();
    }
}
