package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void builtInParameters() {
        assertThat(Network.MAINNET.magicHex()).isEqualTo("24e92764");
        assertThat(Network.TESTNET.magicHex()).isEqualTo("fa1af9bf");
        assertThat(Network.REGTEST.magicHex()).isEqualTo("aae83f5f");
        assertThat(Network.MAINNET.defaultPort()).isEqualTo(8233);
        assertThat(Network.TESTNET.defaultPort()).isEqualTo(18233);
        assertThat(Network.REGTEST.defaultPort()).isEqualTo(18233);
        assertThat(Network.builtIn("MainNet")).contains(Network.MAINNET);
        assertThat(Network.builtIn("simnet")).isEmpty();
    }

    @Test
    void minimumPeerVersionsFollowTheReferenceTable() {
        assertThat(Network.MAINNET.minimumPeerVersion(NetworkUpgrade.NU5)).isEqualTo(170_100);
        assertThat(Network.TESTNET.minimumPeerVersion(NetworkUpgrade.NU5)).isEqualTo(170_050);
        assertThat(Network.MAINNET.minimumPeerVersion(NetworkUpgrade.NU7)).as("ZIP 204").isEqualTo(170_190);
        assertThat(Network.TESTNET.minimumPeerVersion(NetworkUpgrade.NU7)).as("ZIP 204").isEqualTo(170_180);
        assertThat(Network.REGTEST.minimumPeerVersion(NetworkUpgrade.SAPLING)).isEqualTo(170_006);
        assertThat(Network.REGTEST.minimumPeerVersion(NetworkUpgrade.OVERWINTER)).isEqualTo(Network.CURRENT_PROTOCOL_VERSION);
        assertThat(Network.REGTEST.minimumPeerVersion(NetworkUpgrade.CANOPY)).isEqualTo(170_012);
        for (Network n : Network.builtIns()) {
            assertThat(n.initialMinimumPeerVersion()).isEqualTo(170_150);
            // Our own version must satisfy every minimum up to the current upgrade (Zebra asserts this at start).
            assertThat(n.protocolVersion()).isGreaterThanOrEqualTo(n.minimumPeerVersion(NetworkUpgrade.NU6_3));
            long previous = 0;
            for (NetworkUpgrade u : NetworkUpgrade.values()) {
                if (n != Network.REGTEST || u != NetworkUpgrade.OVERWINTER) {
                    assertThat(n.minimumPeerVersion(u)).as(n + " " + u).isGreaterThanOrEqualTo(previous);
                    previous = n.minimumPeerVersion(u);
                }
            }
        }
    }

    @Test
    void customNetworks() {
        Network custom = Network.custom("bitcoinj-test", 0x0b110907).defaultPort(18444).protocolVersion(70_015)
                .minimumPeerVersion(70_001).build();
        assertThat(custom.magicHex()).isEqualTo("0b110907");
        assertThat(custom.minimumPeerVersion(NetworkUpgrade.NU5)).isEqualTo(70_001);
        assertThat(custom.isBuiltIn()).isFalse();
        assertThatThrownBy(() -> Network.custom("x", Network.MAINNET_MAGIC)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("magic: 24e92764 (expected: not the Mainnet or Regtest magic)");
        assertThatThrownBy(() -> Network.custom("mainnet", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Network.custom("x", 1).defaultPort(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultPort: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> Network.custom("x", 1).protocolVersion(10).minimumPeerVersion(11).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customMagicsRoundTripThroughHex() {
        qt().forAll(integers().all()).assuming(m -> m != Network.MAINNET_MAGIC && m != Network.REGTEST_MAGIC)
                .checkAssert(m -> assertThat(Integer.parseUnsignedInt(Network.custom("n", m).build().magicHex(), 16)).isEqualTo(m));
    }

    @Test
    void outboundValidityFollowsTheListenerRuleForEveryPort() {
        for (int port = 0; port <= 65_535; port++) {
            boolean expected = port == 8233 || !Network.FOREIGN_PORTS.contains(port);
            assertThat(Network.MAINNET.isValidListenerPort(port)).as("port %d", port)
                    .isEqualTo(expected);
        }
        Map<String, Boolean> mainnet = Map.of("203.0.113.6:8233", true, "0.0.0.0:8233", false, "[::]:8233", false,
                "203.0.113.6:0", false, "127.0.0.1:18232", false);
        mainnet.forEach((address, valid) -> assertThat(
                Network.MAINNET.isValidForOutbound(PeerAddress.parse(address))).as(address).isEqualTo(valid));
        assertThat(Network.TESTNET.isValidForOutbound(PeerAddress.parse("127.0.0.1:18233")))
                .isTrue();
    }
}
