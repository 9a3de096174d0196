package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.TransportProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Finds service providers with {@link ServiceLoader}, from the {@code provides} clauses of the
 * modules on the module path (this module declares the matching {@code uses}). A provider is
 * chosen by configured name, else by highest priority; equal priorities are broken by name, never
 * by module-path order, so the choice is deterministic.
 *
 * <p>Every call loads afresh (providers are cheap to construct and the result is not cached).
 * Thread-safe.
 */
public final class Providers {

    private Providers() {
    }

    /**
     * @return the transport provider of highest priority
     * @throws PeerSetException if none is on the module path
     */
    public static TransportProvider transportProvider() {
        return best("transport", transportProviders());
    }

    /**
     * @param name a provider's {@link TransportProvider#name()}, for example {@code "netty"}
     * @return that provider
     * @throws PeerSetException naming the available providers if there is none by that name
     */
    public static TransportProvider transportProvider(String name) {
        return named("transport", name, transportProviders(), TransportProvider::name);
    }

    /** @return every transport provider on the module path, highest priority first */
    public static List<TransportProvider> transportProviders() {
        return load(ServiceLoader.load(TransportProvider.class), TransportProvider::name, TransportProvider::priority);
    }

    /**
     * @return the handshaker provider of highest priority (peerset-core's {@code "zcash"} unless
     *         another module provides one ranked higher)
     * @throws PeerSetException if none is on the module path
     */
    public static HandshakerProvider handshakerProvider() {
        return best("handshaker", handshakerProviders());
    }

    /**
     * @param name a provider's {@link HandshakerProvider#name()}, for example {@code "zcash"}
     * @return that provider
     * @throws PeerSetException naming the available providers if there is none by that name
     */
    public static HandshakerProvider handshakerProvider(String name) {
        return named("handshaker", name, handshakerProviders(), HandshakerProvider::name);
    }

    /** @return every handshaker provider on the module path, highest priority first */
    public static List<HandshakerProvider> handshakerProviders() {
        return load(ServiceLoader.load(HandshakerProvider.class), HandshakerProvider::name, HandshakerProvider::priority);
    }

    /**
     * @return the address-book provider of highest priority (peerset-addressbook's {@code "default"}
     *         unless another module provides one ranked higher)
     * @throws PeerSetException if none is on the module path
     */
    public static AddressBookProvider addressBookProvider() {
        return best("addressBook", addressBookProviders());
    }

    /**
     * @param name a provider's {@link AddressBookProvider#name()}
     * @return that provider
     * @throws PeerSetException naming the available providers if there is none by that name
     */
    public static AddressBookProvider addressBookProvider(String name) {
        return named("addressBook", name, addressBookProviders(), AddressBookProvider::name);
    }

    /** @return every address-book provider on the module path, highest priority first */
    public static List<AddressBookProvider> addressBookProviders() {
        return load(ServiceLoader.load(AddressBookProvider.class), AddressBookProvider::name,
                AddressBookProvider::priority);
    }

    /**
     * @return every candidate-source provider on the module path (core's {@code "configured"},
     *         the transport's {@code "dns"}, the address book's {@code "disk-cache"}, and plugins),
     *         highest priority first; a node uses those of {@link #candidateSourceProviders(NodeConfig)}
     */
    public static List<CandidateSourceProvider> candidateSourceProviders() {
        return load(ServiceLoader.load(CandidateSourceProvider.class), CandidateSourceProvider::name,
                CandidateSourceProvider::priority);
    }

    /**
     * The candidate sources a node with this configuration uses: every provider on the module path
     * without options of its own (the built-in ones), and each plugin (a provider that declares
     * options) that {@link NodeConfig#plugins()} chooses by name, its settings checked by the plugin
     * ({@link CandidateSourceProvider#checkSettings}).
     *
     * @param config the node's configuration
     * @return the providers, highest priority first
     * @throws PeerSetException if the configuration chooses a plugin that is not on the module path
     *                          (naming the plugins that are), or a plugin refuses its settings
     *                          ({@code "plugins.seed-list.source: unset (expected: ...)"})
     */
    public static List<CandidateSourceProvider> candidateSourceProviders(NodeConfig config) {
        return chosen(candidateSourceProviders(), requireNonNull(config, "config"));
    }

    /**
     * @return the candidate-source providers on the module path that are plugins (they declare options
     *         of their own and are used only when a configuration chooses them), sorted by name
     */
    public static List<CandidateSourceProvider> candidateSourcePlugins() {
        return candidateSourceProviders().stream().filter(p -> !p.options().isEmpty())
                .sorted(Comparator.comparing(CandidateSourceProvider::name)).toList();
    }

    /**
     * @param all    candidate-source providers
     * @param config a configuration
     * @return those of {@code all} that {@code config} uses, in the same order
     * @throws PeerSetException as {@link #candidateSourceProviders(NodeConfig)}
     */
    static List<CandidateSourceProvider> chosen(List<CandidateSourceProvider> all, NodeConfig config) {
        PluginSettings plugins = config.plugins();
        for (String wanted : plugins.names()) {
            CandidateSourceProvider plugin = all.stream()
                    .filter(p -> p.name().equals(wanted) && !p.options().isEmpty()).findFirst()
                    .orElseThrow(() -> new PeerSetException(PluginSettings.section(wanted) + ": no candidate-source "
                            + "plugin of that name on the module path (expected one of: "
                            + all.stream().filter(p -> !p.options().isEmpty()).map(CandidateSourceProvider::name)
                            .sorted().toList() + "; add the plugin's jar to the module path, or to lib/ of a "
                            + "distribution)"));
            try {
                plugin.checkSettings(plugins);
            } catch (SettingException e) {
                throw new PeerSetException(e.option().path() + ": " + e.problem(), e);
            }
        }
        return all.stream().filter(p -> p.options().isEmpty() || plugins.isEnabled(p.name())).toList();
    }

    private static <P> List<P> load(ServiceLoader<P> loader, Function<P, String> name, ToIntFunction<P> priority) {
        return loader.stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(priority).reversed().thenComparing(name))
                .toList();
    }

    private static <P> P best(String kind, List<P> providers) {
        if (providers.isEmpty()) {
            throw new PeerSetException("no " + kind + " provider on the module path (expected: at least one; "
                    + "add a module that provides io.peerset.api.spi." + capitalised(kind) + "Provider)");
        }
        return providers.get(0);
    }

    private static <P> P named(String kind, String wanted, List<P> providers, Function<P, String> name) {
        requireNonNull(wanted, "name");
        for (P provider : providers) {
            if (name.apply(provider).equals(wanted)) {
                return provider;
            }
        }
        throw new PeerSetException(kind + " provider: \"" + wanted + "\" not found (expected one of: "
                + providers.stream().map(name).sorted().toList() + ")");
    }

    private static String capitalised(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
