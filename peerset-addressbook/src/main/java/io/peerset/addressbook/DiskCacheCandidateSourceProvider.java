package io.peerset.addressbook;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.PeerCacheStore;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Initial peers from the peer cache (reference section 3.3), under the name {@code "disk-cache"}: the
 * context's {@link io.peerset.api.spi.NodeStorage} when it has one, else the file under the cache
 * directory. Yields nothing when neither is configured and on Regtest (as the reference). The cache
 * (at most 75 short lines) is read on the context's blocking executor, each time
 * {@link CandidateSource#candidates()} is called; a missing or unreadable file yields no peers.
 *
 * <p>Thread-safe; {@link #create} performs no I/O.
 */
public final class DiskCacheCandidateSourceProvider implements CandidateSourceProvider {

    /** The configuration name of this provider. */
    public static final String NAME = "disk-cache";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public DiskCacheCandidateSourceProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public CandidateSource create(NodeConfig config, AddressBookContext context) {
        Optional<PeerCacheStore> store = config.network().magic() == Network.REGTEST_MAGIC ? Optional.empty()
                : PeerCacheFile.store(context, config.cacheDir(), config.network());
        Executor executor = context.blocking();
        return CandidateSource.of(NAME, () -> store.isEmpty() ? CompletableFuture.completedFuture(List.<PeerAddress>of())
                : CompletableFuture.supplyAsync(() -> limit(store.get().read()), executor));
    }

    /** A store of another implementation may hold more than the reference reads (section 3.3). */
    private static List<PeerAddress> limit(List<PeerAddress> read) {
        return read.size() <= PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE ? read
                : List.copyOf(read.subList(0, PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE));
    }
}
