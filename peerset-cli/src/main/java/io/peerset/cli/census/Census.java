package io.peerset.cli.census;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.FailureReason;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.connect.IsolatedConnections;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network census (what seeders and network monitors do): starting from some addresses, it
 * handshakes with every address it learns, anonymously ({@link IsolatedConnections}: services 0, no
 * relay, nothing about us revealed), pings it once, asks it for addresses, adds those to its queue,
 * and reports one {@link Entry} per address — reachable or not and why, the peer's version, user
 * agent, services and start height, handshake and ping latency, how many addresses it returned.
 *
 * <p>Politeness, after the reference's limits: dials start at least
 * {@link PeerSetConstants#MIN_OUTBOUND_PEER_CONNECTION_INTERVAL} apart, at most
 * {@code concurrency} connections are open at a time and at most one per IP; addresses invalid for
 * outbound use on the network (reference 4.10) are never dialled; every address is visited once
 * (addresses given to {@link #skip} — already in a previous run's output — are never dialled, so a
 * census can be resumed).
 *
 * <p>An application of the library that uses only its exported API: the transport and scheduler
 * SPI, {@link IsolatedConnections} for the anonymous handshake, the {@link PeerClient} requests, and
 * {@link PeerFailures} for the one classification of failures that events, metrics and
 * {@code peerset ping} share. It lives with {@code peerset crawl}, not in core.
 *
 * <p>Threading: all state is confined to the scheduler's thread (the pump runs there; completions
 * are handed back to it), so entries reach the sink one at a time, on that thread. {@link #add},
 * {@link #skip}, {@link #stop}, {@link #progress} and {@link #done} may be called from any thread.
 */
public final class Census {

    private static final Logger LOG = LoggerFactory.getLogger(Census.class);

    /** Default budget for connect + handshake: the reference's handshake timeout (3 s) plus slack for far peers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Default wait for the peer's {@code addr} answer: zcashd answers getaddr at once, or never. */
    public static final Duration DEFAULT_ADDR_WAIT = Duration.ofSeconds(5);

    /** Default number of connections open at a time. */
    public static final int DEFAULT_CONCURRENCY = 16;

    /**
     * What the census learnt about one address: one per address visited, handed to the sink once.
     * Immutable and thread-safe.
     *
     * @param address           the address
     * @param reachable         whether the handshake succeeded
     * @param error             why, when it did not, or when a later step failed (written as its
     *                          {@link FailureReason#code() code})
     * @param errorMessage      the failure's message
     * @param version           the peer's protocol version
     * @param userAgent         the peer's user agent
     * @param services          the peer's service bits
     * @param startHeight       the peer's announced chain height
     * @param handshakeMillis   connect + handshake time
     * @param pingMillis        one ping's round trip
     * @param addressesReturned addresses in the peer's answer to {@code getaddr} (0 if none came)
     * @param firstSeen         when the census first learnt the address
     * @param lastSeen          when the census finished with it
     */
    public record Entry(PeerAddress address, boolean reachable, Optional<FailureReason> error, Optional<String> errorMessage,
                        OptionalLong version, Optional<String> userAgent, OptionalLong services,
                        OptionalLong startHeight, OptionalLong handshakeMillis, OptionalLong pingMillis,
                        int addressesReturned, Instant firstSeen, Instant lastSeen) {
        /** Checks for nulls. */
        public Entry {
            requireNonNull(address, "address");
            requireNonNull(error, "error");
            requireNonNull(errorMessage, "errorMessage");
            requireNonNull(firstSeen, "firstSeen");
            requireNonNull(lastSeen, "lastSeen");
        }
    }

    /**
     * The census's counts at one moment (a snapshot: it never changes). Immutable and thread-safe.
     *
     * @param reached  addresses that handshook
     * @param failed   addresses that did not
     * @param queued   addresses waiting
     * @param inFlight connections open now
     */
    public record Progress(int reached, int failed, int queued, int inFlight) {
        /** @return whether nothing is queued or in flight */
        public boolean idle() {
            return queued == 0 && inFlight == 0;
        }
    }

    private final Transport transport;
    private final Network network;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final int concurrency;
    private final Duration timeout;
    private final Duration addrWait;
    private final Consumer<Entry> sink;

    // Scheduler thread only (add/skip hop onto it).
    private final ArrayDeque<PeerAddress> queue = new ArrayDeque<>();
    private final Set<PeerAddress> seen = new HashSet<>();
    private final Map<PeerAddress, Instant> firstSeen = new HashMap<>();
    private final Set<InetAddress> busyIps = new HashSet<>();
    private long nextDialNanos = Long.MIN_VALUE;
    private boolean pumpScheduled;
    private boolean stopped;
    private volatile Progress progress = new Progress(0, 0, 0, 0);
    private int reached;
    private int failed;
    private int inFlight;
    private final CompletableFuture<Progress> done = new CompletableFuture<>();

    private Census(Builder b) {
        this.transport = b.transport;
        this.network = b.network;
        this.scheduler = b.scheduler;
        this.random = b.random;
        this.concurrency = b.concurrency;
        this.timeout = b.timeout;
        this.addrWait = b.addrWait;
        this.sink = b.sink;
    }

    /**
     * @param transport dials (owned by the caller)
     * @param network   the network announced and whose validity rule applies
     * @param scheduler time, pacing and the thread all state lives on
     * @param random    nonces (thread-safe: a {@link java.security.SecureRandom} in production)
     * @param sink      receives each entry, on the scheduler's thread; must not block
     * @return a builder with the defaults
     */
    public static Builder builder(Transport transport, Network network, Scheduler scheduler, RandomGenerator random,
                                  Consumer<Entry> sink) {
        return new Builder(transport, network, scheduler, random, sink);
    }

    /**
     * Queues addresses (duplicates and addresses seen before are ignored; invalid ones dropped).
     *
     * @param addresses addresses to visit
     * @return completes once they are queued (and {@link #progress()} counts them)
     */
    public CompletableFuture<Void> add(Collection<PeerAddress> addresses) {
        List<PeerAddress> copy = List.copyOf(addresses);
        CompletableFuture<Void> queued = new CompletableFuture<>();
        onScheduler(() -> {
            for (PeerAddress a : copy) {
                enqueue(a);
            }
            pump(); // publishes the new counts
            queued.complete(null);
        });
        return queued;
    }

    /**
     * Marks addresses as visited without dialling them (a resumed census: they are in the output
     * already).
     *
     * @param addresses addresses not to visit
     */
    public void skip(Collection<PeerAddress> addresses) {
        List<PeerAddress> copy = List.copyOf(addresses);
        onScheduler(() -> seen.addAll(copy));
    }

    /** @return the counts now */
    public Progress progress() {
        return progress;
    }

    /**
     * @return completes with the last counts once {@link #stop()} was called and every connection in
     *         flight has been reported (a census with nothing left to visit is
     *         {@link Progress#idle() idle}, not done: more addresses may still be added)
     */
    public CompletableFuture<Progress> done() {
        return done;
    }

    /** Dials no more; connections in flight finish (and are reported). Idempotent. */
    public void stop() {
        onScheduler(() -> {
            stopped = true;
            queue.clear();
            publish();
            if (inFlight == 0) {
                done.complete(progress);
            }
        });
    }

    private void onScheduler(Runnable task) {
        scheduler.schedule(Duration.ZERO, task);
    }

    private void enqueue(PeerAddress a) {
        if (stopped || !network.isValidForOutbound(a) || !seen.add(a)) {
            return;
        }
        firstSeen.put(a, scheduler.instant());
        queue.add(a);
    }

    private void pump() {
        pumpScheduled = false;
        if (stopped) {
            return;
        }
        long now = scheduler.nanoTime();
        long spacing = PeerSetConstants.MIN_OUTBOUND_PEER_CONNECTION_INTERVAL.toNanos();
        while (inFlight < concurrency && !queue.isEmpty()) {
            if (nextDialNanos != Long.MIN_VALUE && now < nextDialNanos) {
                schedulePump(Duration.ofNanos(nextDialNanos - now));
                break;
            }
            PeerAddress next = takeFreeIp();
            if (next == null) {
                break; // every queued address shares an IP with a connection in flight: its end pumps again
            }
            nextDialNanos = now + spacing;
            visit(next);
        }
        publish();
    }

    private void schedulePump(Duration delay) {
        if (!pumpScheduled) {
            pumpScheduled = true;
            scheduler.schedule(delay, this::pump);
        }
    }

    /** @return the first queued address whose IP has no connection in flight, removed from the queue */
    private PeerAddress takeFreeIp() {
        for (var it = queue.iterator(); it.hasNext(); ) {
            PeerAddress a = it.next();
            if (!busyIps.contains(a.ip())) {
                it.remove();
                return a;
            }
        }
        return null;
    }

    private void publish() {
        progress = new Progress(reached, failed, queue.size(), inFlight);
    }

    private void visit(PeerAddress address) {
        inFlight++;
        busyIps.add(address.ip());
        long start = scheduler.nanoTime();
        CompletableFuture<PeerClient> connecting;
        try {
            connecting = IsolatedConnections.connect(transport, network, address, "", timeout, scheduler, random);
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((client, error) -> onScheduler(() -> {
            if (error != null) {
                finish(address, null, error, OptionalLong.empty(), OptionalLong.empty(), 0);
                return;
            }
            long handshakeMillis = Duration.ofNanos(scheduler.nanoTime() - start).toMillis();
            probe(address, client, handshakeMillis);
        }));
    }

    /** Ping, then getaddr; each step bounded; the client is closed at the end. */
    private void probe(PeerAddress address, PeerClient client, long handshakeMillis) {
        OptionalLong hs = OptionalLong.of(handshakeMillis);
        bounded(client.ready().thenCompose(v -> client.call(new Request.Ping(random.nextLong()))), timeout)
                .whenComplete((pong, pingError) -> onScheduler(() -> {
                    OptionalLong ping = pong != null ? OptionalLong.of(pong.rtt().toMillis()) : OptionalLong.empty();
                    if (pingError != null) {
                        client.close();
                        finish(address, client.info(), pingError, hs, ping, 0);
                        return;
                    }
                    CompletableFuture<Response.Peers> peers = bounded(client.ready()
                            .thenCompose(v -> client.call(new Request.Peers())), addrWait);
                    peers.whenComplete((answer, addrError) -> onScheduler(() -> {
                        client.close();
                        int returned = 0;
                        if (answer != null) {
                            returned = answer.addresses().size();
                            for (AddressEntry e : answer.addresses()) {
                                enqueue(e.address());
                            }
                        }
                        // no answer in time is normal (zcashd answers getaddr once per connection)
                        Throwable reported = addrError != null && !(unwrap(addrError) instanceof TimeoutException)
                                ? addrError : null;
                        finish(address, client.info(), reported, hs, ping, returned);
                    }));
                }));
    }

    /** The answer, or a {@link TimeoutException} once {@code limit} has passed. */
    private <T> CompletableFuture<T> bounded(CompletableFuture<T> f, Duration limit) {
        Cancellable timer = scheduler.schedule(limit, () -> f.completeExceptionally(
                new TimeoutException("no answer within " + limit.toMillis() + " ms")));
        return f.whenComplete((v, e) -> timer.cancel());
    }

    private void finish(PeerAddress address, ConnectionInfo info, Throwable error, OptionalLong handshake,
                        OptionalLong ping, int returned) {
        inFlight--;
        busyIps.remove(address.ip());
        boolean ok = info != null;
        if (ok) {
            reached++;
        } else {
            failed++;
        }
        publish(); // also when stopped: done() reports the final counts
        Throwable cause = error == null ? null : unwrap(error);
        Entry entry = new Entry(address, ok, Optional.ofNullable(cause).map(PeerFailures::reason),
                Optional.ofNullable(cause).map(c -> String.valueOf(c.getMessage())),
                ok ? OptionalLong.of(info.remoteVersion().version()) : OptionalLong.empty(),
                ok ? Optional.of(info.remoteVersion().userAgent()) : Optional.empty(),
                ok ? OptionalLong.of(info.remoteVersion().services().bits()) : OptionalLong.empty(),
                ok ? OptionalLong.of(info.remoteVersion().startHeight()) : OptionalLong.empty(),
                ok ? handshake : OptionalLong.empty(), ping, returned,
                firstSeen.getOrDefault(address, scheduler.instant()), scheduler.instant());
        firstSeen.remove(address);
        try {
            sink.accept(entry);
        } catch (RuntimeException e) {
            LOG.warn("census: the sink failed on {}", address, e);
        }
        pump();
        if (stopped && inFlight == 0) {
            done.complete(progress);
        }
    }

    /** The failure itself, out of the wrappers a future's stages put around it. */
    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Builds a {@link Census}: the required parts are given to {@link Census#builder}, the limits
     * here have defaults and are checked as they are set. Not thread-safe: one thread builds.
     */
    public static final class Builder {
        private final Transport transport;
        private final Network network;
        private final Scheduler scheduler;
        private final RandomGenerator random;
        private final Consumer<Entry> sink;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration addrWait = DEFAULT_ADDR_WAIT;

        private Builder(Transport transport, Network network, Scheduler scheduler, RandomGenerator random,
                        Consumer<Entry> sink) {
            this.transport = requireNonNull(transport, "transport");
            this.network = requireNonNull(network, "network");
            this.scheduler = requireNonNull(scheduler, "scheduler");
            this.random = requireNonNull(random, "random");
            this.sink = requireNonNull(sink, "sink");
        }

        /**
         * @param n connections open at a time; default 16; range 1..1024
         * @return this builder
         */
        public Builder concurrency(int n) {
            this.concurrency = Checks.inRange("concurrency", n, 1, 1024);
            return this;
        }

        /**
         * @param connect budget for connect + handshake, and for the ping; default 5 s; range 100 ms..1 min
         * @param addr    wait for the {@code addr} answer; default 5 s; range 0..1 min
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration addr) {
            requireNonNull(connect, "connect");
            requireNonNull(addr, "addr");
            Checks.checkArgument(connect.compareTo(Duration.ofMillis(100)) >= 0
                    && connect.compareTo(Duration.ofMinutes(1)) <= 0, "timeout: %s (expected: 100ms..1m)", connect);
            Checks.checkArgument(!addr.isNegative() && addr.compareTo(Duration.ofMinutes(1)) <= 0,
                    "addrWait: %s (expected: 0..1m)", addr);
            this.timeout = connect;
            this.addrWait = addr;
            return this;
        }

        /** @return the census; nothing is dialled until {@link Census#add} */
        public Census build() {
            return new Census(this);
        }
    }
}
