package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a configuration file says: the node's settings ({@link NodeConfig}) plus the settings that
 * only the command-line node uses, and what the loader noticed on the way.
 *
 * <p>Immutable and thread-safe (the lists are unmodifiable copies; {@link NodeConfig} is
 * immutable, with value equality).
 *
 * @param node            the node's settings
 * @param statusInterval  {@code [peerset] status_interval} ({@link FileOptions#STATUS_INTERVAL}):
 *                        how often the running node prints its status line; default
 *                        {@link #DEFAULT_STATUS_INTERVAL}; range {@link #MIN_STATUS_INTERVAL} to
 *                        {@link #MAX_STATUS_INTERVAL}
 * @param source          the file it was read from; empty when parsed from a string or built from
 *                        defaults
 * @param warnings        what was accepted with a warning (a zero target size replaced by the
 *                        default, a port of another network, ignored testnet parameters), one
 *                        line each, already logged at warning level by the loader
 * @param ignoredSections the top-level zebrad sections that peerset does not use (for example
 *                        {@code consensus}, {@code state}), in file order, already logged in one
 *                        line at info level by the loader
 */
public record LoadedConfig(NodeConfig node, Duration statusInterval, Optional<Path> source,
                           List<String> warnings, List<String> ignoredSections) {

    /** Default status interval: {@link FileOptions#STATUS_INTERVAL}'s. */
    public static final Duration DEFAULT_STATUS_INTERVAL = FileOptions.STATUS_INTERVAL.defaultValue();

    /** Shortest status interval: {@link FileOptions#STATUS_INTERVAL}'s range. */
    public static final Duration MIN_STATUS_INTERVAL = FileOptions.STATUS_INTERVAL.range().min().orElseThrow();

    /** Longest status interval: {@link FileOptions#STATUS_INTERVAL}'s range. */
    public static final Duration MAX_STATUS_INTERVAL = FileOptions.STATUS_INTERVAL.range().max().orElseThrow();

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code statusInterval} is out of range
     */
    public LoadedConfig {
        requireNonNull(node, "node");
        requireNonNull(statusInterval, "statusInterval");
        requireNonNull(source, "source");
        warnings = List.copyOf(warnings);
        ignoredSections = List.copyOf(ignoredSections);
        FileOptions.STATUS_INTERVAL.check(statusInterval);
    }

    /**
     * @param node the node's settings
     * @return {@code node} with the command-line defaults, no source, no warnings
     */
    public static LoadedConfig of(NodeConfig node) {
        return new LoadedConfig(node, DEFAULT_STATUS_INTERVAL, Optional.empty(), List.of(), List.of());
    }
}
