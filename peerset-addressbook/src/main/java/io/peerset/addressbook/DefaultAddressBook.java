package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.BannedIp;
import io.peerset.api.Subnet;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.internal.SerialLoop;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.PeerCacheStore;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address book of reference section 4 with one writer: changes and candidate requests go into
 * the bounded inbox of a {@link SerialLoop} (the updater; {@code refuseWhenFull} at
 * {@link AddressBookConstants#UPDATE_QUEUE_CAPACITY}: a change it refuses is dropped and counted, a
 * candidate request answered empty) that drains on the context's executor, one task at a time,
 * applying at most {@link AddressBookConstants#MAX_CHANGES_PER_BATCH} per task in steps of
 * {@link AddressBookConstants#WRITE_STEP} under the write lock. If that executor refuses work (shut
 * down), the loop applies each later change on the thread that submits it (see {@link SerialLoop}),
 * so a candidate request is never left pending. Readers take the read lock and read
 * the live records (which are immutable values): they see the book between two steps, never a
 * half-applied change, and nothing is copied unless a reader asks for it.
 *
 * <p>Decisions where peerset differs from the reference (Appendix A):
 * <ul>
 *   <li>A.4: inbound records (the remote's ephemeral address) are kept for liveness and snapshots
 *       while their connection lasts, but are never reconnection candidates, never gossiped, and so
 *       never cached; when the connection ends ({@code UpdateFailed.ofInbound}) the record is
 *       removed ({@code INBOUND_CLOSED}) instead of kept as failed, unless it has a misbehaviour
 *       score (kept so that hanging up does not shed it), and the end of an inbound connection
 *       never creates a record. Upstream keeps them as failed, so a peer redialling from a new port
 *       leaves one record per connection until capacity evicts them.</li>
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
 * <p>Events ({@link #addListener}): the updater reports what it applied as
 * {@link NodeEvent.AddressBookEvent}s:
 * <ul>
 *   <li>{@link NodeEvent.AddressStateChanged} when a record is created (previous state empty,
 *       current the state of the change that created it: {@code NEVER_ATTEMPTED_GOSSIPED} for
 *       gossip and initial peers) and whenever a record's state changes, by a
 *       submitted change, by a misbehaviour report (a never-attempted record becomes failed) or by
 *       {@link #nextReconnectCandidate} (to {@code ATTEMPT_PENDING}). A change that keeps the state
 *       (a refreshed time, a ping) is not reported, nor are the book's internal index moves;</li>
 *   <li>{@link NodeEvent.AddressRemoved} with {@code EVICTED} when the book is over capacity (the
 *       record last in reconnection order goes, possibly the one just created, whose creation is
 *       then reported first) or, with tables, when a terrible record's slot goes to a newcomer
 *       (reported before the newcomer's creation), with {@code BANNED} for each record of a banned IP, and with
 *       {@code INBOUND_CLOSED} when an inbound connection's record leaves with its connection, each
 *       with the record's last state;</li>
 *   <li>{@link NodeEvent.IpBanned} when a misbehaviour report reaches the limit, before that IP's
 *       {@code AddressRemoved(BANNED)} events (a report for an address without a record bans with
 *       its increment as the score and removes only the IP's other records, if any).</li>
 * </ul>
 * Replaying the events from an empty book gives exactly the book's addresses and states. Events
 * are collected under the write lock only while at least one listener is registered (otherwise the
 * updater allocates nothing for them) and delivered on the updater's thread once per task, after the
 * last write step of the task has released the lock (so {@link #entry} inside a listener sees the
 * change) and <em>before</em> the task completes its {@link #nextReconnectCandidate} futures: a
 * listener learns that a record became {@code ATTEMPT_PENDING} before the caller that receives it
 * can act on it, so a combined event stream stays causal. Events are delivered in the order
 * applied; a listener that throws is logged and stays registered, and the other listeners still
 * receive the event. Whether a task records events is decided when it starts (none are recorded if
 * no listener was registered then); each event goes to the listeners registered when it is
 * delivered, so a listener added or removed while a task delivers may see only part of that task's
 * events.
 *
 * <p>Threading: all methods may be called from any thread; none waits for I/O or for the queue. A
 * read waits at most for the write step in progress (tens of microseconds); a {@link #snapshot()}
 * holds the read lock while it collects the records in order (O(n), measured in
 * docs/PERFORMANCE.md), which delays the writer, not other readers; it converts them after
 * releasing the lock. The context's {@code random} is used only under
 * {@code randomLock}.
 */
final class DefaultAddressBook implements AddressBook {

    private static final Logger log = LoggerFactory.getLogger(DefaultAddressBook.class);

    private final AddressBookConfig config;
    private final AddressBookContext context;
    private final AddressBookState state;
    /** Where bans are kept across restarts (a cache directory and no context storage), or empty. */
    private final Optional<Path> banFile;
    /** Bans issued when the ban file was last handed a list (updater only). */
    private long bansWritten;
    private final AtomicReference<List<BannedIp>> pendingBans = new AtomicReference<>();
    private final Object banFileLock = new Object();
    private final SplittableRandom banRandom = new SplittableRandom();
    private final StampedLock lock = new StampedLock();
    private final Object randomLock = new Object();
    /** The updater: its handler runs in the loop's role only. */
    private final SerialLoop<Object> loop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile int size;
    /** The state's ban count, published with {@link #size} when a write step ends (after the bans are readable). */
    private volatile long bansIssued;
    private PeerCacheWriter cacheWriter;
    /** Its emptiness (a volatile read) is the "record events?" check on the updater's hot path. */
    private final CopyOnWriteArrayList<Consumer<? super NodeEvent.AddressBookEvent>> listeners =
            new CopyOnWriteArrayList<>();
    // The updater's (loop-confined).
    private final ArrayList<NodeEvent.AddressBookEvent> events = new ArrayList<>();
    private final ArrayList<Runnable> completions = new ArrayList<>();
    private final PeerStatusLog statusLog = new PeerStatusLog();
    /** The write lock's stamp while a write step holds it, else 0. */
    private long writeStamp;
    /** Items applied in the current write step. */
    private int inStep;
    /** Whether the current task changed the book. */
    private boolean changed;

    DefaultAddressBook(AddressBookConfig config, AddressBookContext context) {
        this.config = requireNonNull(config, "config");
        this.context = requireNonNull(context, "context");
        this.banFile = context.storage().isEmpty() ? config.cacheDir().map(d -> BanFile.path(d, config.network()))
                : Optional.empty();
        this.state = newState(config, context);
        // bans kept from the last run (issue 16 §1.5): read once, before any change
        banFile.ifPresent(f -> state.restoreBans(BanFile.read(f, config.maxBannedIps()), context.clock().instant()));
        this.bansWritten = state.bansVersion();
        this.loop = new SerialLoop<>(context.updater(), new Updater(), AddressBookConstants.MAX_CHANGES_PER_BATCH,
                0, SerialLoop.OverflowPolicy.refuseWhenFull(AddressBookConstants.UPDATE_QUEUE_CAPACITY));
        config.localListener().ifPresent(local -> {
            if (!config.network().isValidForOutbound(local)) {
                log.warn("address book: our listener {} is not valid for outbound use on {}; it is not gossiped",
                        local.redacted(), config.network().name());
            }
        });
    }

    /**
     * The state, with its tables' key: the context's storage (a simulation) or no cache directory
     * gives a key of this run from the context's generator (repeatable under a seed); a cache
     * directory keeps it in {@link TableKeyFile} (blocking I/O, once, at creation).
     */
    private AddressBookState newState(AddressBookConfig config, AddressBookContext context) {
        if (!config.addressTables()) {
            // the reference's book draws nothing from the context (its runs repeat as before tables existed)
            return new AddressBookState(config, 0, 0, new SplittableRandom(0));
        }
        RandomGenerator own;
        long[] key;
        synchronized (randomLock) {
            own = new SplittableRandom(context.random().nextLong());
        }
        key = banFile.isPresent()
                ? TableKeyFile.loadOrCreate(TableKeyFile.path(config.cacheDir().get(), config.network()), own)
                : new long[] {own.nextLong(), own.nextLong()};
        return new AddressBookState(config, key[0], key[1], own);
    }

    @Override
    public synchronized void start() {
        if (cacheWriter != null || closed.get()) {
            return;
        }
        Optional<PeerCacheStore> cache;
        synchronized (randomLock) { // the store splits its generator from the context's
            cache = PeerCacheFile.store(context, config.cacheDir(), config.network());
        }
        cache.ifPresent(store -> {
            cacheWriter = new PeerCacheWriter(this, store, context.scheduler(), context.blocking());
            cacheWriter.start();
        });
    }

    private record Stamped(AddressChange change, Instant wall, long nanos) {
    }

    private static final Predicate<PeerAddress> ANY = a -> true;

    private record CandidateRequest(CompletableFuture<Optional<AddressBookEntry>> future,
                                    Predicate<? super PeerAddress> accept, boolean feeler) {
    }

    private record BanCommand(Subnet block, Duration length, String reason, CompletableFuture<BannedIp> future) {
    }

    private record UnbanCommand(Subnet block, CompletableFuture<Boolean> future) {
    }

    @Override
    public CompletableFuture<BannedIp> ban(Subnet block, Duration length, String reason) {
        requireNonNull(block, "block");
        requireNonNull(length, "length");
        requireNonNull(reason, "reason");
        CompletableFuture<BannedIp> future = new CompletableFuture<>();
        if (closed.get() || !enqueue(new BanCommand(block, length, reason, future))) {
            future.completeExceptionally(new IllegalStateException("address book: closed or overloaded; try again"));
        }
        return future;
    }

    @Override
    public CompletableFuture<Boolean> unban(Subnet block) {
        requireNonNull(block, "block");
        CompletableFuture<Boolean> future = new CompletableFuture<>();
        if (closed.get() || !enqueue(new UnbanCommand(block, future))) {
            future.completeExceptionally(new IllegalStateException("address book: closed or overloaded; try again"));
        }
        return future;
    }

    @Override
    public boolean submit(AddressChange change) {
        requireNonNull(change, "change");
        return enqueue(new Stamped(change, context.clock().instant(), context.clock().nanoTime()));
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate() {
        return nextReconnectCandidate(ANY);
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate(Predicate<? super PeerAddress> accept) {
        requireNonNull(accept, "accept");
        CompletableFuture<Optional<AddressBookEntry>> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(new IllegalStateException("address book: closed"));
        } else if (!enqueue(new CandidateRequest(future, accept, false))) {
            // Overloaded: "nothing ready now" lets the dialler try again later instead of failing.
            future.complete(Optional.empty());
        }
        return future;
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextFeeler() {
        CompletableFuture<Optional<AddressBookEntry>> future = new CompletableFuture<>();
        if (!config.addressTables()) {
            future.complete(Optional.empty());
        } else if (closed.get()) {
            future.completeExceptionally(new IllegalStateException("address book: closed"));
        } else if (!enqueue(new CandidateRequest(future, ANY, true))) {
            future.complete(Optional.empty());
        }
        return future;
    }

    private boolean enqueue(Object item) {
        if (closed.get()) {
            // Normal at shutdown: connections report their end after the book has written its cache.
            dropped.incrementAndGet();
            log.debug("address book: closed; change dropped");
            return false;
        }
        if (!loop.offer(item)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: visible, but never a log flood
                log.warn("address book: dropped {} change(s) so far (queue full at {})",
                        n, AddressBookConstants.UPDATE_QUEUE_CAPACITY);
            }
            return false;
        }
        return true;
    }

    @Override
    public void addListener(Consumer<? super NodeEvent.AddressBookEvent> listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<? super NodeEvent.AddressBookEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * The updater: what the {@link SerialLoop} calls, in the loop's role. A task (a drain, or a dead
     * loop's run) decides whether to record events, applies its items in write steps of
     * {@link AddressBookConstants#WRITE_STEP} under the write lock, then delivers the events and
     * completes the candidate futures outside it.
     */
    private final class Updater implements SerialLoop.Handler<Object> {
        @Override
        public void drainStarting() {
            taskStarting();
        }

        @Override
        public void handle(Object item) {
            assert loop.inLoop();
            if (writeStamp == 0) {
                writeStamp = lock.writeLock();
            }
            try {
                changed |= apply(item);
            } catch (RuntimeException e) {
                // Not rethrown: on a dead loop it would reach the thread that submitted the change,
                // and the items after it would wait for the next submit.
                failed(item, e);
                return;
            } catch (Error e) {
                // Leaves the loop (SerialLoop calls no hook then): release the write lock first, or
                // every reader (bans, snapshots, candidates) would block until the next change.
                endWriteStep();
                throw e;
            }
            if (++inStep == AddressBookConstants.WRITE_STEP) {
                endWriteStep();
            }
        }

        @Override
        public void drainEnded() {
            taskEnded();
        }

        @Override
        public void refused(RuntimeException error) {
            log.warn("address book: the updater executor refused work; changes are now applied on the threads"
                    + " that submit them", error);
        }

        @Override
        public void deadRunStarting() {
            taskStarting();
        }

        @Override
        public void deadRunEnded() {
            taskEnded();
        }
    }

    private void taskStarting() {
        assert loop.inLoop();
        events.clear();
        completions.clear();
        changed = false;
        inStep = 0;
        // Decided once per task: the events of a task are either all recorded or none.
        state.eventSink(listeners.isEmpty() ? null : events);
    }

    /**
     * With a ban file: after a step that banned, hands the current bans to the blocking executor,
     * which writes the latest list it was given (a burst of bans is one write, never an older list
     * after a newer one). Updater thread only.
     */
    private void persistBans() {
        long version = state.bansVersion();
        if (banFile.isEmpty() || version == bansWritten) {
            return;
        }
        bansWritten = version;
        if (pendingBans.getAndSet(state.bans(context.clock().instant())) != null) {
            return; // a write is queued: it takes this list
        }
        context.blocking().execute(() -> {
            synchronized (banFileLock) {
                List<BannedIp> latest = pendingBans.getAndSet(null);
                if (latest == null) {
                    return;
                }
                try {
                    BanFile.write(banFile.get(), latest, banRandom);
                } catch (IOException | RuntimeException e) {
                    log.warn("address book: cannot write the ban file {} ({}); the bans hold until the node stops",
                            banFile.get(), e.toString());
                }
            }
        });
    }

    /** Publishes the size and releases the write lock, if a step holds it. */
    private void endWriteStep() {
        assert loop.inLoop();
        inStep = 0;
        if (writeStamp != 0) {
            size = state.size();
            long stamp = writeStamp;
            writeStamp = 0;
            lock.unlockWrite(stamp);
            // after the unlock: a reader that sees the new count finds the ban it counts
            bansIssued = state.bansIssued();
            persistBans();
        }
    }

    private void taskEnded() {
        endWriteStep();
        state.eventSink(null);
        deliverEvents();
        if (changed) {
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
        completeAll();
    }

    /**
     * An item failed to apply (a bug): the task ends with what it applied before, the item's caller
     * (if it waits) learns of the failure, and the following items start a new task.
     */
    private void failed(Object item, RuntimeException e) {
        endWriteStep();
        state.eventSink(null);
        log.error("address book: updater failed; the book keeps its last consistent state", e);
        deliverEvents(); // what was applied before the failure
        if (item instanceof CandidateRequest r) {
            completions.add(() -> r.future().completeExceptionally(e));
        } else if (item instanceof BanCommand b) {
            completions.add(() -> b.future().completeExceptionally(e));
        } else if (item instanceof UnbanCommand u) {
            completions.add(() -> u.future().completeExceptionally(e));
        }
        completeAll();
        taskStarting();
    }

    /** Completes the task's candidate futures, after its events (a listener learns first). */
    private void completeAll() {
        assert loop.inLoop();
        try {
            completions.forEach(Runnable::run);
        } finally {
            completions.clear();
        }
    }

    /** Hands the collected events to every listener, in order, outside the lock; updater thread only. */
    private void deliverEvents() {
        assert loop.inLoop();
        if (events.isEmpty()) {
            return;
        }
        try {
            for (NodeEvent.AddressBookEvent event : events) {
                for (Consumer<? super NodeEvent.AddressBookEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        log.warn("address book: event listener {} failed on {}; it stays registered",
                                listener, event.getClass().getSimpleName(), e);
                    }
                }
            }
        } finally {
            events.clear();
        }
    }

    /** Applies one queued item under the write lock; returns whether the book changed. */
    private boolean apply(Object item) {
        assert loop.inLoop() && lock.isWriteLocked();
        if (closed.get()) {
            IllegalStateException closedError = new IllegalStateException("address book: closed");
            if (item instanceof CandidateRequest r) {
                completions.add(() -> r.future().completeExceptionally(closedError));
            } else if (item instanceof BanCommand b) {
                completions.add(() -> b.future().completeExceptionally(closedError));
            } else if (item instanceof UnbanCommand u) {
                completions.add(() -> u.future().completeExceptionally(closedError));
            }
            return false;
        }
        if (item instanceof Stamped s) {
            return state.update(s.change(), s.wall(), s.nanos());
        }
        if (item instanceof BanCommand b) {
            try {
                BannedIp ban = state.banByOperator(b.block(), b.length(), b.reason(), context.clock().instant(),
                        context.clock().nanoTime());
                completions.add(() -> b.future().complete(ban));
                return true;
            } catch (IllegalArgumentException | IllegalStateException e) {
                completions.add(() -> b.future().completeExceptionally(e));
                return false;
            }
        }
        if (item instanceof UnbanCommand u) {
            boolean ended = state.unban(u.block());
            completions.add(() -> u.future().complete(ended));
            return ended;
        }
        CandidateRequest r = (CandidateRequest) item;
        MetaAddr next;
        try {
            next = r.feeler() ? state.nextFeelerOrNull(context.clock().instant(), context.clock().nanoTime())
                    : state.nextCandidateOrNull(context.clock().instant(), context.clock().nanoTime(), r.accept());
        } catch (RuntimeException e) {
            // the caller's predicate failed before it accepted anything: the book is unchanged
            completions.add(() -> r.future().completeExceptionally(e));
            return false;
        }
        Optional<AddressBookEntry> answer = next == null ? Optional.empty() : Optional.of(next.toEntry());
        completions.add(() -> r.future().complete(answer));
        return next != null;
    }

    @Override
    public List<AddressEntry> freshGetAddrResponse() {
        long stamp = lock.readLock();
        try {
            synchronized (randomLock) {
                return state.gossipAnswer(config.localListener(), context.clock().instant(), context.random());
            }
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public AddressBookSnapshot snapshot() {
        Instant now = context.clock().instant();
        List<AddressBookEntry> entries;
        List<BannedIp> bans;
        List<MetaAddr> records;
        long stamp = lock.readLock();
        try {
            records = state.inReconnectionOrder();
            bans = state.bansInForce(now);
        } finally {
            lock.unlockRead(stamp);
        }
        // Records are immutable values: converting them needs no lock (the writer only relinks).
        entries = new ArrayList<>(records.size());
        for (MetaAddr r : records) {
            entries.add(r.toEntry());
        }
        return new AddressBookSnapshot(entries, bans, now, config.capacity());
    }

    @Override
    public List<BannedIp> bans() {
        Instant now = context.clock().instant();
        long stamp = lock.readLock();
        try {
            return state.bansInForce(now);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<AddressBookEntry> recentlyLivePeers() {
        long stamp = lock.readLock();
        try {
            List<AddressBookEntry> live = new ArrayList<>();
            for (MetaAddr r : state.recentlyLive(context.clock().nanoTime())) {
                live.add(r.toEntry());
            }
            return List.copyOf(live);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public Optional<AddressBookEntry> entry(PeerAddress address) {
        requireNonNull(address, "address");
        long stamp = lock.readLock();
        try {
            return state.get(address).map(MetaAddr::toEntry);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public boolean isBanned(InetAddress ip) {
        requireNonNull(ip, "ip");
        Instant now = context.clock().instant();
        long stamp = lock.readLock();
        try {
            return state.isBannedAt(ip, now);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public OptionalLong bansIssued() {
        return OptionalLong.of(bansIssued);
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
            loop.discardInbox(item -> {
                if (item instanceof CandidateRequest r) {
                    r.future().completeExceptionally(new IllegalStateException("address book: closed"));
                }
            });
        }
    }

    @Override
    public String toString() {
        return "DefaultAddressBook[" + config + ", size=" + size() + "]";
    }
}
