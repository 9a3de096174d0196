package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.CandidateSource;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed-list candidate source: each {@link #candidates()} fetches the list (and its signature, for
 * a signed list, at the same time), checks the signature over the exact bytes fetched, parses them
 * ({@link SeedListParser}) and completes with the addresses. A list that cannot be fetched, is too
 * large or does not verify fails the future with a {@link SeedListException}; lines that are not
 * addresses are skipped and named in one warning.
 *
 * <p>Thread-safe. {@link #candidates()} never blocks: a file is read on the node's blocking executor,
 * a URL fetched by the JDK's asynchronous HTTP client, and the parsing runs on the thread that
 * completes the fetch. {@link #close()} completes every pending future with no address and abandons
 * the fetches.
 */
public final class SeedListSource implements CandidateSource {

    private static final Logger log = LoggerFactory.getLogger(SeedListSource.class);

    private final SeedListPlan plan;
    private final Fetcher fetcher;
    /** The futures handed out by {@link #candidates()} and not yet complete. */
    private final Set<CompletableFuture<List<PeerAddress>>> results = ConcurrentHashMap.newKeySet();
    /** The fetches in progress. */
    private final Set<CompletableFuture<?>> fetches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param plan    what to fetch and the bounds
     * @param fetcher how
     */
    public SeedListSource(SeedListPlan plan, Fetcher fetcher) {
        this.plan = requireNonNull(plan, "plan");
        this.fetcher = requireNonNull(fetcher, "fetcher");
    }

    @Override
    public String name() {
        return SeedListConstants.NAME;
    }

    @Override
    public CompletableFuture<List<PeerAddress>> candidates() {
        if (closed) {
            return CompletableFuture.completedFuture(List.of());
        }
        String label = "seed list " + plan.source();
        CompletableFuture<byte[]> list = track(fetches, fetcher.fetch(plan.source(), label, plan.maxBytes(),
                "plugins.seed-list.max_bytes = " + plan.maxBytes() + "; raise it or shorten the list"));
        CompletableFuture<Optional<byte[]>> signature = plan.signature()
                .map(where -> track(fetches, fetcher.fetch(where, "signature " + where, SeedListConstants.MAX_SIGNATURE_BYTES,
                        SeedListConstants.MAX_SIGNATURE_BYTES + ", far more than a signature takes")).thenApply(Optional::of))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
        CompletableFuture<List<PeerAddress>> result = track(results, new CompletableFuture<>());
        // completed by hand, so that it fails with the SeedListException itself, not a CompletionException around it
        list.thenCombine(signature, (bytes, sig) -> addresses(label, bytes, sig)).whenComplete((peers, error) -> {
            if (error == null) {
                result.complete(peers);
            } else {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
        if (closed) { // closed while the fetches were being started: close() may have missed them
            close();
        }
        return result;
    }

    private static <F extends CompletableFuture<?>> F track(Set<? super F> set, F future) {
        set.add(future);
        future.whenComplete((v, e) -> set.remove(future));
        return future;
    }

    private List<PeerAddress> addresses(String label, byte[] bytes, Optional<byte[]> signatureFile) {
        if (plan.key().isPresent()) {
            Location where = plan.signature().orElseThrow();
            byte[] signature;
            try {
                signature = Ed25519.parseSignature(signatureFile.orElseThrow());
            } catch (IllegalArgumentException e) {
                throw new SeedListException(label + ": its signature " + where + " holds " + e.getMessage(), e);
            }
            if (!Ed25519.verify(plan.key().get(), bytes, signature)) {
                throw new SeedListException(label + ": the signature " + where + " does not verify with public_key "
                        + "(expected: the list signed by that key, unchanged since; no address of it is used)");
            }
        }
        SeedList parsed;
        try {
            parsed = SeedListParser.parse(bytes, plan.maxBytes(), plan.maxPeers());
        } catch (SeedListException e) {
            throw new SeedListException(label + ": " + e.getMessage(), e);
        }
        if (parsed.badLines() > 0) {
            log.warn("{}: skipped {} line(s) that are not addresses: {}{}", label, parsed.badLines(),
                    String.join("; ", parsed.problems()), parsed.badLines() > parsed.problems().size() ? "; ..." : "");
        }
        parsed.truncatedAt().ifPresent(line -> log.warn("{}: kept the first {} addresses and stopped at line {} "
                + "(plugins.seed-list.max_peers = {})", label, plan.maxPeers(), line, plan.maxPeers()));
        log.info("{}: {} address(es){}{}", label, parsed.peers().size(),
                parsed.duplicates() > 0 ? ", " + parsed.duplicates() + " duplicate(s) dropped" : "",
                plan.key().isPresent() ? ", signature verified" : "");
        return parsed.peers();
    }

    /** Completes every pending {@link #candidates()} with no address and abandons the fetches. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<List<PeerAddress>> result : results) {
            result.complete(List.of());
        }
        for (CompletableFuture<?> fetch : fetches) {
            fetch.cancel(true);
        }
    }

    @Override
    public String toString() {
        return SeedListConstants.NAME + "[" + plan.source() + "]";
    }
}
