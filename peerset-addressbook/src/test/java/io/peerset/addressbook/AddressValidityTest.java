package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.wire.Network;
import io.peerset.wire.PeerServices;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressValidityTest {

    @Test
    void defaultPortIsValidAndOtherNetworksAndForksAreNot() {
        assertThat(Network.MAINNET.isValidForOutbound(addr("203.0.113.6:8233"))).isTrue();
        assertThat(Network.TESTNET.isValidForOutbound(addr("203.0.113.6:18233"))).isTrue();
        assertThat(Network.MAINNET.isValidForOutbound(addr("203.0.113.6:18233"))).isTrue();
        for (int port : new int[] {8232, 18232, 18344, 8033, 18033, 16125, 26125}) {
            assertThat(Network.MAINNET.isValidForOutbound(addr("203.0.113.6:" + port)))
                    .as("port %d", port).isFalse();
            assertThat(Network.REGTEST.isValidForOutbound(addr("203.0.113.6:" + port)))
                    .as("port %d", port).isFalse();
        }
        assertThat(Network.MAINNET.isValidForOutbound(addr("203.0.113.6:9999"))).isTrue();
    }

    @Test
    void unspecifiedIpAndPortZeroAreInvalid() {
        assertThat(Network.MAINNET.isValidForOutbound(addr("0.0.0.0:8233"))).isFalse();
        assertThat(Network.MAINNET.isValidForOutbound(addr("[::]:8233"))).isFalse();
        assertThat(Network.MAINNET.isValidForOutbound(addr("203.0.113.6:0"))).isFalse();
        assertThat(Network.MAINNET.isValidForOutbound(addr("127.0.0.1:8233"))).isTrue();
    }

    @Test
    void aCustomNetworksOwnPortIsValidEvenIfItIsAForeignPort() {
        Network custom = Network.custom("forkish", 0x01020304).defaultPort(16125).build();
        assertThat(custom.isValidForOutbound(addr("203.0.113.6:16125"))).isTrue();
        assertThat(custom.isValidForOutbound(addr("203.0.113.6:8232"))).isFalse();
        assertThat(custom.isValidForOutbound(addr("203.0.113.6:8233"))).isTrue();
    }

    @Test
    void lastKnownInfoNeedsNodeNetworkWhenServicesAreKnown() {
        assertThat(AddressValidity.lastKnownInfoIsValid(Network.MAINNET, addr("203.0.113.6:8233"), Optional.empty()))
                .isTrue();
        assertThat(AddressValidity.lastKnownInfoIsValid(Network.MAINNET, addr("203.0.113.6:8233"),
                Optional.of(PeerServices.NONE))).isFalse();
        assertThat(AddressValidity.lastKnownInfoIsValid(Network.MAINNET, addr("203.0.113.6:8233"),
                Optional.of(new PeerServices(5)))).isTrue();
    }
}
