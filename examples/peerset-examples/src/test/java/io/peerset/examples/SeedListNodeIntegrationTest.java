package io.peerset.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerset.api.NodeConfig;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetNode;
import io.peerset.api.PluginSettings;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.core.PeerSets;
import io.peerset.core.Providers;
import io.peerset.plugin.seedlist.SeedListOptions;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins end to end, from public API only: real nodes on 127.0.0.1 (Regtest, the Netty transport)
 * whose only source of peers is a plugin, found by ServiceLoader and chosen by the configuration —
 * the seed-list plugin reading a file, and the README's registry plugin.
 */
class SeedListNodeIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<PeerSetNode> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(PeerSetNode::close);
    }

    /** A node that knows no peer: no configured peers, no DNS, no cache; only the plugins chosen. */
    private static NodeConfig config(PluginSettings plugins) {
        return NodeConfig.builder(Network.REGTEST).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(List.of()).plugins(plugins).build();
    }

    private PeerSetNode start(NodeConfig config, List<NodeEvent> events) {
        PeerSetNode node = PeerSets.nodeBuilder(config).nodeListener(events::add).start();
        nodes.add(node);
        return node;
    }

    private void meetThrough(String source, PluginSettings plugins, PeerSetNode listener, List<NodeEvent> events) {
        PeerSetNode dialler = start(config(plugins), events);
        PeerAddress target = listener.localAddress();
        await().atMost(WAIT).until(() -> dialler.status().outbound() == 1 && listener.status().inbound() == 1);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(NodeEvent.DialChosen.class, d -> {
            assertThat(d.address()).isEqualTo(target);
            assertThat(d.reason()).isEqualTo(NodeEvent.DialReason.INITIAL);
            assertThat(d.from()).isEqualTo(source);
        }));
    }

    @Test
    void aNodeFindsItsPeerInASeedListFile() throws IOException {
        PeerSetNode listener = start(config(PluginSettings.none()), new ArrayList<>());
        Path seeds = Files.writeString(dir.resolve("regtest.seeds"), "# the listener\n" + listener.localAddress() + "\n");
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        meetThrough("seed-list", PluginSettings.builder().set(SeedListOptions.SOURCE, seeds.toString()).build(),
                listener, events);
    }

    @Test
    void aNodeFindsItsPeerThroughTheReadmesRegistryPlugin() {
        PeerSetNode listener = start(config(PluginSettings.none()), new ArrayList<>());
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        meetThrough("registry", PluginSettings.builder().set(RegistrySourceProvider.URL, "peer://" + listener.localAddress())
                .build(), listener, events);
    }

    @Test
    void pluginsOnTheModulePathAreUsedOnlyWhenChosen() {
        assertThat(Providers.candidateSourcePlugins()).extracting(CandidateSourceProvider::name)
                .containsExactly("registry", "seed-list");
        assertThat(Providers.candidateSourceProviders(config(PluginSettings.none())))
                .extracting(CandidateSourceProvider::name).containsExactly("configured", "dns", "disk-cache");
        NodeConfig both = config(PluginSettings.builder().set(SeedListOptions.SOURCE, "x.seeds")
                .set(RegistrySourceProvider.URL, "https://registry.example").build());
        assertThat(Providers.candidateSourceProviders(both)).extracting(CandidateSourceProvider::name)
                .containsExactly("configured", "dns", "seed-list", "registry", "disk-cache");
    }
}
