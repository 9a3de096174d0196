package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    @Test
    void defaultsFollowTheReference() {
        NodeConfig mainnet = NodeConfig.builder(Network.MAINNET).build();
        assertThat(mainnet.listenAddress().port()).isEqualTo(8233);
        assertThat(mainnet.listenAddress().ip().isAnyLocalAddress()).isTrue();
        assertThat(mainnet.initialPeers()).isEqualTo(NodeConfig.DEFAULT_MAINNET_PEERS).hasSize(5);
        assertThat(mainnet.crawlInterval()).isEqualTo(Duration.ofSeconds(61));
        assertThat(mainnet.crawlRateLimit()).isEqualTo(PeerSetConstants.MIN_PEER_GET_ADDR_INTERVAL);
        assertThat(mainnet.peerSet().initialTargetSize()).isEqualTo(25);
        assertThat(mainnet.acceptPause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(mainnet.rejectPause()).isEqualTo(Duration.ofMillis(10));
        assertThat(mainnet.dnsSeeding()).isTrue();
        assertThat(mainnet.dnsServer()).isEmpty();
        assertThat(mainnet.cacheDir()).contains(NodeConfig.defaultCacheDir());
        assertThat(NodeConfig.defaultCacheDir().endsWith("zebra")).isTrue();

        NodeConfig testnet = NodeConfig.builder(Network.TESTNET).build();
        assertThat(testnet.listenAddress().port()).isEqualTo(18233);
        assertThat(testnet.initialPeers()).isEqualTo(NodeConfig.DEFAULT_TESTNET_PEERS);
        assertThat(NodeConfig.builder(Network.REGTEST).build().initialPeers()).isEqualTo(NodeConfig.DEFAULT_TESTNET_PEERS);
        assertThat(NodeConfig.builder(Network.MAINNET).noCache().build().cacheDir()).isEmpty();
    }

    @Test
    void initialPeersNeedAPort() {
        NodeConfig.checkHostPort("dnsseed.z.cash:8233");
        NodeConfig.checkHostPort("1.2.3.4:1");
        NodeConfig.checkHostPort("[2001:db8::1]:65535");
        assertThatThrownBy(() -> NodeConfig.checkHostPort("dnsseed.z.cash"))
                .hasMessage("initial peer \"dnsseed.z.cash\": missing port (expected: host:port)");
        assertThatThrownBy(() -> NodeConfig.checkHostPort("[2001:db8::1]")).hasMessageContaining("missing port");
        assertThatThrownBy(() -> NodeConfig.checkHostPort("2001:db8::1:8233")).hasMessageContaining("invalid host");
        assertThatThrownBy(() -> NodeConfig.checkHostPort("a:0")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> NodeConfig.checkHostPort("a:x")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).initialPeers(List.of("ok:1", "bad")))
                .hasMessageContaining("\"bad\"");
    }

    @Test
    void everyPortInRangeIsAcceptedAndNoOtherIs() {
        qt().forAll(integers().between(-10, 70_000)).checkAssert(port -> {
            boolean valid = port >= 1 && port <= 65_535;
            if (valid) {
                NodeConfig.checkHostPort("seed.example:" + port);
            } else {
                assertThatThrownBy(() -> NodeConfig.checkHostPort("seed.example:" + port))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        });
    }

    @Test
    void rangesAndNetworksAreChecked() {
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).crawlInterval(Duration.ZERO))
                .hasMessageContaining("crawlInterval");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).crawlRateLimit(Duration.ofMillis(99)))
                .hasMessageContaining("crawlRateLimit");
        assertThat(NodeConfig.builder(Network.MAINNET).crawlRateLimit(Duration.ofSeconds(2)).build().toBuilder().build()
                .crawlRateLimit()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).acceptPacing(Duration.ofMinutes(2), Duration.ZERO))
                .hasMessageContaining("acceptPause");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET)
                .peerSet(PeerSetConfig.builder(Network.TESTNET).build()).build())
                .hasMessageContaining("expected: mainnet");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET)
                .dnsServer(InetSocketAddress.createUnresolved("dns.example", 53)))
                .hasMessageContaining("dnsServer");
        NodeConfig config = NodeConfig.builder(Network.MAINNET).listenAddress(PeerAddress.parse("127.0.0.1:0"))
                .dnsServer(new InetSocketAddress("127.0.0.1", 5353)).transport("netty").build();
        assertThat(config.toString()).contains("127.0.0.1:0", "netty", "5353");
        NodeConfig copy = config.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(config.toString());
        assertThat(copy.dnsServer()).isEqualTo(config.dnsServer());
        assertThat(copy.cacheDir()).isEqualTo(config.cacheDir());
        assertThat(copy.peerSet()).isSameAs(config.peerSet());
        assertThat(config.toBuilder().noCache().build().cacheDir()).isEmpty();
        assertThat(config.cacheDir()).isPresent();
    }
}
