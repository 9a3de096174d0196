package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link UpgradeSchedule}: the built-in tables, the overrides, and what a tip height means (issue 17 §3). */
class UpgradeScheduleTest {

    @Test
    void mainnetAndTestnetCarryThePublishedHeights() {
        UpgradeSchedule main = UpgradeSchedule.of(Network.MAINNET);
        assertThat(main.activationHeight(NetworkUpgrade.OVERWINTER)).hasValue(347_500);
        assertThat(main.activationHeight(NetworkUpgrade.NU5)).hasValue(1_687_104);
        assertThat(main.activationHeight(NetworkUpgrade.NU6)).as("ZIP 253").hasValue(2_726_400);
        assertThat(main.activationHeight(NetworkUpgrade.NU6_1)).hasValue(3_146_400);
        assertThat(main.activationHeight(NetworkUpgrade.NU6_3)).hasValue(3_428_143);
        assertThat(main.activationHeight(NetworkUpgrade.NU7)).as("not published").isEmpty();
        UpgradeSchedule test = UpgradeSchedule.of(Network.TESTNET);
        assertThat(test.activationHeight(NetworkUpgrade.NU6)).as("ZIP 253").hasValue(2_976_000);
        assertThat(test.activationHeight(NetworkUpgrade.NU6_3)).hasValue(4_134_000);
        assertThat(UpgradeSchedule.of(Network.REGTEST).activationHeight(NetworkUpgrade.OVERWINTER)).isEmpty();

        assertThat(main.upgradeAt(0)).isEqualTo(NetworkUpgrade.GENESIS);
        assertThat(main.upgradeAt(1)).isEqualTo(NetworkUpgrade.BEFORE_OVERWINTER);
        assertThat(main.upgradeAt(3_146_399)).isEqualTo(NetworkUpgrade.NU6);
        assertThat(main.upgradeAt(3_146_400)).isEqualTo(NetworkUpgrade.NU6_1);
        assertThat(main.upgradeAt(9_000_000)).isEqualTo(NetworkUpgrade.NU6_3);
        assertThat(main.minimumAt(Optional.empty())).as("the initial minimum").isEqualTo(170_150);
        assertThat(main.minimumAt(Optional.of(NetworkUpgrade.NU6_3))).isEqualTo(170_160);
        assertThat(main.minimumPeerVersion(NetworkUpgrade.NU7)).as("ZIP 204").isEqualTo(170_190);
    }

    @Test
    void overridesExtendTheTableAndSayWhatIsWrong() {
        UpgradeSchedule main = UpgradeSchedule.of(Network.MAINNET).with(
                UpgradeSchedule.parse("nu7=4200000", "activation_heights", 0xffff_ffffL),
                UpgradeSchedule.parse("NU7=170200, NU6.3=170161", "min_peer_versions", 0xffff_ffffL));
        assertThat(main.upgradeAt(4_200_000)).isEqualTo(NetworkUpgrade.NU7);
        assertThat(main.minimumPeerVersion(NetworkUpgrade.NU7)).isEqualTo(170_200);
        assertThat(main.nextAfter(4_000_000)).contains(NetworkUpgrade.NU7);
        assertThat(main.nextAfter(4_200_000)).isEmpty();
        assertThat(main.preferredVersion(OptionalLong.of(4_200_000 - 577))).as("before the run-up").isZero();
        assertThat(main.preferredVersion(OptionalLong.of(4_200_000 - 576))).isEqualTo(170_200);
        assertThat(main.preferredVersion(OptionalLong.empty())).isZero();

        assertThatThrownBy(() -> UpgradeSchedule.parse("NU8=1", "activation_heights", 10)).hasMessageStartingWith(
                "activation_heights: \"NU8=1\" (expected: UPGRADE=N with N 0..10 and UPGRADE one of Overwinter");
        assertThatThrownBy(() -> UpgradeSchedule.parse("NU7", "x", 10)).hasMessageStartingWith("x: \"NU7\"");
        assertThatThrownBy(() -> UpgradeSchedule.of(Network.MAINNET).with(Map.of(NetworkUpgrade.NU7, 3_000_000L),
                Map.of())).hasMessage("activation_heights: NU7 at 3000000 (expected: at least NU6.3's 3428143)");
        UpgradeSchedule regtest = UpgradeSchedule.of(Network.REGTEST).with(UpgradeSchedule.parse(
                "Overwinter=1 Sapling=1 Blossom=1 Heartwood=1 Canopy=1 NU5=1", "activation_heights", 0xffff_ffffL), Map.of());
        assertThat(regtest.upgradeAt(1)).as("equal heights: the later upgrade").isEqualTo(NetworkUpgrade.NU5);
        assertThat(UpgradeSchedule.name(NetworkUpgrade.NU6_1)).isEqualTo("NU6.1");
        assertThat(UpgradeSchedule.name(NetworkUpgrade.BEFORE_OVERWINTER)).isEqualTo("Before overwinter");
    }

    @Test
    void theUpgradeAtAHeightNeverGoesBackAsTheHeightGrows() {
        UpgradeSchedule main = UpgradeSchedule.of(Network.MAINNET);
        qt().forAll(longs().between(0, 10_000_000), longs().between(0, 10_000_000)).checkAssert((a, b) -> {
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            assertThat(main.upgradeAt(lo)).isLessThanOrEqualTo(main.upgradeAt(hi));
            assertThat(main.minimumAt(Optional.of(main.upgradeAt(lo))))
                    .isLessThanOrEqualTo(main.minimumAt(Optional.of(main.upgradeAt(hi))));
            NetworkUpgrade at = main.upgradeAt(hi);
            assertThat(main.activationHeight(at).orElseThrow()).isLessThanOrEqualTo(hi);
        });
    }

    @Test
    void aNodeConfigAppliesItsOptionsAndNamesTheOneThatIsWrong() {
        NodeConfig c = NodeConfig.builder(Network.MAINNET).activationHeights("NU7=4200000").minPeerVersions("NU7=170195")
                .build();
        assertThat(c.upgrades().activationHeight(NetworkUpgrade.NU7)).hasValue(4_200_000);
        assertThat(c.upgrades().minimumPeerVersion(NetworkUpgrade.NU7)).isEqualTo(170_195);
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).activationHeights("NU7=100").build())
                .isInstanceOf(SettingException.class).hasMessageContaining("NU7 at 100 (expected: at least");
        assertThatThrownBy(() -> NodeConfig.builder(Network.MAINNET).activationHeights("bogus"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("activationHeights: bogus (expected:");
    }
}
