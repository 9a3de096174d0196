package io.peerset.api.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Argument checks that word their failure in the house style, {@code "name: value (expected: range)"}
 * (DESIGN.md §5.1), for example {@code "capacity: 0 (expected: > 0)"}. Before this existed every module
 * spelled the message by hand, and the spellings drifted.
 *
 * <p>Each typed check returns its argument, so that a constructor can check and assign in one line.
 * The message is only built when the check fails. {@link #checkArgument(boolean, String, Object...)}
 * covers the rest: a condition and a template with {@code %s} placeholders.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * @param name     what the value is, as the caller's parameter or setting is called
     * @param value    the rejected value
     * @param expected what would have been accepted, for example {@code "> 0"} or {@code "1..65535"}
     * @return {@code "name: value (expected: expected)"}
     */
    public static String message(String name, Object value, String expected) {
        return name + ": " + value + " (expected: " + expected + ")";
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: > 0)"} unless it is above zero
     */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(message(name, value, "> 0"));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: > 0)"} unless it is above zero
     */
    public static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(message(name, value, "> 0"));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws NullPointerException     {@code name} if it is null
     * @throws IllegalArgumentException {@code "name: PT0S (expected: > 0)"} if it is zero or negative
     */
    public static Duration positive(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(message(name, value, "> 0"));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: >= 0)"} if it is negative
     */
    public static int notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(message(name, value, ">= 0"));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: >= 0)"} if it is negative
     */
    public static long notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(message(name, value, ">= 0"));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws NullPointerException     {@code name} if it is null
     * @throws IllegalArgumentException {@code "name: PT-1S (expected: >= 0)"} if it is negative
     */
    public static Duration notNegative(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(message(name, value, ">= 0"));
        }
        return value;
    }

    /**
     * For a lower bound that is not 0 or 1 in the caller's own words ({@code ">= 1"} where the
     * reference says "at least one").
     *
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: >= min)"} if it is below {@code min}
     */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(message(name, value, ">= " + min));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: >= min)"} if it is below {@code min}
     */
    public static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(message(name, value, ">= " + min));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: min..max)"} unless
     *                                  {@code min <= value <= max}
     */
    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(message(name, value, min + ".." + max));
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException {@code "name: value (expected: min..max)"} unless
     *                                  {@code min <= value <= max}
     */
    public static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(message(name, value, min + ".." + max));
        }
        return value;
    }

    /**
     * For the checks the typed ones do not cover, for example
     * {@code checkArgument(size > 0 && Integer.bitCount(size) == 1, "size: %s (expected: a power of two)", size)}.
     *
     * @param condition what must hold
     * @param template  the message, in the house style, with one {@code %s} per argument; nothing else
     *                  in it is special (a {@code %d} or a lone {@code %} stays as written)
     * @param args      the values for the placeholders, in order; extra ones are appended in
     *                  brackets, missing ones leave their {@code %s} in place
     * @throws IllegalArgumentException the message, if {@code condition} is false
     */
    public static void checkArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(format(template, args));
        }
    }

    /**
     * @return {@code template} with each {@code %s} replaced by the next argument
     *         ({@link String#valueOf(Object)}), the arguments left over appended as {@code " [a, b]"}
     */
    static String format(String template, Object... args) {
        String t = String.valueOf(template);
        Object[] a = args == null ? new Object[] {null} : args;
        StringBuilder out = new StringBuilder(t.length() + 16 * a.length);
        int from = 0;
        int i = 0;
        while (i < a.length) {
            int at = t.indexOf("%s", from);
            if (at < 0) {
                break;
            }
            out.append(t, from, at).append(a[i++]);
            from = at + 2;
        }
        out.append(t, from, t.length());
        if (i < a.length) {
            out.append(" [").append(a[i++]);
            while (i < a.length) {
                out.append(", ").append(a[i++]);
            }
            out.append(']');
        }
        return out.toString();
    }
}
