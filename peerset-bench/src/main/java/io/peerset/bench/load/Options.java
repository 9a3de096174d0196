package io.peerset.bench.load;

import java.util.Arrays;

/** {@code --name value} options after the mode. */
final class Options {
    private final String[] args;

    Options(String[] args) {
        this.args = args;
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs after the mode: " + Arrays.toString(args));
            }
        }
    }

    String get(String name, String fallback) {
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)).strip());
    }

    int[] getInts(String name, String fallback) {
        return Arrays.stream(get(name, fallback).split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    }
}
