package io.peerset.transport.netty;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves host names to addresses, asynchronously: the seam between {@link DnsSeedSource}'s
 * rounds, timeouts and retries (tested in virtual time with a scripted lookup) and the DNS client
 * that does the I/O ({@link NettyNameLookup}).
 *
 * <p>Thread-safe: {@link #resolve(String)} may be called from any thread and must not block.
 */
interface NameLookup extends AutoCloseable {

    /**
     * Starts resolving a name's A and AAAA records.
     *
     * @param host a host name
     * @return a future of every address found (possibly none); completes exceptionally if the name
     *         could not be resolved. Cancelling it abandons the lookup.
     */
    CompletableFuture<List<InetAddress>> resolve(String host);

    /**
     * Releases the lookup's resources; lookups in progress and later ones fail. Idempotent; does
     * not block.
     */
    @Override
    void close();
}
