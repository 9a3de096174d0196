package io.peerset.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link Checks} for any value and any range: a check passes exactly when the value is inside, then
 * returns the value; otherwise it throws an {@link IllegalArgumentException} whose message is
 * {@code "name: value (expected: range)"} with the range spelled as the check's documentation says.
 */
class ChecksProperties {

    @Test
    void inRangeAcceptsExactlyTheClosedIntervalAndWordsTheRestInTheHouseStyle() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 12), longs().all(), longs().all(),
                        longs().all())
                .checkAssert((name, value, a, b) -> {
                    long min = Math.min(a, b);
                    long max = Math.max(a, b);
                    expect(() -> Checks.inRange(name, value, min, max), value, min <= value && value <= max,
                            name + ": " + value + " (expected: " + min + ".." + max + ")");
                });
    }

    @Test
    void intInRangeNearItsBounds() {
        qt().forAll(integers().between(-1000, 1000), integers().between(-1000, 1000), integers().between(-3, 3))
                .checkAssert((a, b, offset) -> {
                    int min = Math.min(a, b);
                    int max = Math.max(a, b);
                    int value = (offset < 0 ? min : max) + offset;
                    expect(() -> (long) Checks.inRange("port", value, min, max), (long) value,
                            min <= value && value <= max,
                            "port: " + value + " (expected: " + min + ".." + max + ")");
                });
    }

    @Test
    void positiveNotNegativeAndAtLeastAgreeWithTheirComparisons() {
        qt().forAll(longs().all(), longs().between(-5, 5))
                .checkAssert((value, min) -> {
                    expect(() -> Checks.positive("n", value), value, value > 0, "n: " + value + " (expected: > 0)");
                    expect(() -> Checks.notNegative("n", value), value, value >= 0,
                            "n: " + value + " (expected: >= 0)");
                    expect(() -> Checks.atLeast("n", value, min), value, value >= min,
                            "n: " + value + " (expected: >= " + min + ")");
                });
        qt().forAll(integers().all())
                .checkAssert(value -> {
                    expect(() -> (long) Checks.positive("n", value), (long) value, value > 0,
                            "n: " + value + " (expected: > 0)");
                    expect(() -> (long) Checks.notNegative("n", value), (long) value, value >= 0,
                            "n: " + value + " (expected: >= 0)");
                });
    }

    @Test
    void durationChecksAgreeWithTheSignOfTheDuration() {
        qt().forAll(longs().between(-1_000_000, 1_000_000), integers().between(0, 999_999_999))
                .checkAssert((seconds, nanos) -> {
                    Duration d = Duration.ofSeconds(seconds, nanos);
                    expectDuration(() -> Checks.positive("timeout", d), d, !d.isNegative() && !d.isZero(),
                            "timeout: " + d + " (expected: > 0)");
                    expectDuration(() -> Checks.notNegative("delay", d), d, !d.isNegative(),
                            "delay: " + d + " (expected: >= 0)");
                });
    }

    @Test
    void aTemplateWithOnePlaceholderPerArgumentReadsAsConcatenation() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 20),
                        strings().basicLatinAlphabet().ofLengthBetween(0, 20), longs().all(), longs().all())
                .assuming((p, q, x, y) -> !(p + q).contains("%s"))
                .checkAssert((p, q, x, y) -> {
                    Throwable thrown = catchThrowable(() -> Checks.checkArgument(false, p + "%s" + q + "%s", x, y));
                    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage(p + x + q + y);
                    Checks.checkArgument(true, p + "%s" + q, x);
                });
    }

    private interface LongCheck {
        long run();
    }

    private interface DurationCheck {
        Duration run();
    }

    private static void expect(LongCheck check, long value, boolean accepted, String message) {
        if (accepted) {
            assertThat(check.run()).isEqualTo(value);
        } else {
            assertThat(catchThrowable(check::run)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        }
    }

    private static void expectDuration(DurationCheck check, Duration value, boolean accepted, String message) {
        if (accepted) {
            assertThat(check.run()).isSameAs(value);
        } else {
            assertThat(catchThrowable(check::run)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        }
    }
}
