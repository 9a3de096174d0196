package io.peerset.plugin.seedlist;

import io.peerset.api.ConfigOption;
import io.peerset.api.PluginSettings;
import io.peerset.plugin.seedlist.internal.SeedListKeys;
import java.time.Duration;
import java.util.List;

/**
 * The options of the seed-list plugin, each declared once (key, kind, default, range, description):
 * the table {@code [plugins.seed-list]} of a configuration file, or {@link PluginSettings} in code.
 * The file loader, {@code peerset config}'s commented file and docs/PLUGINS.md's table all follow from
 * these declarations.
 *
 * <pre>{@code
 * [plugins.seed-list]
 * source = "https://seeds.example.org/mainnet.txt"
 * public_key = "<64 hex digits>"          # the list must then be signed: mainnet.txt.sig beside it
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SeedListOptions {

    /** The plugin's name, which its table and its source in logs and events carry: {@value}. */
    public static final String NAME = SeedListKeys.NAME;

    /** The section of its options: {@code plugins.seed-list}. */
    public static final String SECTION = SeedListKeys.SECTION;

    /** {@code source}: where the list is. Required. */
    public static final ConfigOption<String> SOURCE = SeedListKeys.SOURCE;

    /** {@code public_key}: the Ed25519 key that must have signed the list. */
    public static final ConfigOption<String> PUBLIC_KEY = SeedListKeys.PUBLIC_KEY;

    /** {@code signature}: where the list's detached signature is. */
    public static final ConfigOption<String> SIGNATURE = SeedListKeys.SIGNATURE;

    /** {@code max_bytes}: the most bytes read from the list. */
    public static final ConfigOption<Integer> MAX_BYTES = SeedListKeys.MAX_BYTES;

    /** {@code max_peers}: the most addresses taken from the list. */
    public static final ConfigOption<Integer> MAX_PEERS = SeedListKeys.MAX_PEERS;

    /** {@code timeout}: the most a fetch may take. */
    public static final ConfigOption<Duration> TIMEOUT = SeedListKeys.TIMEOUT;

    private SeedListOptions() {
    }

    /** @return every option of the plugin, in the order a configuration file lists them */
    public static List<ConfigOption<?>> all() {
        return SeedListKeys.all();
    }
}
