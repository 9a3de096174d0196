package io.peerset.sim;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named figures of a sample or a summary, in a fixed order: numbers, strings, lists and nested
 * figures. {@link #toJson()} writes them as one line of JSON, byte for byte the same for the same
 * values (decimals rounded to 4 places, no exponent), which is what makes a run's output comparable
 * across processes.
 *
 * <p>Threading: immutable once built; any thread.
 */
public final class Figures {

    private final Map<String, Object> values;

    private Figures(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the figures by name, in order: {@link Number}, {@link String}, {@link List} or {@link Figures} */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * @param name a figure's name
     * @return its value, or null if there is none
     */
    public Object get(String name) {
        return values.get(name);
    }

    /**
     * @param name a figure that is a number
     * @return it as a double
     * @throws IllegalArgumentException if there is no such number
     */
    public double number(String name) {
        Object v = values.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("figure " + name + ": " + v + " (expected: a number)");
        }
        return n.doubleValue();
    }

    /**
     * @param name a figure that is nested figures
     * @return them
     * @throws IllegalArgumentException if there are none
     */
    public Figures figures(String name) {
        Object v = values.get(name);
        if (!(v instanceof Figures f)) {
            throw new IllegalArgumentException("figure " + name + ": " + v + " (expected: nested figures)");
        }
        return f;
    }

    /** @return one line of JSON, no trailing newline */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        write(out, this);
        return out.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figures f && f.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    private static void write(StringBuilder out, Object v) {
        if (v instanceof Figures f) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : f.values.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            out.append(decimal(((Number) v).doubleValue()));
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v == null) {
            out.append("null");
        } else {
            string(out, v.toString());
        }
    }

    /**
     * @param d a number
     * @return it as this class writes numbers: rounded half-up to 4 places, without exponent or
     *         trailing zeros ({@code null} for NaN and infinities)
     */
    public static String decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        BigDecimal b = BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Builds {@link Figures}, keeping the order of {@link #put}s. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param name  the figure's name (a later put of the same name replaces the value in place)
         * @param value a {@link Number}, {@link String}, {@link Boolean}, {@link List} of those or {@link Figures}
         * @return this
         */
        public Builder put(String name, Object value) {
            values.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
            return this;
        }

        /** @return the figures */
        public Figures build() {
            return new Figures(new LinkedHashMap<>(values));
        }
    }
}
