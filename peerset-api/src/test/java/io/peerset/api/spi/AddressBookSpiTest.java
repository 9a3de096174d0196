package io.peerset.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.BannedIp;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConstants;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AddressBookSpiTest {

    private static final PeerAddress A = PeerAddress.parse("203.0.113.6:8233");

    @Test
    void statesHaveBothOrdersOfTheReference() {
        List<PeerAddrState> reconnection = Arrays.stream(PeerAddrState.values())
                .sorted(Comparator.comparingInt(PeerAddrState::reconnectionRank)).collect(Collectors.toList());
        assertThat(reconnection).containsExactly(PeerAddrState.RESPONDED, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED,
                PeerAddrState.FAILED, PeerAddrState.ATTEMPT_PENDING);
        List<PeerAddrState> progress = Arrays.stream(PeerAddrState.values())
                .sorted(Comparator.comparingInt(PeerAddrState::progressRank)).collect(Collectors.toList());
        assertThat(progress).containsExactly(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, PeerAddrState.ATTEMPT_PENDING,
                PeerAddrState.RESPONDED, PeerAddrState.FAILED);
        assertThat(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED.code()).isEqualTo("never-connected");
        assertThat(PeerAddrState.ATTEMPT_PENDING.code()).isEqualTo("connecting");
    }

    @Test
    void changesNameTheirResultingState() {
        assertThat(new AddressChange.NewInitial(A).state()).isEqualTo(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED);
        assertThat(new AddressChange.NewGossiped(A, PeerServices.NETWORK, Instant.EPOCH).isNew()).isTrue();
        assertThat(new AddressChange.NewAlternate(A, PeerServices.NETWORK).isNew()).isTrue();
        assertThat(new AddressChange.NewLocal(A).isNew()).isTrue();
        assertThat(new AddressChange.UpdateAttempt(A).state()).isEqualTo(PeerAddrState.ATTEMPT_PENDING);
        assertThat(new AddressChange.UpdateConnected(A, PeerServices.NETWORK, true, "/z/", 170_100).state())
                .isEqualTo(PeerAddrState.RESPONDED);
        assertThat(new AddressChange.UpdatePingSent(A).isNew()).isFalse();
        assertThat(new AddressChange.UpdateResponded(A, Duration.ZERO).state()).isEqualTo(PeerAddrState.RESPONDED);
        assertThat(AddressChange.UpdateFailed.of(A).services()).isEmpty();
        assertThat(AddressChange.UpdateFailed.of(A, PeerServices.NETWORK).services()).contains(PeerServices.NETWORK);
        assertThat(AddressChange.UpdateFailed.of(A).state()).isEqualTo(PeerAddrState.FAILED);
        assertThat(new AddressChange.UpdateMisbehavior(A, 1, "test").isNew()).isFalse();
    }

    @Test
    void changesValidate() {
        assertThatThrownBy(() -> new AddressChange.UpdateMisbehavior(A, 0, "test"))
                .hasMessage("increment: 0 (expected: > 0)");
        assertThatThrownBy(() -> new AddressChange.UpdateResponded(A, Duration.ofSeconds(-1)))
                .hasMessageContaining("expected: >= 0");
        assertThatThrownBy(() -> new AddressChange.UpdateConnected(A, PeerServices.NETWORK, false, "", -1))
                .hasMessage("negotiatedVersion: -1 (expected: 0..4294967295)");
        assertThatThrownBy(() -> new AddressChange.NewInitial(null)).hasMessage("address");
    }

    @Test
    void configDefaultsAndValidation() {
        AddressBookConfig c = AddressBookConfig.builder(Network.MAINNET).build();
        assertThat(c.capacity()).isEqualTo(PeerSetConstants.MAX_ADDRS_IN_ADDRESS_BOOK);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(PeerSetConstants.DEFAULT_MAX_CONNECTIONS_PER_IP);
        assertThat(c.banDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(c.maxBannedIps()).isEqualTo(PeerSetConstants.MAX_BANNED_IPS);
        assertThat(c.localListener()).isEmpty();
        assertThat(c.cacheDir()).isEmpty();
        assertThat(AddressBookConfig.builder(Network.MAINNET).cacheDir(java.nio.file.Path.of("/tmp/c")).build()
                .cacheDir()).contains(java.nio.file.Path.of("/tmp/c"));
        assertThat(AddressBookConfig.builder(Network.MAINNET).localListener(A).build().localListener()).contains(A);
        assertThatThrownBy(() -> AddressBookConfig.builder(Network.MAINNET).capacity(0))
                .hasMessage("capacity: 0 (expected: > 0)");
        assertThatThrownBy(() -> AddressBookConfig.builder(Network.MAINNET).banDuration(Duration.ZERO))
                .hasMessage("banDuration: PT0S (expected: > 0)");
        assertThatThrownBy(() -> AddressBookConfig.builder(Network.MAINNET).maxBannedIps(0))
                .hasMessage("maxBannedIps: 0 (expected: > 0)");
        assertThatThrownBy(() -> AddressBookConfig.builder(Network.MAINNET).maxConnectionsPerIp(0))
                .hasMessage("maxConnectionsPerIp: 0 (expected: > 0)");
        assertThat(c.toString()).doesNotContain("203.0.113");
    }

    @Test
    void snapshotAndBanValidate() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new BannedIp(A.ip(), t, t.minusSeconds(1))).hasMessageContaining("expected: >= bannedAt");
        assertThatThrownBy(() -> new AddressBookSnapshot(List.of(), List.of(), t, 0))
                .hasMessage("capacity: 0 (expected: > 0)");
        assertThat(new AddressBookSnapshot(List.of(), List.of(new BannedIp(A.ip(), t, t)), t, 1).bans()).hasSize(1);
        assertThat(new AddressBookSnapshot(List.of(), List.of(), t, 1).countsByState())
                .hasSize(PeerAddrState.values().length).containsValue(0).doesNotContainValue(1);
    }
}
