package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetException;
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
     *         highest priority first; all of them are used
     */
    public static List<CandidateSourceProvider> candidateSourceProviders() {
        return load(ServiceLoader.load(CandidateSourceProvider.class), CandidateSourceProvider::name,
                CandidateSourceProvider::priority);
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
