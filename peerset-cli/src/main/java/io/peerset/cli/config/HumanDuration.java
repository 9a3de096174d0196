package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import java.time.Duration;
import java.util.Map;

/**
 * Durations in the human-readable form zebrad's configuration uses (Rust's {@code humantime}
 * crate): a sequence of {@code <integer><unit>} terms, optionally separated by whitespace, whose
 * values add up, for example {@code "1m 1s"} (61 s), {@code "61s"}, {@code "500ms"}, {@code "1h"}
 * or {@code "2h30m"}.
 *
 * <p>Units, as humantime spells them (case matters: {@code M} is months, {@code m} minutes):
 * {@code ns nsec nanos}; {@code us usec µs}; {@code ms msec millis};
 * {@code s sec secs second seconds}; {@code m min mins minute minutes};
 * {@code h hr hrs hour hours}; {@code d day days}; {@code w week weeks};
 * {@code M month months} (30.44 days); {@code y year years} (365.25 days). There are no fractions,
 * no signs and no bare numbers ({@code "0"} is refused; write {@code "0s"}).
 *
 * <p>{@link #format(Duration)} writes the canonical form, largest unit first, one space between
 * terms, zero terms left out: {@code 1day 2h 3m 4s 5ms 6us 7ns}, {@code "0s"} for zero. It uses
 * no months or years (their lengths are not whole days), so {@code parse(format(d)).equals(d)} for
 * every non-negative {@code d}, and zebrad reads what it writes.
 *
 * <p>Stateless and thread-safe.
 */
public final class HumanDuration {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    /** Each unit as {seconds, nanoseconds} per one. */
    private static final Map<String, long[]> UNITS = Map.ofEntries(
            Map.entry("nanos", new long[] {0, 1}),
            Map.entry("nsec", new long[] {0, 1}),
            Map.entry("ns", new long[] {0, 1}),
            Map.entry("usec", new long[] {0, 1_000}),
            Map.entry("us", new long[] {0, 1_000}),
            Map.entry("\u00b5s", new long[] {0, 1_000}),
            Map.entry("millis", new long[] {0, 1_000_000}),
            Map.entry("msec", new long[] {0, 1_000_000}),
            Map.entry("ms", new long[] {0, 1_000_000}),
            Map.entry("seconds", new long[] {1, 0}),
            Map.entry("second", new long[] {1, 0}),
            Map.entry("secs", new long[] {1, 0}),
            Map.entry("sec", new long[] {1, 0}),
            Map.entry("s", new long[] {1, 0}),
            Map.entry("minutes", new long[] {60, 0}),
            Map.entry("minute", new long[] {60, 0}),
            Map.entry("mins", new long[] {60, 0}),
            Map.entry("min", new long[] {60, 0}),
            Map.entry("m", new long[] {60, 0}),
            Map.entry("hours", new long[] {3_600, 0}),
            Map.entry("hour", new long[] {3_600, 0}),
            Map.entry("hrs", new long[] {3_600, 0}),
            Map.entry("hr", new long[] {3_600, 0}),
            Map.entry("h", new long[] {3_600, 0}),
            Map.entry("days", new long[] {SECONDS_PER_DAY, 0}),
            Map.entry("day", new long[] {SECONDS_PER_DAY, 0}),
            Map.entry("d", new long[] {SECONDS_PER_DAY, 0}),
            Map.entry("weeks", new long[] {7 * SECONDS_PER_DAY, 0}),
            Map.entry("week", new long[] {7 * SECONDS_PER_DAY, 0}),
            Map.entry("w", new long[] {7 * SECONDS_PER_DAY, 0}),
            // humantime's month and year: 30.44 and 365.25 days
            Map.entry("months", new long[] {2_630_016, 0}),
            Map.entry("month", new long[] {2_630_016, 0}),
            Map.entry("M", new long[] {2_630_016, 0}),
            Map.entry("years", new long[] {31_557_600, 0}),
            Map.entry("year", new long[] {31_557_600, 0}),
            Map.entry("y", new long[] {31_557_600, 0}));

    /** Longest number accepted in one term: humantime's u64, which a long's 18 digits stay within. */
    private static final int MAX_DIGITS = 18;

    private HumanDuration() {
    }

    /**
     * Parses a humantime duration.
     *
     * @param text for example {@code "1m 1s"}
     * @return the sum of the terms
     * @throws IllegalArgumentException saying what was expected, if {@code text} is empty, holds a
     *                                  term without a number or unit, an unknown unit, or a total
     *                                  beyond {@link Duration}'s range
     */
    public static Duration parse(String text) {
        requireNonNull(text, "text");
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i == n) {
            throw bad(text, "empty");
        }
        long seconds = 0;
        long nanos = 0;
        try {
            while (i < n) {
                int start = i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw bad(text, "a number expected at \"" + text.substring(start) + "\"");
                }
                if (i - start > MAX_DIGITS) {
                    throw bad(text, "number too large");
                }
                long value = Long.parseLong(text.substring(start, i));
                i = skipSpace(text, i);
                int unitStart = i;
                while (i < n && isUnitChar(text.charAt(i))) {
                    i++;
                }
                String unit = text.substring(unitStart, i);
                long[] per = UNITS.get(unit);
                if (per == null) {
                    throw bad(text, unit.isEmpty() ? "a unit expected after " + value : "unknown unit \"" + unit + "\"");
                }
                seconds = Math.addExact(seconds, Math.multiplyExact(value, per[0]));
                // value * per[1] may exceed a long (10^18 * 10^6): carry whole seconds first
                long nanosPerUnit = per[1];
                if (nanosPerUnit != 0) {
                    long unitsPerSecond = NANOS_PER_SECOND / nanosPerUnit;
                    seconds = Math.addExact(seconds, value / unitsPerSecond);
                    nanos += (value % unitsPerSecond) * nanosPerUnit;
                    seconds = Math.addExact(seconds, nanos / NANOS_PER_SECOND);
                    nanos %= NANOS_PER_SECOND;
                }
                i = skipSpace(text, i);
            }
            return Duration.ofSeconds(seconds, nanos);
        } catch (ArithmeticException e) {
            throw bad(text, "too large");
        }
    }

    /**
     * Formats a duration in the canonical humantime form, for example {@code "1m 1s"}.
     *
     * @param duration a non-negative duration
     * @return the text, which {@link #parse(String)} reads back to {@code duration}
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static String format(Duration duration) {
        Checks.notNegative("duration", duration);
        if (duration.isZero()) {
            return "0s";
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        StringBuilder text = new StringBuilder();
        long days = seconds / SECONDS_PER_DAY;
        if (days > 0) {
            text.append(days).append(days == 1 ? "day" : "days");
        }
        term(text, seconds / 3_600 % 24, "h");
        term(text, seconds / 60 % 60, "m");
        term(text, seconds % 60, "s");
        term(text, nanos / 1_000_000, "ms");
        term(text, nanos / 1_000 % 1_000, "us");
        term(text, nanos % 1_000, "ns");
        return text.toString();
    }

    private static void term(StringBuilder text, long value, String unit) {
        if (value == 0) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(value).append(unit);
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnitChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\u00b5';
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("\"" + text + "\": " + why
                + " (expected: a duration such as \"500ms\", \"61s\", \"1m 1s\" or \"1h\")");
    }
}
