package io.peerset.examples;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * README, "Plugins and custom distributions": the smallest plugin, a candidate source that asks an
 * application's own registry for peers, with one option of its own ({@code [plugins.registry] url}).
 * This module provides it, so a node of this module's tests uses it when a configuration chooses it.
 *
 * <p>Stateless and thread-safe.
 */
// tag::plugin-provider[]
public final class RegistrySourceProvider implements CandidateSourceProvider {
    static final ConfigOption<String> URL = ConfigOption
            .builder(PluginSettings.section("registry"), "url", "url", ConfigOption.Kind.STRING, String.class)
            .optional().doc("The registry to ask for peers.").build();

    public String name() { return "registry"; }
    public int priority() { return 10; }
    public List<ConfigOption<?>> options() { return List.of(URL); }    // a plugin: used when chosen
    public void checkSettings(PluginSettings settings) {                // a bad file stops with one line
        if (settings.value(URL).isEmpty()) {
            throw new SettingException(URL, "unset (expected: the registry's URL)", null);
        }
    }
    public CandidateSource create(NodeConfig config, AddressBookContext context) {
        String url = config.plugins().value(URL).orElseThrow();
        return CandidateSource.of(name(), () -> CompletableFuture.supplyAsync(     // must not block
                () -> Registry.fetch(url, config.network()), context.blocking()));
    }
}
// end::plugin-provider[]

/** The application's registry client, left out of the README. */
final class Registry {

    private Registry() {
    }

    /** The peers {@code url} lists for {@code network}: a loopback URL answers its own address, for tests. */
    static List<PeerAddress> fetch(String url, Network network) {
        return url.startsWith("peer://") ? List.of(PeerAddress.parse(url.substring("peer://".length()))) : List.of();
    }
}
