package io.peerset.plugin.seedlist.internal;

import io.peerset.api.ConfigOption;
import io.peerset.api.ConfigOption.Kind;
import io.peerset.api.ConfigOption.Range;
import io.peerset.api.PluginSettings;
import java.time.Duration;
import java.util.List;

/**
 * The declarations behind {@code io.peerset.plugin.seedlist.SeedListOptions}, kept here so that the
 * plugin's workings (this package) never depend on its public package: the public class hands these
 * same instances out.
 *
 * <p>Immutable and thread-safe.
 */
public final class SeedListKeys {

    /** The plugin's name, which its table and its source in logs and events carry: {@value}. */
    public static final String NAME = SeedListConstants.NAME;

    /** The section of its options: {@code plugins.seed-list}. */
    public static final String SECTION = PluginSettings.section(NAME);

    /** {@code source}: where the list is. Required. */
    public static final ConfigOption<String> SOURCE = ConfigOption
            .builder(SECTION, "source", "source", Kind.STRING, String.class)
            .optional().defaultText("unset (required)")
            .example(network -> "/etc/peerset/" + network.name() + ".seeds")
            .range(Range.where(Location::isValid, Location.EXPECTED).describedAs(SeedListKeys::quoted))
            .doc("Where the seed list is: a file (relative to the working directory) or a URL. One address per "
                    + "line, like 1.2.3.4:8233 or [2001:db8::1]:8233, the port required; # starts a comment. Read "
                    + "once at each start; lines that are not addresses are skipped with a warning.")
            .build();

    /** {@code public_key}: the Ed25519 key that must have signed the list. */
    public static final ConfigOption<String> PUBLIC_KEY = ConfigOption
            .builder(SECTION, "public_key", "publicKey", Kind.STRING, String.class)
            .optional().defaultText("unset (the list is not signed)")
            .example(network -> "MCowBQYDK2VwAyEA...")
            .range(Range.where(Ed25519::isPublicKey, Ed25519.KEY_EXPECTED).describedAs(SeedListKeys::quoted))
            .doc("The Ed25519 public key that must have signed the list. Set, the list is used only if its detached "
                    + "signature verifies over its exact bytes, and may then come over plain http://; on JDK 17 to 21 "
                    + "the runtime needs the JDK module jdk.crypto.ec.")
            .build();

    /** {@code signature}: where the list's detached signature is. */
    public static final ConfigOption<String> SIGNATURE = ConfigOption
            .builder(SECTION, "signature", "signature", Kind.STRING, String.class)
            .optional().defaultText("the source with .sig appended, when public_key is set")
            .example(network -> "/etc/peerset/" + network.name() + ".seeds.sig")
            .range(Range.where(Location::isValid, Location.EXPECTED).describedAs(SeedListKeys::quoted))
            .doc("Where the list's detached Ed25519 signature is, as source: its 64 bytes, raw (openssl pkeyutl -sign "
                    + "-rawin) or as one line of Base64 or hex. Only with public_key.")
            .build();

    /** {@code max_bytes}: the most bytes read from the list. */
    public static final ConfigOption<Integer> MAX_BYTES = ConfigOption
            .builder(SECTION, "max_bytes", "maxBytes", Kind.INTEGER, Integer.class)
            .defaultValue(SeedListConstants.DEFAULT_MAX_BYTES)
            .range(Range.ints(1, SeedListConstants.MAX_MAX_BYTES))
            .doc("The most bytes read from the list; a larger one is refused whole, checked before it is read "
                    + "(a server's announced length, a file's size).")
            .build();

    /** {@code max_peers}: the most addresses taken from the list. */
    public static final ConfigOption<Integer> MAX_PEERS = ConfigOption
            .builder(SECTION, "max_peers", "maxPeers", Kind.INTEGER, Integer.class)
            .defaultValue(SeedListConstants.DEFAULT_MAX_PEERS)
            .range(Range.ints(1, SeedListConstants.MAX_MAX_PEERS))
            .doc("The most addresses taken from the list, the first ones in it; a warning says where it stopped.")
            .build();

    /** {@code timeout}: the most a fetch may take. */
    public static final ConfigOption<Duration> TIMEOUT = ConfigOption
            .builder(SECTION, "timeout", "timeout", Kind.DURATION, Duration.class)
            .defaultValue(SeedListConstants.DEFAULT_TIMEOUT)
            .range(Range.durations(SeedListConstants.MIN_TIMEOUT, SeedListConstants.MAX_TIMEOUT))
            .doc("The most a download of the list (or of its signature) may take, connecting and reading included; "
                    + "the node goes on with its other candidate sources meanwhile.")
            .build();

    private static final List<ConfigOption<?>> ALL = List.of(SOURCE, PUBLIC_KEY, SIGNATURE, MAX_BYTES, MAX_PEERS, TIMEOUT);

    private SeedListKeys() {
    }

    /** @return every option of the plugin, in the order a configuration file lists them */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
