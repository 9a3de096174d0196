package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.BannedIp;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSetException;
import io.peerset.api.Subnet;
import io.peerset.api.spi.NodeStorage;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The operator's view and commands (issue 17 §1): peers(), connect, disconnect, ban, unban, reload. */
class ControlTest {

    private static <T> T done(NodeNet n, CompletableFuture<T> f) {
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(f).isDone();
        return f.join();
    }

    private static Throwable failure(NodeNet n, CompletableFuture<?> f) {
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(f).isCompletedExceptionally();
        Throwable e = f.handle((v, t) -> t).join();
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Test
    void peersShowWhoEachPeerIsAndHowItIsUsed() {
        NodeNet n = new NodeNet(1);
        List<PeerAddress> listeners = List.of(NodeNet.address("20.1.0.1"), NodeNet.address("21.1.0.1"));
        List<DefaultNode> far = new ArrayList<>();
        listeners.forEach(a -> far.add(n.start(NodeNet.config(a.ipText(), 2).build(), List.of())));
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 2).build(), List.of(NodeNet.seeder(listeners)));
        n.scheduler.advance(Duration.ofMinutes(3)); // heartbeats: requests answered
        List<PeerInfo> peers = done(n, node.peers());
        assertThat(peers).extracting(PeerInfo::address).containsExactlyInAnyOrderElementsOf(listeners);
        for (PeerInfo p : peers) {
            assertThat(p.inbound()).isFalse();
            assertThat(p.userAgent()).startsWith("/peerset");
            assertThat(p.negotiatedVersion()).isEqualTo(NodeNet.NETWORK.protocolVersion());
            assertThat(p.announcedVersion()).isEqualTo(NodeNet.NETWORK.protocolVersion());
            assertThat(p.startHeight()).isEqualTo(2_500_000);
            assertThat(p.netgroup()).isEqualTo(p.address().ipText().replaceAll("\\.[0-9]+\\.[0-9]+$", ".0.0") + "/16");
            assertThat(p.connectedSince()).isBefore(n.scheduler.instant());
            assertThat(p.state()).isIn(PeerInfo.State.READY, PeerInfo.State.BUSY, PeerInfo.State.CHECKING);
            assertThat(p.loadMillis()).isPositive();
            assertThat(p.traffic().messagesReceived()).as("pongs at least").isPositive();
            assertThat(p.traffic().messagesSent()).isPositive();
            assertThat(p.misbehaviorScore()).isZero();
        }
        List<PeerInfo> seen = done(n, far.get(0).peers());
        assertThat(seen).filteredOn(p -> p.address().ipText().equals("10.9.0.1")).singleElement().satisfies(p -> {
            assertThat(p.inbound()).isTrue();
            assertThat(p.netgroup()).as("a private address is a group of its own").isEqualTo("10.9.0.1");
        });
        n.closeAll();
        assertThat(done(n, node.peers())).as("a closed node has no peers").isEmpty();
    }

    @Test
    void connectDialsNowKeepsWhenAskedAndSaysWhyItRefuses() {
        NodeNet n = new NodeNet(2);
        PeerAddress other = NodeNet.address("30.1.0.1");
        PeerAddress seeded = NodeNet.address("31.1.0.1");
        // two connections per IP at the far node: learning our address, it may dial us too
        DefaultNode far = n.start(NodeNet.config(other.ipText(), 1).peerSet(io.peerset.api.PeerSetConfig
                .builder(NodeNet.NETWORK).initialTargetSize(1).maxConnectionsPerIp(2).build()).build(), List.of());
        n.start(NodeNet.config(seeded.ipText(), 1).build(), List.of());
        // target 1, held by the seeded peer: the crawler dials nothing more, every other dial is the operator's
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 1).peerSet(io.peerset.api.PeerSetConfig
                        .builder(NodeNet.NETWORK).initialTargetSize(1).maxConnectionsPerIp(2).build()).build(),
                List.of(NodeNet.seeder(List.of(seeded))));
        n.scheduler.advance(Duration.ofSeconds(10));
        List<NodeEvent.ControlAction> actions = new ArrayList<>();
        List<NodeEvent.DialChosen> dials = new ArrayList<>();
        node.addNodeListener(e -> {
            if (e instanceof NodeEvent.ControlAction c) {
                actions.add(c);
            } else if (e instanceof NodeEvent.DialChosen d && d.reason() == NodeEvent.DialReason.OPERATOR) {
                dials.add(d);
            }
        });
        ConnectionInfo info = done(n, node.connect(other, true));
        assertThat(info.remoteAddress()).isEqualTo(other);
        assertThat(node.keptPeers()).containsExactly(other);
        assertThat(dials).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo("kept");
            assertThat(d.netgroup()).isEqualTo("30.1.0.0/16");
        });
        assertThat(actions).last().satisfies(a -> {
            assertThat(a.action()).isEqualTo(NodeEvent.Action.CONNECT);
            assertThat(a.refused()).isFalse();
            assertThat(a.detail()).isEqualTo("connected, kept");
        });

        assertThat(failure(n, node.connect(other, false))).isInstanceOf(PeerSetException.class)
                .hasMessage("connect: " + other + " is already connected");
        assertThat(failure(n, node.connect(PeerAddress.parse("30.1.0.2:8232"), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address: 30.1.0.2:8232 (expected:");
        assertThat(actions).last().satisfies(a -> assertThat(a.refused()).isTrue());

        // the far side drops it: a kept address is dialled again two minutes later (sooner, the far
        // listener would refuse an IP it saw within 119 s)
        assertThat(done(n, far.disconnect(PeerAddress.parse("10.9.0.1:1")))).as("another port").isZero();
        PeerAddress ours = done(n, far.peers()).stream().filter(PeerInfo::inbound).map(PeerInfo::address)
                .findFirst().orElseThrow();
        assertThat(done(n, far.disconnect(ours))).isEqualTo(1);
        assertThat(done(n, node.peers())).extracting(PeerInfo::address).doesNotContain(other);
        n.scheduler.advance(Duration.ofSeconds(240));
        assertThat(dials.size()).as("one dial per two minutes at most").isBetween(2, 3);
        assertThat(done(n, node.peers())).extracting(PeerInfo::address).as("%s", dials).contains(other);

        // disconnect closes it and forgets it
        assertThat(done(n, node.disconnect(other))).isEqualTo(1);
        assertThat(node.keptPeers()).isEmpty();
        int before = dials.size();
        n.scheduler.advance(Duration.ofMinutes(3));
        assertThat(dials).as("not kept any more").hasSize(before);
        n.closeAll();
    }

    @Test
    void connectRefusesWhenEveryOutboundSlotIsTaken() {
        NodeNet n = new NodeNet(3);
        // target 1: an outbound limit of 3
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 1).build(), List.of());
        for (int i = 0; i < 4; i++) {
            n.start(NodeNet.config((40 + i) + ".1.0.1", 1).build(), List.of());
        }
        for (int i = 0; i < 3; i++) {
            done(n, node.connect(NodeNet.address((40 + i) + ".1.0.1"), false));
        }
        assertThat(failure(n, node.connect(NodeNet.address("43.1.0.1"), false))).isInstanceOf(PeerSetException.class)
                .hasMessage("connect: every outbound slot is taken (3 of 3); disconnect a peer first");
        n.closeAll();
    }

    @Test
    void aBanClosesTheBlocksPeersAndLastsUntilLifted() {
        NodeNet n = new NodeNet(4);
        PeerAddress a = NodeNet.address("50.1.0.1");
        PeerAddress b = NodeNet.address("50.1.0.2");
        n.start(NodeNet.config(a.ipText(), 1).build(), List.of());
        n.start(NodeNet.config(b.ipText(), 1).build(), List.of());
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 1).maxOutboundPerNetgroup(0).build(), List.of(),
                NodeStorage.inMemory(), x -> { });
        done(n, node.connect(a, true));
        done(n, node.connect(b, false));
        assertThat(done(n, node.peers())).hasSize(2);

        BannedIp ban = done(n, node.ban(Subnet.parse("50.1.0.0/16"), Duration.ofHours(2), "test\nban"));
        assertThat(ban.byOperator()).isTrue();
        assertThat(ban.reason()).isEqualTo("test?ban");
        assertThat(done(n, node.peers())).as("its peers closed").isEmpty();
        assertThat(node.bans()).containsExactly(ban);
        assertThat(failure(n, node.connect(b, false))).hasMessage("connect: " + b + " is banned (unban it first)");
        n.scheduler.advance(Duration.ofMinutes(2));
        assertThat(done(n, node.peers())).as("the kept address is not dialled while banned").isEmpty();

        assertThat(failure(n, node.ban(Subnet.parse("60.0.0.0/8"), Duration.ZERO, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("duration: PT0S");
        assertThat(done(n, node.unban(Subnet.parse("50.1.0.0/24")))).as("not the banned block").isFalse();
        assertThat(done(n, node.unban(Subnet.parse("50.1.0.0/16")))).isTrue();
        assertThat(node.bans()).isEmpty();
        n.scheduler.advance(Duration.ofMinutes(2));
        assertThat(done(n, node.peers())).as("the kept address is back").extracting(PeerInfo::address).containsExactly(a);
        n.closeAll();
    }

    @Test
    void reloadAsksTheSourcesAgain() {
        NodeNet n = new NodeNet(5);
        List<PeerAddress> answer = new ArrayList<>();
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 2).build(),
                List.of(io.peerset.api.spi.CandidateSourceProvider.of("changing",
                        () -> CompletableFuture.completedFuture(List.copyOf(answer)))));
        n.scheduler.advance(Duration.ofSeconds(10));
        assertThat(done(n, node.peers())).isEmpty();
        PeerAddress later = NodeNet.address("70.1.0.1");
        n.start(NodeNet.config(later.ipText(), 1).build(), List.of());
        answer.add(later);
        assertThat(done(n, node.reloadSources())).isEqualTo(1);
        n.scheduler.advance(Duration.ofSeconds(10));
        assertThat(done(n, node.peers())).extracting(PeerInfo::address).containsExactly(later);
        n.closeAll();
    }

    @Test
    void aConnectionThePeerSetRefusesIsReportedAsRefused() {
        NodeNet n = new NodeNet(6);
        PeerAddress other = NodeNet.address("80.1.0.1");
        DefaultNode far = n.start(NodeNet.config(other.ipText(), 1).build(), List.of());
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 1).build(), List.of());
        done(n, far.connect(NodeNet.address("10.9.0.1"), false)); // far -> node: one connection of that IP
        assertThat(failure(n, node.connect(other, false))).isInstanceOf(PeerSetException.class)
                .hasMessageStartingWith("connect: the peer set refused " + other);
        n.closeAll();
    }

    @Test
    void aDisconnectDuringTheDialClosesThePeerOnceItConnects() {
        NodeNet n = new NodeNet(7);
        PeerAddress other = NodeNet.address("90.1.0.1");
        n.start(NodeNet.config(other.ipText(), 1).build(), List.of());
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 1).build(), List.of());
        CompletableFuture<ConnectionInfo> connecting = node.connect(other, true); // nothing has run yet
        assertThat(node.disconnect(other)).isNotNull();
        assertThat(failure(n, connecting)).isInstanceOf(PeerSetException.class)
                .hasMessage("connect: " + other + " was disconnected while connecting");
        assertThat(done(n, node.peers())).isEmpty();
        assertThat(node.keptPeers()).isEmpty();
        assertThat(node.outboundCounter().count()).as("its slot released").isZero();
        n.closeAll();
    }
}
