package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerAddress;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookEntry;
import io.peerset.api.spi.AddressBookSnapshot;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.BannedIp;
import io.peerset.api.spi.PeerAddrState;
import io.peerset.api.wire.AddressEntry;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address book of reference section 4 with one writer: changes and candidate requests go into
 * a bounded queue ({@link AddressBookConstants#UPDATE_QUEUE_CAPACITY}) that an updater drains on
 * the context's executor, one task at a time; after a batch it publishes an immutable view (at most
 * once per {@link AddressBookConstants#PUBLISH_INTERVAL}, see {@code maybePublish}) that
 * every read uses.
 *
 * <p>Decisions where peerset differs from the reference (Appendix A):
 * <ul>
 *   <li>A.4: inbound records (the remote's ephemeral address) are kept for liveness and snapshots
 *       but are never reconnection candidates, never gossiped, and so never cached.</li>
 *   <li>A.5 / upstream #7772: failed dials of initial peers are recorded ({@code UpdateFailed});
 *       a failed record that was never seen by anyone (no last-seen time) stays "probably
 *       reachable", so it is retried after the 119 s window instead of being abandoned forever.
 *       Failed records with a last-seen time older than 3 days are never retried.</li>
 *   <li>A.6: bans expire after {@link AddressBookConfig#banDuration()} (default 24 h); the list
 *       keeps at most {@link AddressBookConfig#maxBannedIps()} IPs, evicting the oldest.</li>
 *   <li>A.10: {@code UpdateMisbehavior} adds to the score and sets the last failure but keeps the
 *       record's state (a never-attempted record becomes failed), and never creates a record for an unknown address (a report at or above
 *       the limit still bans the IP).</li>
 *   <li>A.11: as upstream, only handshakes ({@code UpdateConnected}) and heartbeat answers
 *       ({@code UpdateResponded}) refresh the last response; ordinary traffic does not, so the book
 *       is not written on every message.</li>
 *   <li>A.15: bans and the same-IP filter use exact canonical IPs, as in the reference snapshot
 *       (not /24 or /64 buckets).</li>
 *   <li>Reconnection and concurrency windows use the monotonic clock, also for the last response.</li>
 *   <li>An address evicted (capacity) or removed by a ban while inside its 119 s reconnection
 *       window cannot be recreated by gossip, initial peers or a ping until the window ends
 *       (upstream can re-add and re-dial it at once).</li>
 *   <li>Changes are stamped with the clock when submitted, so the out-of-order and concurrent-change
 *       rules (4.4) compare the time of the event, as upstream does.</li>
 * </ul>
 *
 * <p>Threading: all methods may be called from any thread and never block. {@code random} is used
 * only under this object's lock.
 */
final class DefaultAddressBook implements AddressBook {

    private static final Logger log = LoggerFactory.getLogger(DefaultAddressBook.class);

    private final AddressBookConfig config;
    private final AddressBookContext context;
    private final AddressBookState state;
    private final ArrayBlockingQueue<Object> queue =
            new ArrayBlockingQueue<>(AddressBookConstants.UPDATE_QUEUE_CAPACITY);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile View view;
    private PeerCacheWriter cacheWriter;
    // Updater thread only: whether the state changed since the view was built, when it was built,
    // and whether a timer will rebuild it.
    private boolean dirty;
    private long lastPublishNanos;
    private boolean everPublished;
    private boolean publishScheduled;
    private final PeerStatusLog statusLog = new PeerStatusLog();

    DefaultAddressBook(AddressBookConfig config, AddressBookContext context) {
        this.config = requireNonNull(config, "config");
        this.context = requireNonNull(context, "context");
        this.state = new AddressBookState(config);
        this.view = new View(List.of(), Map.of(), List.of(), context.clock().instant());
        config.localListener().ifPresent(local -> {
            if (!AddressValidity.isValidForOutbound(config.network(), local)) {
                log.warn("address book: our listener {} is not valid for outbound use on {}; it is not gossiped",
                        local.redacted(), config.network().name());
            }
        });
    }

    @Override
    public synchronized void start() {
        if (cacheWriter != null || closed.get() || config.cacheDir().isEmpty()) {
            return;
        }
        cacheWriter = new PeerCacheWriter(this, PeerCacheFile.path(config.cacheDir().get(), config.network()),
                context.scheduler(), context.blocking(), context.random());
        cacheWriter.start();
    }

    private record Stamped(AddressChange change, Instant wall, long nanos) {
    }

    private record CandidateRequest(CompletableFuture<Optional<AddressBookEntry>> future) {
    }

    /** What readers see: the state after one batch. */
    private record View(List<MetaAddr> ordered, Map<PeerAddress, MetaAddr> byAddress, List<BannedIp> bans,
                        Instant takenAt) {
    }

    @Override
    public boolean submit(AddressChange change) {
        requireNonNull(change, "change");
        return enqueue(new Stamped(change, context.clock().instant(), context.clock().nanoTime()));
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate() {
        CompletableFuture<Optional<AddressBookEntry>> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(new IllegalStateException("address book: closed"));
        } else if (!enqueue(new CandidateRequest(future))) {
            // Overloaded: "nothing ready now" lets the dialler try again later instead of failing.
            future.complete(Optional.empty());
        }
        return future;
    }

    private boolean enqueue(Object item) {
        if (closed.get() || !queue.offer(item)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: visible, but never a log flood
                log.warn("address book: dropped {} change(s) so far (queue full at {} or book closed)",
                        n, AddressBookConstants.UPDATE_QUEUE_CAPACITY);
            }
            return false;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                context.updater().execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                log.warn("address book: updater executor rejected the update task", e);
            }
        }
        return true;
    }

    private void drain() {
        List<Runnable> completions = new ArrayList<>();
        boolean changed = false;
        try {
            for (int i = 0; i < AddressBookConstants.MAX_CHANGES_PER_BATCH; i++) {
                Object item = queue.poll();
                if (item == null) {
                    break;
                }
                if (closed.get()) {
                    if (item instanceof CandidateRequest r) {
                        r.future().completeExceptionally(new IllegalStateException("address book: closed"));
                    }
                    continue;
                }
                if (item instanceof Stamped s) {
                    changed |= state.update(s.change(), s.wall(), s.nanos());
                } else if (item instanceof CandidateRequest r) {
                    Optional<AddressBookEntry> next = state.nextCandidate(context.clock().instant(),
                            context.clock().nanoTime()).map(MetaAddr::toEntry);
                    changed |= next.isPresent();
                    completions.add(() -> r.future().complete(next));
                }
            }
            if (changed) {
                dirty = true;
                maybePublish();
                statusLog.update(state.count(PeerAddrState.RESPONDED), state.count(PeerAddrState.ATTEMPT_PENDING),
                        state.count(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED), context.clock().nanoTime())
                        .ifPresent(line -> {
                            if (line.warning()) {
                                log.warn("address book: {}", line.message());
                            } else {
                                log.info("address book: {}", line.message());
                            }
                        });
            }
        } catch (RuntimeException e) {
            log.error("address book: updater failed; the book keeps its last consistent view", e);
            completions.forEach(Runnable::run);
            throw e;
        } finally {
            scheduled.set(false);
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                try {
                    context.updater().execute(this::drain);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false);
                }
            }
        }
        completions.forEach(Runnable::run);
    }

    /**
     * Rebuilds the readers' view, at most once per {@link AddressBookConstants#PUBLISH_INTERVAL}:
     * building it copies the whole book, which at 100,000 records would otherwise cost more than
     * the changes themselves. The first change after a quiet interval is visible at once; later
     * ones within the interval are published by a timer when it ends. Runs on the updater.
     */
    private void maybePublish() {
        if (!dirty || closed.get()) {
            return;
        }
        long now = context.clock().nanoTime();
        long interval = AddressBookConstants.PUBLISH_INTERVAL.toNanos();
        if (!everPublished || now - lastPublishNanos >= interval) {
            publish();
            dirty = false;
            everPublished = true;
            lastPublishNanos = now;
        } else if (!publishScheduled) {
            publishScheduled = true;
            try {
                context.scheduler().schedule(java.time.Duration.ofNanos(interval - (now - lastPublishNanos)), () -> {
                    try {
                        context.updater().execute(() -> {
                            publishScheduled = false;
                            maybePublish();
                        });
                    } catch (RejectedExecutionException e) {
                        log.debug("address book: updater gone, view not refreshed");
                    }
                });
            } catch (RuntimeException e) {
                publishScheduled = false;
                publish(); // no timer available (scheduler closed): publish now rather than never
                dirty = false;
                lastPublishNanos = now;
            }
        }
    }

    private void publish() {
        List<MetaAddr> ordered = state.inReconnectionOrder();
        Map<PeerAddress, MetaAddr> byAddress = new HashMap<>(ordered.size() * 2);
        for (MetaAddr r : ordered) {
            byAddress.put(r.address, r);
        }
        Instant now = context.clock().instant();
        view = new View(List.copyOf(ordered), Map.copyOf(byAddress), List.copyOf(state.bans(now)), now);
    }

    @Override
    public List<AddressEntry> freshGetAddrResponse() {
        View v = view;
        List<AddressEntry> sanitized;
        synchronized (this) {
            sanitized = Gossip.sanitized(config.network(), v.ordered(), config.localListener(),
                    context.clock().instant(), context.random());
        }
        return Gossip.getAddrResponse(sanitized);
    }

    @Override
    public AddressBookSnapshot snapshot() {
        View v = view;
        Instant now = context.clock().instant();
        List<AddressBookEntry> entries = new ArrayList<>(v.ordered().size());
        for (MetaAddr r : v.ordered()) {
            entries.add(r.toEntry());
        }
        List<BannedIp> bans = new ArrayList<>();
        for (BannedIp b : v.bans()) {
            if (b.expiresAt().isAfter(now)) {
                bans.add(b);
            }
        }
        return new AddressBookSnapshot(entries, bans, v.takenAt(), config.capacity());
    }

    @Override
    public int size() {
        return view.ordered().size();
    }

    @Override
    public List<AddressBookEntry> recentlyLivePeers() {
        long now = context.clock().nanoTime();
        long window = AddressBookConstants.RECENTLY_LIVE.toNanos();
        List<AddressBookEntry> live = new ArrayList<>();
        for (MetaAddr r : view.ordered()) {
            if (r.state == PeerAddrState.RESPONDED && r.lastResponseNanos != MetaAddr.NONE
                    && now - r.lastResponseNanos < window) {
                live.add(r.toEntry());
            }
        }
        return List.copyOf(live);
    }

    @Override
    public Optional<AddressBookEntry> entry(PeerAddress address) {
        requireNonNull(address, "address");
        return Optional.ofNullable(view.byAddress().get(address)).map(MetaAddr::toEntry);
    }

    @Override
    public boolean isBanned(InetAddress ip) {
        requireNonNull(ip, "ip");
        Instant now = context.clock().instant();
        for (BannedIp b : view.bans()) {
            if (b.ip().equals(ip)) {
                return b.expiresAt().isAfter(now);
            }
        }
        return false;
    }

    @Override
    public long droppedChanges() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                if (cacheWriter != null) {
                    cacheWriter.close();
                }
            }
            Object item;
            while ((item = queue.poll()) != null) {
                if (item instanceof CandidateRequest r) {
                    r.future().completeExceptionally(new IllegalStateException("address book: closed"));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DefaultAddressBook[" + config + ", size=" + size() + "]";
    }
}
