package io.peerset.cli.config;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every option of the configuration file, in file order: the node's ({@link NodeOptions}) and the
 * command line's own ({@link #STATUS_INTERVAL}). The loader, the commented file
 * ({@link ConfigWriter}), the flags of {@code peerset run} and the README's configuration tables
 * all walk this list; none keeps a list of its own.
 *
 * <p>Immutable and thread-safe.
 */
public final class FileOptions {

    /** {@code peerset.status_interval}: how often {@code peerset run} prints its status line. */
    public static final ConfigOption<Duration> STATUS_INTERVAL = ConfigOption
            .builder(NodeOptions.PEERSET_SECTION, "status_interval", "statusInterval", ConfigOption.Kind.DURATION,
                    Duration.class)
            // often enough to watch a node start, rare enough not to flood a log; a line a second is
            // already more than anyone reads, and beyond a day the line is effectively off
            .defaultValue(Duration.ofSeconds(10))
            .range(ConfigOption.Range.durations(Duration.ofSeconds(1), Duration.ofHours(24)))
            .doc("How often the running node (peerset run) prints its status line.")
            .build();

    private static final List<ConfigOption<?>> ALL;

    static {
        List<ConfigOption<?>> all = new ArrayList<>(NodeOptions.all());
        all.add(all.indexOf(NodeOptions.DNS_SERVER) + 1, STATUS_INTERVAL);
        ALL = List.copyOf(all);
    }

    private FileOptions() {
    }

    /** @return every option of the file, in file order */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    /**
     * @param section a section, for example {@link NodeOptions#PEERSET_SECTION}
     * @return its options, in file order
     */
    public static List<ConfigOption<?>> in(String section) {
        return ALL.stream().filter(o -> o.section().equals(section)).toList();
    }

    /**
     * @param section a section
     * @return its keys, aliases after their key, in file order
     */
    static List<String> keys(String section) {
        List<String> keys = new ArrayList<>();
        for (ConfigOption<?> o : in(section)) {
            keys.add(o.key());
            keys.addAll(o.aliases());
        }
        return keys;
    }

    /**
     * @param option an option
     * @return its flag in {@code peerset run}: the declared one, else {@code --} and the key with dashes
     */
    public static String flag(ConfigOption<?> option) {
        return option.flag().orElse("--" + option.key().replace('_', '-').toLowerCase(Locale.ROOT));
    }

    /**
     * @return the options that are flags of {@code peerset run}: every node setting and the status
     *         interval, in file order (the network's own options are the shared network flags)
     */
    public static List<ConfigOption<?>> runFlags() {
        return ALL.stream().filter(o -> !NodeOptions.networkParameters().contains(o)).toList();
    }
}
