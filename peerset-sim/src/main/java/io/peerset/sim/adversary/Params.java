package io.peerset.sim.adversary;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strategy's parameters, read strictly: unknown names and bad values fail with the house message. */
final class Params {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private final Map<String, String> values;

    Params(Map<String, String> values, String... known) {
        this.values = values;
        Set<String> allowed = new TreeSet<>(Set.of(known));
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("parameter " + name + ": unknown (expected: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
            }
        }
    }

    int integer(String name, int def, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }

    double share(String name, double def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": " + v + " (expected: a share from 0 to 1)");
    }

    boolean flag(String name, boolean def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(name + ": " + v + " (expected: true or false)");
    }

    Duration duration(String name, Duration def, Duration max) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (d.compareTo(max) <= 0) {
                return d;
            }
        }
        throw new IllegalArgumentException(name + ": " + v + " (expected: a duration such as 500ms, 10s, 2m or 1h, at most "
                + max.toSeconds() + "s)");
    }
}
