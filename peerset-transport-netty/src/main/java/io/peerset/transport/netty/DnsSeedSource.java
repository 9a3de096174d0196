package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code "dns"} candidate source: resolves the seeder names among the initial peers (reference
 * section 3.2). Each {@link #candidates()} call runs rounds until one yields an address:
 * <ul>
 *   <li>a round asks every name at once, A and AAAA; each name has the lookup timeout
 *       ({@link NettyTransportConstants#DNS_LOOKUP_TIMEOUT} in production) and is not retried
 *       on its own; a failure is logged with the name and its cause, never thrown;</li>
 *   <li>once every name has answered or timed out, the union of the answers (each address with its
 *       entry's port, canonical, in configuration order, without duplicates) completes the future,
 *       unless it is empty: then, after the retry pause
 *       ({@link NettyTransportConstants#DNS_RETRY_PAUSE}), the whole set is asked again, for as
 *       long as the source is open.</li>
 * </ul>
 * With seeding turned off, or no names to resolve, the future is complete at once and empty (the
 * reason is logged once, at info). {@link #close()} completes every pending future with the
 * answers of its current round so far (usually none), stops the retries and releases the
 * resolver.
 *
 * <p>Time: the per-name timeouts and the retry pause are scheduled on the injected
 * {@link Scheduler} (DESIGN.md section 4), so this class runs in virtual time over a scripted
 * {@link NameLookup}; the resolver behind {@link NettyNameLookup} adds its own real-time per-query
 * timeout.
 *
 * <p>The future fails only if the resolver cannot be started at all (no event loop).
 *
 * <p>Thread-safe. {@link #candidates()} never blocks: it creates the lookup (an event loop) on
 * first use and starts the queries; answers, timeouts and retries complete the future on the
 * lookup's or the scheduler's thread, so callers should not do slow work in dependent stages.
 * {@link #close()} does not block either.
 */
final class DnsSeedSource implements CandidateSource {

    private static final Logger log = LoggerFactory.getLogger(DnsSeedSource.class);

    private final List<SeedEntry> seeds;
    private final String idleReason;
    private final Scheduler scheduler;
    private final Supplier<? extends NameLookup> lookups;
    private final Duration lookupTimeout;
    private final Duration retryPause;
    private final AtomicBoolean idleLogged = new AtomicBoolean();
    private final AtomicInteger roundsFinished = new AtomicInteger();

    /** Guarded by {@code this}: created on the first {@link #candidates()}. */
    private NameLookup lookup;
    /** Guarded by {@code this}. */
    private boolean closed;
    /** Guarded by {@code this}: the calls of {@link #candidates()} whose future is pending. */
    private final Set<Attempt> attempts = new HashSet<>();

    /**
     * @param seeds         the names to resolve, in configuration order
     * @param idleReason    null if {@code seeds} are to be resolved; else why nothing is resolved
     *                      (seeding off, no names), logged once
     * @param scheduler     the timers of the lookup timeouts and retry pauses
     * @param lookups       creates the resolver, once, on the first {@link #candidates()}
     * @param lookupTimeout how long each name may take per round; positive
     * @param retryPause    the pause before the next round after an empty one; positive
     */
    DnsSeedSource(List<SeedEntry> seeds, String idleReason, Scheduler scheduler,
                  Supplier<? extends NameLookup> lookups, Duration lookupTimeout, Duration retryPause) {
        this.seeds = List.copyOf(seeds);
        this.idleReason = idleReason != null ? idleReason
                : this.seeds.isEmpty() ? "no seeder names among the initial peers" : null;
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.lookups = requireNonNull(lookups, "lookups");
        this.lookupTimeout = Checks.positive("lookupTimeout", lookupTimeout);
        this.retryPause = Checks.positive("retryPause", retryPause);
    }

    @Override
    public String name() {
        return NettyTransportConstants.DNS_PROVIDER_NAME;
    }

    @Override
    public CompletableFuture<List<PeerAddress>> candidates() {
        if (idleReason != null) {
            if (idleLogged.compareAndSet(false, true)) {
                log.info("DNS seeding: {}; no addresses from DNS", idleReason);
            }
            return CompletableFuture.completedFuture(List.of());
        }
        Attempt attempt;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(List.of());
            }
            if (lookup == null) {
                try {
                    lookup = requireNonNull(lookups.get(), "lookup");
                } catch (RuntimeException e) {
                    // No event loop (out of file descriptors, say): this call fails, a later one may not.
                    log.warn("DNS seeding: cannot start the resolver: {}", describe(e));
                    return CompletableFuture.failedFuture(e);
                }
            }
            attempt = new Attempt(lookup);
            attempts.add(attempt);
        }
        // However it completes (an answer, close(), or the caller cancelling it), timers stop.
        attempt.future.whenComplete((found, failure) -> attempt.stop());
        attempt.startRound();
        return attempt.future;
    }

    @Override
    public void close() {
        List<Attempt> pending;
        NameLookup toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = new ArrayList<>(attempts);
            toClose = lookup;
        }
        pending.forEach(Attempt::closeNow);
        if (toClose != null) {
            toClose.close();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void forget(Attempt attempt) {
        attempts.remove(attempt);
    }

    /** @return the rounds that have finished so far, over every call of {@link #candidates()} (for tests) */
    int roundsFinished() {
        return roundsFinished.get();
    }

    /** @return the names this source resolves, in configuration order */
    List<SeedEntry> seeds() {
        return seeds;
    }

    /** @return why this source resolves nothing, or null if it has names to resolve */
    String idleReason() {
        return idleReason;
    }

    @Override
    public String toString() {
        return name() + (idleReason != null ? "[off]" : seeds.toString());
    }

    /**
     * The answers of a round, merged.
     *
     * @param perName each name's candidates in configuration order; null for a name that failed
     * @return their union in that order, without duplicates
     */
    static List<PeerAddress> union(List<List<PeerAddress>> perName) {
        Set<PeerAddress> union = new LinkedHashSet<>();
        for (List<PeerAddress> found : perName) {
            if (found != null) {
                union.addAll(found);
            }
        }
        return List.copyOf(union);
    }

    private static String describe(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        String message = cause.getMessage() != null ? cause.getMessage().strip() : cause.getClass().getSimpleName();
        Throwable inner = cause.getCause();
        if (inner != null && inner.getMessage() != null && !message.contains(inner.getMessage().strip())) {
            message += " (" + inner.getMessage().strip() + ")";
        }
        return message;
    }

    private static String human(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** One call of {@link #candidates()}: its future and its rounds. */
    private final class Attempt {
        final CompletableFuture<List<PeerAddress>> future = new CompletableFuture<>();
        final NameLookup lookup;
        /** Guarded by {@code this}. */
        private int rounds;
        /** Guarded by {@code this}. */
        private Round current;
        /** Guarded by {@code this}. */
        private Cancellable retry;

        Attempt(NameLookup lookup) {
            this.lookup = lookup;
        }

        void startRound() {
            Round round;
            synchronized (this) {
                if (future.isDone()) {
                    return;
                }
                rounds++;
                round = new Round(this, rounds);
                current = round;
                retry = null;
            }
            round.start();
        }

        /** Called once per round, when its last name has answered or timed out. */
        void roundDone(Round round) {
            roundsFinished.incrementAndGet();
            List<PeerAddress> found = round.union();
            if (!found.isEmpty()) {
                log.info("DNS seeding: {} addresses from {} of {} seeders{}", found.size(), round.answered(),
                        seeds.size(), round.number > 1 ? " (round " + round.number + ")" : "");
                future.complete(found);
                return;
            }
            boolean stop;
            synchronized (this) {
                if (future.isDone() || current != round) {
                    return;
                }
                stop = isClosed();
                if (!stop) {
                    retry = scheduler.schedule(retryPause, this::startRound);
                }
            }
            if (stop) {
                future.complete(List.of());
            } else if (round.number == 1) {
                log.warn("DNS seeding: none of the {} seeders answered with an address; asking them all again every {} "
                        + "until one does", seeds.size(), human(retryPause));
            } else {
                log.debug("DNS seeding: round {} found no address; next round in {}", round.number, human(retryPause));
            }
        }

        /** The source is closing: completes with what the current round has found so far. */
        void closeNow() {
            Round round;
            synchronized (this) {
                round = current;
            }
            future.complete(round == null ? List.of() : round.union());
        }

        /** The future is complete: cancels the pending timers and lookups. */
        void stop() {
            Round round;
            Cancellable pause;
            synchronized (this) {
                round = current;
                pause = retry;
                retry = null;
            }
            if (pause != null) {
                pause.cancel();
            }
            if (round != null) {
                round.abandon();
            }
            forget(this);
        }
    }

    /** One round: every name asked once, each under its own timeout. */
    private final class Round {
        final Attempt attempt;
        final int number;
        /** Guarded by {@code this}: each name's candidates, null until it answered. */
        private final List<List<PeerAddress>> found;
        private final boolean[] settled;
        private final Cancellable[] timers;
        private final List<CompletableFuture<List<InetAddress>>> queries;
        private int remaining;
        private boolean abandoned;

        Round(Attempt attempt, int number) {
            this.attempt = attempt;
            this.number = number;
            int n = seeds.size();
            this.found = new ArrayList<>(Collections.nCopies(n, null));
            this.settled = new boolean[n];
            this.timers = new Cancellable[n];
            this.queries = new ArrayList<>(Collections.nCopies(n, null));
            this.remaining = n;
        }

        void start() {
            for (int i = 0; i < seeds.size(); i++) {
                int index = i;
                Cancellable timer = scheduler.schedule(lookupTimeout, () -> settle(index, null,
                        new TimeoutException("no answer within " + human(lookupTimeout))));
                CompletableFuture<List<InetAddress>> query;
                try {
                    query = attempt.lookup.resolve(seeds.get(i).host());
                } catch (RuntimeException e) {
                    query = CompletableFuture.failedFuture(e);
                }
                boolean done;
                synchronized (this) {
                    timers[i] = timer;
                    queries.set(i, query);
                    done = settled[i] || abandoned;
                }
                if (done) {
                    // Timed out or abandoned before the query was even recorded.
                    timer.cancel();
                    query.cancel(false);
                } else {
                    query.whenComplete((addresses, failure) -> settle(index, addresses, failure));
                }
            }
        }

        private void settle(int index, List<InetAddress> addresses, Throwable failure) {
            SeedEntry seed = seeds.get(index);
            List<PeerAddress> candidates = null;
            if (failure == null) {
                candidates = seed.candidates(addresses);
            }
            boolean last;
            Cancellable timer;
            CompletableFuture<List<InetAddress>> query;
            synchronized (this) {
                if (settled[index] || abandoned) {
                    return;
                }
                settled[index] = true;
                found.set(index, candidates);
                last = --remaining == 0;
                timer = timers[index];
                query = queries.get(index);
            }
            if (timer != null) {
                timer.cancel();
            }
            if (query != null && failure != null) {
                query.cancel(false); // a timeout abandons the query; no-op if it has completed
            }
            if (candidates != null && !candidates.isEmpty()) {
                log.debug("DNS seeding: {} answered {} addresses", seed.host(), candidates.size());
            } else {
                String why = candidates != null ? "answered with no address" : "failed: " + describe(failure);
                if (number == 1) {
                    log.warn("DNS seeding: {} {}", seed.host(), why);
                } else {
                    log.debug("DNS seeding: {} {} (round {})", seed.host(), why, number);
                }
            }
            if (last) {
                attempt.roundDone(this);
            }
        }

        /** Cancels the timers and queries of names still pending; answers arriving later are ignored. */
        void abandon() {
            List<Cancellable> pendingTimers = new ArrayList<>();
            List<CompletableFuture<List<InetAddress>>> pendingQueries = new ArrayList<>();
            synchronized (this) {
                if (abandoned) {
                    return;
                }
                abandoned = true;
                for (int i = 0; i < settled.length; i++) {
                    if (!settled[i]) {
                        if (timers[i] != null) {
                            pendingTimers.add(timers[i]);
                        }
                        if (queries.get(i) != null) {
                            pendingQueries.add(queries.get(i));
                        }
                    }
                }
            }
            pendingTimers.forEach(Cancellable::cancel);
            pendingQueries.forEach(q -> q.cancel(false));
        }

        synchronized List<PeerAddress> union() {
            return DnsSeedSource.union(found);
        }

        synchronized int answered() {
            int n = 0;
            for (List<PeerAddress> f : found) {
                if (f != null && !f.isEmpty()) {
                    n++;
                }
            }
            return n;
        }
    }
}
