package io.peerset.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void theHouseStyleExampleIsWordedExactly() {
        assertThatThrownBy(() -> Checks.positive("peersetInitialTargetSize", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peersetInitialTargetSize: 0 (expected: > 0)");
        assertThat(Checks.message("capacity", 0, "> 0")).isEqualTo("capacity: 0 (expected: > 0)");
    }

    @Test
    void typedChecksReturnTheirArgument() {
        assertThat(Checks.positive("n", 1)).isEqualTo(1);
        assertThat(Checks.positive("n", Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Checks.notNegative("n", 0)).isZero();
        assertThat(Checks.notNegative("n", 0L)).isZero();
        assertThat(Checks.atLeast("n", 1, 1)).isEqualTo(1);
        assertThat(Checks.atLeast("n", 7L, 1L)).isEqualTo(7L);
        assertThat(Checks.inRange("port", 65_535, 1, 65_535)).isEqualTo(65_535);
        assertThat(Checks.inRange("v", 0xffff_ffffL, 0, 0xffff_ffffL)).isEqualTo(0xffff_ffffL);
        Duration d = Duration.ofNanos(1);
        assertThat(Checks.positive("timeout", d)).isSameAs(d);
        assertThat(Checks.notNegative("delay", Duration.ZERO)).isSameAs(Duration.ZERO);
    }

    @Test
    void durationsAreShownInIsoFormAndNullIsNamed() {
        assertThatThrownBy(() -> Checks.positive("timeout", Duration.ZERO))
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> Checks.notNegative("delay", Duration.ofSeconds(-1)))
                .hasMessage("delay: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> Checks.positive("timeout", (Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> Checks.notNegative("delay", (Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessage("delay");
    }

    @Test
    void boundsAreWordedAsWritten() {
        assertThatThrownBy(() -> Checks.inRange("negotiatedVersion", -1L, 0, 0xffff_ffffL))
                .hasMessage("negotiatedVersion: -1 (expected: 0..4294967295)");
        assertThatThrownBy(() -> Checks.atLeast("capacity", 0, 1))
                .hasMessage("capacity: 0 (expected: >= 1)");
        assertThatThrownBy(() -> Checks.notNegative("loopSpins", -3))
                .hasMessage("loopSpins: -3 (expected: >= 0)");
    }

    @Test
    void checkArgumentFillsPlaceholdersOnlyWhenItFails() {
        Checks.checkArgument(true, "never %s", new Object() {
            @Override
            public String toString() {
                throw new AssertionError("formatted although the check passed");
            }
        });
        assertThatThrownBy(() -> Checks.checkArgument(false, "size: %s (expected: a power of two)", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size: 3 (expected: a power of two)");
    }

    @Test
    void templatesTolerateMismatchedArgumentsAndOtherPercentSigns() {
        assertThat(Checks.format("a: %s (expected: %s)", 1)).isEqualTo("a: 1 (expected: %s)");
        assertThat(Checks.format("a: %s", 1, 2, 3)).isEqualTo("a: 1 [2, 3]");
        assertThat(Checks.format("100%d %s%", "x")).isEqualTo("100%d x%");
        assertThat(Checks.format("%s%s", null, "b")).isEqualTo("nullb");
        assertThat(Checks.format("v: %s", (Object[]) null)).isEqualTo("v: null");
        assertThat(Checks.format("no placeholders")).isEqualTo("no placeholders");
    }
}
