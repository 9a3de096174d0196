package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConfigOption;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;

import io.peerset.wire.Network;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;

/**
 * What a seed-list source will do, from its settings, checked as a whole: where the list is, where
 * its signature is and the key that must have made it, and the bounds. Making it performs no I/O.
 *
 * <p>The rules beyond each option's range (the plugin's {@code checkSettings}):
 * <ul>
 *   <li>{@code source} must be set: the plugin has nothing to read without it.</li>
 *   <li>{@code signature} needs {@code public_key} (a signature nobody checks protects nothing); with
 *       a key and no {@code signature}, the signature is the source's path or URL plus {@code .sig}.</li>
 *   <li>{@code http://} is accepted for a loopback host, or for a signed list (the signature then
 *       authenticates what plain HTTP cannot); otherwise anyone on the path could hand the node a list
 *       of their own peers, the start of an eclipse attack.</li>
 *   <li>A signed list needs Ed25519, and an {@code https://} one the elliptic curves of TLS, from the
 *       Java runtime: a jlink image without the JDK module {@code jdk.crypto.ec} (JDK 17 to 21) has
 *       neither, and the configuration is refused with that advice rather than failing at start-up.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param source    where the list is
 * @param signature where its signature is, when the list must be signed
 * @param key       the key that must have signed it
 * @param maxBytes  the most bytes read from the list
 * @param maxPeers  the most addresses taken from it
 * @param timeout   the most a fetch may take
 */
public record SeedListPlan(Location source, Optional<Location> signature, Optional<PublicKey> key, int maxBytes,
                           int maxPeers, Duration timeout) {

    /** The advice every "this runtime lacks it" message ends with. */
    static final String ADD_EC_MODULE = "a Java runtime with the JDK module jdk.crypto.ec: for a distribution, "
            + "bin/peerset-assemble --add-modules jdk.crypto.ec (docs/PLUGINS.md)";

    /** Validates. */
    public SeedListPlan {
        requireNonNull(source, "source");
        requireNonNull(signature, "signature");
        requireNonNull(key, "key");
        requireNonNull(timeout, "timeout");
    }

    /**
     * @param settings the plugins' settings of a configuration
     * @return the plan
     * @throws SettingException naming the option at fault and what was expected
     */
    public static SeedListPlan of(PluginSettings settings) {
        requireNonNull(settings, "settings");
        // no option of this plugin has a default that depends on the network
        Network any = Network.MAINNET;
        String sourceText = settings.value(SeedListKeys.SOURCE).orElseThrow(() -> new SettingException(
                SeedListKeys.SOURCE, "unset (expected: " + Location.EXPECTED + ")", null));
        Location source = location(SeedListKeys.SOURCE, sourceText);
        Optional<String> keyText = settings.value(SeedListKeys.PUBLIC_KEY);
        Optional<String> signatureText = settings.value(SeedListKeys.SIGNATURE);
        if (signatureText.isPresent() && keyText.isEmpty()) {
            throw new SettingException(SeedListKeys.SIGNATURE, "\"" + signatureText.get() + "\" set without "
                    + "public_key (expected: public_key too, the key the signature is checked with, or no signature)",
                    null);
        }
        if (source.isPlainRemote() && keyText.isEmpty()) {
            throw new SettingException(SeedListKeys.SOURCE, "\"" + sourceText + "\" is plain HTTP to a host that "
                    + "is not this machine (expected: an https:// URL, or public_key set so that the list is signed:"
                    + " anyone on the path could replace an unsigned list with peers of their own)", null);
        }
        Optional<Location> signature = Optional.empty();
        Optional<PublicKey> key = Optional.empty();
        if (keyText.isPresent()) {
            if (!Ed25519.isAvailable()) {
                throw new SettingException(SeedListKeys.PUBLIC_KEY, "set, but this Java runtime cannot check "
                        + "Ed25519 signatures (expected: " + ADD_EC_MODULE + ")", null);
            }
            try {
                key = Optional.of(Ed25519.publicKey(Ed25519.parsePublicKey(keyText.get())));
            } catch (IllegalArgumentException e) {
                throw new SettingException(SeedListKeys.PUBLIC_KEY, e.getMessage() + " (expected: "
                        + Ed25519.KEY_EXPECTED + ")", e);
            }
            signature = Optional.of(signatureText.map(text -> location(SeedListKeys.SIGNATURE, text))
                    .orElseGet(() -> source.withSuffix(".sig")));
        }
        boolean tls = source.isTls() || signature.map(Location::isTls).orElse(false);
        if (tls && !Ed25519.tlsCurvesAvailable()) {
            throw new SettingException(SeedListKeys.SOURCE, "\"" + sourceText + "\" needs TLS, but this Java "
                    + "runtime lacks the elliptic curves TLS servers expect (expected: " + ADD_EC_MODULE + ")", null);
        }
        int maxBytes = settings.valueOrDefault(SeedListKeys.MAX_BYTES, any).orElseThrow();
        int maxPeers = settings.valueOrDefault(SeedListKeys.MAX_PEERS, any).orElseThrow();
        Duration timeout = settings.valueOrDefault(SeedListKeys.TIMEOUT, any).orElseThrow();
        return new SeedListPlan(source, signature, key, maxBytes, maxPeers, timeout);
    }

    private static Location location(ConfigOption<String> option, String text) {
        try {
            return Location.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SettingException(option, e.getMessage(), e);
        }
    }
}
