package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Service-provider interface for {@link CandidateSource}s, found with {@link java.util.ServiceLoader}.
 * All available sources are used at start-up; {@link #priority()} only orders them.
 *
 * <p>Implementations have a public no-arg constructor and are thread-safe.
 */
public interface CandidateSourceProvider {

    /** @return a short unique name used in configuration, for example {@code "dns"} */
    String name();

    /** @return the rank among providers; higher is asked first */
    int priority();

    /**
     * Plans a source. Performs no I/O and starts no thread: that happens in
     * {@link CandidateSource#candidates()}.
     *
     * @param config  the node's configuration: the network, the initial peers, the cache directory,
     *                the DNS settings
     * @param context time, randomness and an executor the source may use for blocking work
     * @return a new source; one with nothing to do (for example DNS with seeding turned off) yields
     *         an empty list
     */
    CandidateSource create(NodeConfig config, AddressBookContext context);

    /**
     * A provider of priority 0 whose sources answer from {@code candidates}: a fixed list, a seeder
     * in a simulation, a directory service of the application's.
     *
     * @param name       the provider's and its sources' name
     * @param candidates called once per source; returns the addresses (or a failed future)
     * @return the provider
     */
    static CandidateSourceProvider of(String name, Supplier<CompletableFuture<List<PeerAddress>>> candidates) {
        requireNonNull(name, "name");
        requireNonNull(candidates, "candidates");
        return new CandidateSourceProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public CandidateSource create(NodeConfig config, AddressBookContext context) {
                return CandidateSource.of(name, candidates);
            }

            @Override
            public String toString() {
                return "CandidateSourceProvider[" + name + "]";
            }
        };
    }
}
