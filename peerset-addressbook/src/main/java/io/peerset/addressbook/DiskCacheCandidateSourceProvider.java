package io.peerset.addressbook;

import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Initial peers from the on-disk peer cache (reference section 3.3), under the name
 * {@code "disk-cache"}. Yields nothing when no cache directory is configured and on Regtest (as the
 * reference). The file (at most 75 short lines) is read on the context's blocking executor, each time
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
        Optional<Path> file = config.cacheDir().filter(dir -> config.network().magic() != Network.REGTEST_MAGIC)
                .map(dir -> PeerCacheFile.path(dir, config.network()));
        Executor executor = context.blocking();
        return CandidateSource.of(NAME, () -> file.isEmpty() ? CompletableFuture.completedFuture(List.<PeerAddress>of())
                : CompletableFuture.supplyAsync(() -> PeerCacheFile.read(file.get()), executor));
    }
}
