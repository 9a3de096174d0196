package io.peerset.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Argument checks shared by the message records; messages read like the house style requires. */
final class Checks {

    private Checks() {
    }

    static long u32(String field, long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..4294967295)");
        }
        return value;
    }

    static <T> List<T> list(String field, List<T> items, int max) {
        List<T> copy = List.copyOf(items);
        if (copy.size() > max) {
            throw new IllegalArgumentException(field + ": " + copy.size() + " entries (expected: <= " + max + ")");
        }
        return copy;
    }

    static String string(String field, String value, int maxBytes) {
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            throw new IllegalArgumentException(field + ": " + length + " bytes (expected: <= " + maxBytes + ")");
        }
        return value;
    }
}
