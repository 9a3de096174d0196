package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.core.PeerSetModule;
import io.peerset.core.PeerSets;
import io.peerset.core.Threading;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole nodes over real TCP on 127.0.0.1, assembled by the node builder and by Guice ({@link PeerSets#nodeBuilder}, {@link PeerSetModule#nodeBuilder}) with the
 * providers found on the module path (the Netty transport, the default address book).
 */
@Timeout(60)
class NodeIntegrationTest {

    private static final Network NETWORK = Network.MAINNET;
    private final List<PeerSetNode> nodes = new ArrayList<>();

    @TempDir
    Path cache;

    /** Loopback nodes share one IP, so the per-IP limit is raised; no DNS, no cache unless asked. */
    private static NodeConfig.Builder config(List<PeerAddress> peers) {
        return NodeConfig.builder(NETWORK).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(peers.stream().map(PeerAddress::toString).toList())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(4).maxConnectionsPerIp(50).build())
                .acceptPacing(Duration.ofMillis(10), Duration.ofMillis(10));
    }

    private PeerSetNode start(NodeConfig config) {
        PeerSetNode node = PeerSets.nodeBuilder(config).chainTip(NodeNet.TIP).start();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(PeerSetNode::close);
    }

    @Test
    void aListenerThatClosesTheNodeDoesNotBlockTheShutdownItStarts() {
        PeerSetNode node = start(config(List.of()).build());
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        CopyOnWriteArrayList<String> threads = new CopyOnWriteArrayList<>();
        node.addListener(event -> {
            // the set's loop (a transport I/O thread by default): waiting here for the shutdown would
            // wait for this very thread, for the whole close budget (10 s)
            if (event instanceof PeerSetEvent.DemandSignalled && closing.compareAndSet(false, true)) {
                threads.add(Thread.currentThread().getName());
                node.close();
            }
        });
        node.peerSet().call(new io.peerset.api.Request.Peers()); // no peer: it waits and demand is signalled
        await().atMost(Duration.ofSeconds(5)).until(() -> node.closeFuture().isDone());
        assertThat(node.closeFuture()).isNotCompletedExceptionally();
        assertThat(threads).singleElement().asString().startsWith("peerset-netty");
    }

    @Test
    void startsOnAnEphemeralPortAndClosesCleanly() {
        PeerSetNode node = start(config(List.of()).build());
        assertThat(node.localAddress().port()).isPositive();
        // the crawler's first demand holds slots only while it finds no candidate
        await().atMost(Duration.ofSeconds(5)).until(() -> node.status().outbound() == 0);
        node.close();
        assertThat(node.closeFuture()).isCompleted();
        assertThat(node.closeFuture()).isNotCompletedExceptionally();
        node.close(); // idempotent
    }

    @Test
    void aPortInUseIsOneClearError() {
        PeerSetNode first = start(config(List.of()).build());
        NodeConfig same = config(List.of()).listenAddress(first.localAddress()).build();
        assertThatThrownBy(() -> start(same)).isInstanceOf(PeerSetException.class)
                .hasMessage("cannot listen on " + first.localAddress() + ": address already in use (another process"
                        + " holds it; choose another listen address)");
    }

    /**
     * B and the joiners are configured with A only, and find each other through gossip: A's first
     * crawl learns B's listener from B's connection (its version message); a joiner's first crawl asks
     * A, whose answer is a random half of what A may gossip, its own listener included (reference
     * 4.9), so each joiner learns B with probability 1/2 before its next crawl 31 s later. Ten joiners
     * make "none learns B" a 1-in-1,024 event; a joiner that learns B connects to it when it has a
     * spare outbound slot. One that did is then restarted with no configured peer and no DNS, and
     * reconnects to A and B from its cache.
     */
    @Test
    void nodesFindEachOtherThroughGossipAndARestartUsesTheCache() throws Exception {
        PeerSetNode a = start(config(List.of()).build());
        PeerSetNode b = start(config(List.of(a.localAddress())).build());
        // (A then dials B too; a record being dialled is not gossiped, so wait for the answer)
        await().atMost(Duration.ofSeconds(15)).until(() -> knows(a, b.localAddress()));

        List<PeerSetNode> joiners = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            joiners.add(start(config(List.of(a.localAddress())).cacheDir(cache.resolve("j" + i)).build()));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> joiners.stream()
                .allMatch(j -> ((DefaultNode) j).crawler().crawls() >= 1 && knows(j, a.localAddress())));
        List<PeerSetNode> found = new ArrayList<>();
        // A joiner that learns B dials it only while it has a spare outbound slot (its target may be
        // met by A and other joiners first, and the crawler fills spare slots every crawl interval):
        // wait until some joiner has learnt B through gossip and connected to it.
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            found.clear();
            joiners.stream().filter(j -> knows(j, b.localAddress())).forEach(found::add);
            return !found.isEmpty();
        });
        assertThat(found).as("joiners that learnt B through gossip, and connected to it").isNotEmpty();

        PeerSetNode c = found.get(0);
        Path dir = cache.resolve("j" + joiners.indexOf(c));
        c.close();
        Path file = dir.resolve("network").resolve("mainnet.peers");
        assertThat(Files.readAllLines(file)).contains(a.localAddress().toString(), b.localAddress().toString());

        PeerSetNode restarted = start(config(List.of()).cacheDir(dir).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> knows(restarted, a.localAddress())
                && knows(restarted, b.localAddress()));
    }

    /** @return whether {@code node} has connected to {@code peer} (its record has responded) */
    private static boolean knows(PeerSetNode node, PeerAddress peer) {
        return node.addressBook().entries().stream()
                .anyMatch(e -> e.address().equals(peer) && e.state() == PeerAddrState.RESPONDED);
    }

    /**
     * By default the peer set's loop runs on one of the transport's I/O threads (a request and its
     * answer cross no thread boundary); {@link Threading#ownLoopThread()} gives it a thread of its
     * own. The set's listeners run on its loop, so they tell where it runs.
     */
    @Test
    void thePeerSetsLoopRunsOnAnIoThreadByDefaultOrOnItsOwnThreadWhenAsked() {
        PeerSetNode a = start(config(List.of()).build());
        for (Threading threading : List.of(Threading.threads(), Threading.ownLoopThread())) {
            List<String> loopThreads = new CopyOnWriteArrayList<>();
            PeerSetNode b = PeerSets.nodeBuilder(config(List.of(a.localAddress())).build()).chainTip(NodeNet.TIP)
                    .threading(threading)
                    .listener(event -> {
                        if (event instanceof PeerSetEvent.PeerAdded) {
                            loopThreads.add(Thread.currentThread().getName());
                        }
                    })
                    .start();
            nodes.add(b);
            await().atMost(Duration.ofSeconds(15)).until(() -> !loopThreads.isEmpty());
            assertThat(loopThreads.get(0)).as(threading.toString())
                    .startsWith(threading == Threading.threads() ? "peerset-netty" : "peerset-loop");
            b.close();
        }
    }

    /** A candidate source bound with Guice (Modules.override + Multibinder) is used by the node. */
    @Test
    void aGuiceOverrideAddsACandidateSource() {
        PeerSetNode a = start(config(List.of()).build());
        NodeConfig config = config(List.of()).build();
        PeerSetNode node = PeerSetModule.nodeBuilder(Modules.override(new PeerSetModule(config, InboundService.nil(), NodeNet.TIP))
                .with(binder -> Multibinder.newSetBinder(binder, CandidateSourceProvider.class).addBinding()
                        .toInstance(NodeNet.seeder(List.of(a.localAddress()))))).start();
        nodes.add(node);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().outbound() == 1);
    }
}
