package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.NodeConfig;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.NodeStorage;
import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anchors (issue 16 §1.6): kept at close, dialled first after a restart, read once; the file that keeps them. */
class AnchorsTest {

    /** Listeners in distinct /16s, so that one anchor per group does not hide anything. */
    private static List<PeerAddress> listeners(NodeNet n, int count) {
        List<PeerAddress> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ip = (20 + i) + ".1.0.1";
            all.add(NodeNet.address(ip));
            n.start(NodeNet.config(ip, 2).build(), List.of());
        }
        return all;
    }

    @Test
    void theLongestConnectedOutboundPeersAreDialledFirstAfterARestartAndOnlyOnce() {
        NodeNet n = new NodeNet(5);
        List<PeerAddress> all = listeners(n, 10);
        NodeStorage storage = NodeStorage.inMemory();
        NodeConfig config = NodeNet.config("10.9.0.1", 4).build();
        List<PeerAddress> joined = new ArrayList<>();
        DefaultNode first = n.start(config, List.of(NodeNet.seeder(all)), storage, node -> node.addListener(e -> {
            if (e instanceof PeerSetEvent.PeerAdded a && !a.inbound()) {
                joined.add(a.peer());
            }
        }));
        n.scheduler.advance(Duration.ofMinutes(2));
        assertThat(joined).hasSizeGreaterThanOrEqualTo(2);
        first.close();
        n.scheduler.advance(DefaultNode.CLOSE_WAIT.plusSeconds(1));

        // the restarted node's seeder knows none of them: what it dials first can only be the anchors
        List<NodeEvent.DialChosen> dials = new ArrayList<>();
        List<PeerAddress> connected = new ArrayList<>();
        CandidateSourceProvider elsewhere = NodeNet.seeder(List.of(NodeNet.address("10.200.0.1")));
        n.start(config, List.of(elsewhere), storage, node -> {
            node.addNodeListener(e -> {
                if (e instanceof NodeEvent.DialChosen d) {
                    dials.add(d);
                }
            });
            node.addListener(e -> {
                if (e instanceof PeerSetEvent.PeerAdded a && !a.inbound()) {
                    connected.add(a.peer());
                }
            });
        });
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(dials).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dials.subList(0, 2)).extracting(NodeEvent.DialChosen::reason)
                .containsOnly(NodeEvent.DialReason.ANCHOR);
        assertThat(dials.subList(0, 2)).extracting(NodeEvent.DialChosen::address)
                .containsExactlyInAnyOrderElementsOf(joined.subList(0, 2));
        assertThat(dials.subList(0, 2)).extracting(NodeEvent.DialChosen::from).containsOnly("anchors");
        assertThat(connected).containsAll(joined.subList(0, 2));
        assertThat(dials).filteredOn(d -> d.reason() == NodeEvent.DialReason.INITIAL)
                .extracting(NodeEvent.DialChosen::from).containsOnly("test-seeder");
        // read once: taken at the start, so a crash now would not dial them again
        assertThat(storage.anchors(config.network()).take()).isEmpty();
        n.closeAll();
    }

    /**
     * At its target (spare slots not filled), a node that loses an outbound peer dials a replacement
     * at once, not at the next crawl interval (61 s).
     */
    @Test
    void aLostOutboundPeerIsReplacedAtOnceAtTheTarget() {
        NodeNet n = new NodeNet(8);
        List<PeerAddress> all = listeners(n, 6);
        DefaultNode node = n.start(NodeNet.config("10.9.0.1", 3).build(), List.of(NodeNet.seeder(all)), NodeStorage.inMemory(),
                x -> { });
        n.scheduler.advance(Duration.ofSeconds(30));
        assertThat(node.outboundCounter().count()).isEqualTo(3);
        List<PeerAddress> held = new ArrayList<>();
        node.addListener(e -> {
            if (e instanceof PeerSetEvent.PeerAdded a && !a.inbound()) {
                held.add(a.peer());
            }
        });
        // one of its outbound peers goes away
        DefaultNode gone = n.nodes.stream().filter(d -> all.contains(d.localAddress())
                && node.addressBook().entries().stream().anyMatch(e -> e.address().equals(d.localAddress())
                        && e.state() == io.peerset.api.PeerAddrState.RESPONDED)).findFirst().orElseThrow();
        gone.close();
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(held).as("a replacement within seconds").hasSize(1);
        assertThat(node.outboundCounter().count()).isEqualTo(3);
        n.closeAll();
    }

    /** With a cache directory and no storage: the anchors go to their file, are dialled first, and the file goes. */
    @Test
    void aNodeWithACacheDirectoryKeepsItsAnchorsInTheirFile(@TempDir Path dir) throws Exception {
        NodeNet n = new NodeNet(10);
        List<PeerAddress> all = listeners(n, 8);
        NodeConfig config = NodeNet.config("10.9.0.1", 4).cacheDir(dir).build();
        DefaultNode first = n.start(config, List.of(NodeNet.seeder(all)));
        n.scheduler.advance(Duration.ofMinutes(2));
        assertThat(first.outboundCounter().count()).isGreaterThanOrEqualTo(2);
        first.close();
        n.scheduler.advance(DefaultNode.CLOSE_WAIT.plusSeconds(1));
        Path file = AnchorFile.path(dir, NodeNet.NETWORK);
        assertThat(file).exists();
        List<PeerAddress> kept = new AnchorFile(file, new SplittableRandom(1)).take();
        assertThat(kept).hasSize(2).allMatch(all::contains);
        new AnchorFile(file, new SplittableRandom(1)).write(kept); // put them back for the restart

        List<NodeEvent.DialChosen> dials = new ArrayList<>();
        n.start(config, List.of(NodeNet.seeder(List.of())), n.net.transport(config.network(), config.listenAddress().ipText()),
                io.peerset.core.Providers.addressBookProvider(), node -> node.addNodeListener(e -> {
                    if (e instanceof NodeEvent.DialChosen d) {
                        dials.add(d);
                    }
                }));
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(dials).filteredOn(d -> d.reason() == NodeEvent.DialReason.ANCHOR)
                .extracting(NodeEvent.DialChosen::address).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(file).as("read once").doesNotExist();
        n.closeAll();
    }

    @Test
    void theReferenceKeepsNoAnchors() {
        NodeNet n = new NodeNet(6);
        List<PeerAddress> all = listeners(n, 6);
        NodeStorage storage = NodeStorage.inMemory();
        NodeConfig config = NodeNet.config("10.9.0.1", 4).referenceBehaviour().build();
        DefaultNode node = n.start(config, List.of(NodeNet.seeder(all)), storage, x -> { });
        n.scheduler.advance(Duration.ofMinutes(2));
        assertThat(node.outboundCounter().count()).isPositive();
        n.closeAll();
        assertThat(storage.anchors(config.network()).take()).isEmpty();
    }

    @Test
    void theFileIsReadOnceBoundedAndReplacedWhole(@TempDir Path dir) throws Exception {
        Path file = AnchorFile.path(dir, NodeNet.NETWORK);
        assertThat(file.getFileName().toString()).isEqualTo("mainnet.peerset-anchors");
        AnchorFile store = new AnchorFile(file, new SplittableRandom(1));
        assertThat(store.take()).isEmpty(); // none yet

        PeerAddress a = PeerAddress.parse("1.2.3.4:8233");
        PeerAddress b = PeerAddress.parse("[2001:db8::1]:8233");
        store.write(List.of(a, b, a));
        assertThat(Files.readString(file)).isEqualTo("1.2.3.4:8233\n[2001:db8::1]:8233\n");
        assertThat(store.take()).containsExactly(a, b);
        assertThat(file).doesNotExist();

        // bad lines are skipped; more than the bound keeps whole lines only
        StringBuilder text = new StringBuilder("not an address\n5.6.7.8:8233\n");
        while (text.length() < AnchorFile.MAX_BYTES - 5) {
            text.append('#');
        }
        text.append("\n9.9.9.9:8233\n"); // crosses the bound: must not be read as "9.9" or the like
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        assertThat(store.take()).containsExactly(PeerAddress.parse("5.6.7.8:8233"));

        store.write(List.of(a));
        store.write(List.of()); // none to keep: nothing read at the next start
        assertThat(file).doesNotExist();
    }
}
