package io.peerset.api.spi;

/**
 * Service-provider interface for {@link Transport}s, found with {@link java.util.ServiceLoader}
 * from the {@code provides} clauses of module descriptors, and chosen by configured name, else by
 * highest priority.
 *
 * <p>Implementations have a public no-arg constructor and are thread-safe.
 */
public interface TransportProvider {

    /** @return a short unique name used in configuration, for example {@code "netty"} */
    String name();

    /** @return the rank among available providers when none is named; higher wins */
    int priority();

    /**
     * Plans a transport. Binds no socket and starts no thread: that happens on first use.
     *
     * @param config the network and I/O settings
     * @return a new transport
     */
    Transport create(TransportConfig config);
}
