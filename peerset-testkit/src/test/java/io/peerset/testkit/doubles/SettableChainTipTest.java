package io.peerset.testkit.doubles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.wire.NetworkUpgrade;
import org.junit.jupiter.api.Test;

class SettableChainTipTest {

    @Test
    void startsUnknownAndSyncingThenMovesAsTold() {
        SettableChainTip tip = new SettableChainTip();
        assertThat(tip.bestHeight()).isEmpty();
        assertThat(tip.activeUpgrade()).isEmpty();
        assertThat(tip.isSyncing()).isTrue();

        tip.height(2_500_000).upgrade(NetworkUpgrade.NU6_2).syncing(false);
        assertThat(tip.bestHeight()).hasValue(2_500_000);
        assertThat(tip.activeUpgrade()).contains(NetworkUpgrade.NU6_2);
        assertThat(tip.isSyncing()).isFalse();

        tip.noUpgrade();
        assertThat(tip.activeUpgrade()).isEmpty();
        assertThat(tip.bestHeight()).hasValue(2_500_000);
        tip.upgrade(NetworkUpgrade.NU6_2).unknown();
        assertThat(tip.bestHeight()).isEmpty();
        assertThat(tip.activeUpgrade()).isEmpty();
        assertThatThrownBy(() -> tip.height(-1)).hasMessage("height: -1 (expected: >= 0)");
    }
}
