package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.Network;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The option table: each option declared once, and every builder following it. */
class NodeOptionsTest {

    private static final List<Network> NETWORKS = List.of(Network.MAINNET, Network.TESTNET, Network.REGTEST,
            Network.custom("lab", 0x01020304).build());

    @Test
    void keysAreUniqueAndPeersetsOwnKeysAreTheJavaNameInSnakeCase() {
        Set<String> paths = new HashSet<>();
        for (ConfigOption<?> o : NodeOptions.all()) {
            assertThat(paths.add(o.path())).as("duplicate " + o.path()).isTrue();
            for (String alias : o.aliases()) {
                assertThat(paths.add(o.section() + "." + alias)).as("duplicate alias " + alias).isTrue();
            }
            assertThat(o.key()).matches("[a-z][a-z0-9_]*");
            assertThat(o.doc()).doesNotContain("\n", "|").endsWith(".");
            if (o.section().equals(NodeOptions.PEERSET_SECTION) && NodeOptions.settings().contains(o)) {
                assertThat(o.key()).as(o.name()).isEqualTo(snake(o.name()));
            }
        }
        assertThat(NodeOptions.byPath("network.new_peer_interval")).contains(NodeOptions.CRAWL_NEW_PEER_INTERVAL);
        assertThat(NodeOptions.byPath("peerset.nope")).isEmpty();
    }

    @Test
    void everyDefaultIsInItsRangeOnEveryNetwork() {
        for (ConfigOption<?> o : NodeOptions.all()) {
            for (Network n : NETWORKS) {
                checkDefault(o, n);
            }
            assertThat(o.isOptional() || o.defaultValue(Network.MAINNET).isPresent()).as(o.name()).isTrue();
        }
    }

    private static <T> void checkDefault(ConfigOption<T> o, Network n) {
        o.defaultValue(n).ifPresent(v -> {
            assertThat(o.type()).isAssignableFrom(v.getClass());
            assertThat(o.range().problem(v)).as(o.path() + " default " + v).isEmpty();
        });
    }

    /** Every setting has a typed accessor on NodeConfig and a setter on its builder, both named as declared. */
    @Test
    void everySettingHasItsAccessorAndSetterByName() throws Exception {
        NodeConfig config = NodeConfig.builder(Network.MAINNET).externalAddress(io.peerset.wire.PeerAddress.parse(
                "203.0.113.7:8233")).dnsServer(new java.net.InetSocketAddress("127.0.0.1", 53)).transport("netty")
                .build();
        for (ConfigOption<?> o : NodeOptions.settings()) {
            if (!o.appliesTo(Network.MAINNET)) {
                continue;
            }
            boolean peerSet = NodeOptions.peerSet().contains(o);
            Class<?> owner = peerSet ? PeerSetConfig.class : NodeConfig.class;
            Object typed = owner.getMethod(o.name()).invoke(peerSet ? config.peerSet() : config);
            assertThat(typed instanceof Optional<?> ? typed : Optional.of(typed)).as(o.name()).isEqualTo(config.value(o));
            Class<?> builder = peerSet ? PeerSetConfig.Builder.class : NodeConfig.Builder.class;
            boolean setter = java.util.Arrays.stream(builder.getMethods())
                    .anyMatch(m -> m.getName().equals(o.name()) || (o == NodeOptions.ACCEPT_PAUSE
                            || o == NodeOptions.REJECT_PAUSE) && m.getName().equals("acceptPacing")
                            || o.name().startsWith("writeBuffer") && m.getName().equals("writeBufferWaterMarks"));
            assertThat(setter).as(builder.getSimpleName() + " setter for " + o.name()).isTrue();
        }
        for (ConfigOption<?> o : NodeOptions.peerSet()) {
            assertThat(PeerSetConfig.class.getMethod(o.name()).invoke(config.peerSet()))
                    .isEqualTo(config.peerSet().value(o).orElseThrow());
        }
    }

    @Test
    void buildersWordErrorsWithTheOptionsRange() {
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).initialTargetSize(10_001))
                .hasMessage("initialTargetSize: 10001 (expected: 1..10000)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).set(NodeOptions.PEERSET_INITIAL_TARGET_SIZE, 0))
                .hasMessage("initialTargetSize: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).crawlInterval(Duration.ofMillis(500)))
                .hasMessage("crawlInterval: PT0.5S (expected: PT1S to PT24H)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).userAgent("x".repeat(257)))
                .hasMessage("userAgent: 257 UTF-8 bytes (expected: at most 256)");
        assertThatThrownBy(() -> HandshakeConfig.builder(Network.MAINNET).userAgent("x".repeat(257)))
                .hasMessage("userAgent: 257 UTF-8 bytes (expected: at most 256)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).transport("net ty"))
                .hasMessageStartingWith("transport: \"net ty\" (expected: a transport provider's name");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).ioThreads(1025))
                .hasMessage("ioThreads: 1025 (expected: 0..1024)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).writeBufferWaterMarks(10, 5).build())
                .hasMessage("writeBufferWaterMarks: 10..5 (expected: 1 <= low <= high)");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).initialPeers(List.of(" a.example:1")))
                .hasMessageContaining("contains whitespace");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).set(NodeOptions.INITIAL_TESTNET_PEERS, List.of()))
                .hasMessageContaining("network.initial_testnet_peers is not used on mainnet");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).clear(NodeOptions.USER_AGENT))
                .hasMessageContaining("userAgent: cannot be unset");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).set(NodeOptions.DEFAULT_PORT, 1))
                .hasMessageContaining("peerset.default_port (expected: one of NodeOptions.settings()");
    }

    @Test
    void theTargetSizeCapIsDeclaredOnce() {
        ConfigOption.Range<Integer> range = NodeOptions.PEERSET_INITIAL_TARGET_SIZE.range();
        assertThat(range.max()).contains(10_000);
        assertThat(range.min()).contains(1);
        assertThat(PeerSetConfig.builder(Network.MAINNET).initialTargetSize(10_000).build().initialTargetSize())
                .isEqualTo(10_000);
    }

    /** A node's settings reach every SPI configuration it hands out. */
    @Test
    void spiConfigurationsCarryTheNodesSettings() {
        NodeConfig node = NodeConfig.builder(Network.TESTNET).peerSet(PeerSetConfig.builder(Network.TESTNET)
                        .initialTargetSize(50).maxConnectionsPerIp(2).build())
                .userAgent("/lab:1/").services(PeerServices.NONE).relay(false)
                .addressBookCapacity(700).banDuration(Duration.ofMinutes(5)).maxBannedIps(30)
                .ioThreads(3).writeBufferWaterMarks(1000, 2000).preferNative(false)
                .cacheDir(java.nio.file.Path.of("/tmp/c")).build();
        HandshakeConfig h = HandshakeConfig.builder(node).build();
        assertThat(h.userAgent()).isEqualTo("/lab:1/");
        assertThat(h.services()).isEqualTo(PeerServices.NONE);
        assertThat(h.relay()).isFalse();
        assertThat(h.nonceSetCapacity()).as("the total connection limit").isEqualTo(400);
        AddressBookConfig a = AddressBookConfig.builder(node).build();
        assertThat(a.capacity()).isEqualTo(700);
        assertThat(a.banDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.maxBannedIps()).isEqualTo(30);
        assertThat(a.maxConnectionsPerIp()).isEqualTo(2);
        assertThat(a.cacheDir()).contains(java.nio.file.Path.of("/tmp/c"));
        assertThat(a.network()).isEqualTo(Network.TESTNET);
        TransportConfig t = TransportConfig.from(node);
        assertThat(t.network()).isEqualTo(Network.TESTNET);
        assertThat(t.ioThreads()).isEqualTo(3);
        assertThat(t.writeBufferLowWaterMark()).isEqualTo(1000);
        assertThat(t.writeBufferHighWaterMark()).isEqualTo(2000);
        assertThat(t.preferNative()).isFalse();

        NodeConfig defaults = NodeConfig.builder(Network.MAINNET).build();
        assertThat(HandshakeConfig.builder(defaults).build().nonceSetCapacity())
                .isEqualTo(HandshakeConfig.builder(Network.MAINNET).build().nonceSetCapacity()).isEqualTo(200);
        assertThat(TransportConfig.from(defaults).writeBufferHighWaterMark())
                .isEqualTo(TransportConfig.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);
        assertThat(AddressBookConfig.builder(defaults).build().capacity())
                .isEqualTo(AddressBookConfig.builder(Network.MAINNET).build().capacity());
    }

    @Test
    void optionalSettingsCanBeUnsetAndTheOthersCannot() {
        NodeConfig config = NodeConfig.builder(Network.MAINNET).transport("netty").build();
        assertThat(config.value(NodeOptions.TRANSPORT)).contains("netty");
        NodeConfig cleared = config.toBuilder().clear(NodeOptions.TRANSPORT).clear(NodeOptions.CACHE_DIR).build();
        assertThat(cleared.transport()).isEmpty();
        assertThat(cleared.cacheDir()).isEmpty();
        assertThat(cleared.value(NodeOptions.INITIAL_TESTNET_PEERS)).as("not used on Mainnet").isEmpty();
        assertThat(config).isEqualTo(config.toBuilder().build()).hasSameHashCodeAs(config.toBuilder().build());
        assertThat(cleared).isNotEqualTo(config);
    }

    private static String snake(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
