package io.peerset.api.spi;

import io.peerset.api.NodeConfig;

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
}
