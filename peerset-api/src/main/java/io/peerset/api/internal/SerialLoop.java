package io.peerset.api.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A serial loop: state owned by one logical thread, reached through a lock-free inbox that an
 * executor drains in batches (DESIGN section 4: one loop, no locks, nothing blocks on it). The
 * peer set and the address book's updater each run on one.
 *
 * <p>Any thread {@link #submit}s; at most one drain task is scheduled at a time (a flag read
 * before its compare-and-set, so callers only read it while the loop runs). A drain handles at most
 * {@code maxBatch} items, then yields the executor to its other users and schedules itself again if
 * work is left. Once the inbox is empty it polls it {@code spins} times before it gives up its thread
 * (waking a parked thread costs far more than a short spin when the next item follows at once);
 * 0 under a virtual scheduler, where no other thread can add work. Items that the loop submits to
 * itself ({@link #submitLocal}) go to a loop-local queue, handled within the same drain.
 *
 * <p>The inbox is unbounded unless the loop is built with a bounded {@link OverflowPolicy}: then
 * {@link #offer} refuses an item while the policy's capacity of items wait in the inbox (items the
 * loop has taken, and loop-local items, do not count), and the caller decides what a refusal means
 * (the address book drops the change and counts it). {@link #discardInbox} empties the inbox from
 * any thread, for closing.
 *
 * <p>If the executor refuses the drain task, the loop is <em>dead</em>: {@link Handler#refused}
 * runs once, and from then on every submitted item is handled on the submitting thread, one
 * thread at a time under a lock (the only lock, on this path only), so nothing is left pending.
 * Each such run is bracketed by {@link Handler#deadRunStarting} and {@link Handler#deadRunEnded}
 * (the dead loop's drains). An item submitted from the loop's role during a dead run (a handler or
 * a listener it calls submitting again) is not handled re-entrantly: the run in progress takes it
 * before it ends, as a drain would.
 *
 * <p>{@link #inLoop()} tells whether the calling thread is the loop now (as Netty's
 * {@code inEventLoop}): a thread check, correct with real threads and under a virtual scheduler
 * (where every task runs on one thread, but the loop's role is held only during a drain).
 *
 * @param <T> the items
 */
public final class SerialLoop<T> {

    /**
     * What the loop does; every method runs in the loop's role ({@link #inLoop()} is true).
     *
     * @param <T> the items
     */
    public interface Handler<T> {
        /** @param item one item, in submission order (loop-local items first) */
        void handle(T item);

        /** A drain starts. */
        default void drainStarting() {
        }

        /** The inbox is empty and the loop is about to spin (publish what waiters may read). */
        default void inboxEmpty() {
        }

        /** A drain has handled its batch and the loop-local queue, and is about to end. */
        default void drainEnded() {
        }

        /**
         * The executor refused the drain task: called once, on the thread that found out, before
         * the first item is handled there.
         *
         * @param error the executor's refusal
         */
        void refused(RuntimeException error);

        /**
         * A dead loop is about to handle items on a submitting thread (see {@link SerialLoop}); runs
         * before every such run, possibly with nothing to handle, so it must be idempotent.
         */
        default void deadRunStarting() {
        }

        /**
         * A dead loop's run on a submitting thread has handled every waiting item and is about to
         * end (the dead loop's {@link #drainEnded}); runs after every such run, possibly with nothing
         * handled.
         */
        default void deadRunEnded() {
        }
    }

    /**
     * Whether the inbox is bounded, and what {@link #offer} does when it is full: a strategy chosen
     * when the loop is built, made by the static factories. Immutable; thread-safe.
     */
    public static final class OverflowPolicy {

        private static final OverflowPolicy UNBOUNDED = new OverflowPolicy(Integer.MAX_VALUE);

        /** Items that may wait in the inbox; {@code Integer.MAX_VALUE} for unbounded (nothing counted). */
        private final int capacity;

        private OverflowPolicy(int capacity) {
            this.capacity = capacity;
        }

        /**
         * The default: the inbox takes every item, and nothing is counted on the hot path. For loops
         * whose producers are bounded elsewhere (the peer set bounds its requests and peers itself).
         *
         * @return the unbounded policy
         */
        public static OverflowPolicy unbounded() {
            return UNBOUNDED;
        }

        /**
         * A bounded inbox: {@link #offer} returns false, and leaves the item to its caller, while
         * {@code capacity} items wait in the inbox. Admission is one compare-and-set on a counter of
         * waiting items (lock-free, exact: the inbox never holds more than {@code capacity}); an item
         * leaves the count when the loop takes it, or when {@link #discardInbox} removes it.
         *
         * @param capacity items that may wait; range &gt; 0 (below {@code Integer.MAX_VALUE})
         * @return the policy
         */
        public static OverflowPolicy refuseWhenFull(int capacity) {
            Checks.checkArgument(capacity > 0 && capacity != Integer.MAX_VALUE,
                    "capacity: %s (expected: > 0 and < 2^31 - 1)", capacity);
            return new OverflowPolicy(capacity);
        }

        /** @return the most items that may wait in the inbox, or empty if unbounded */
        public OptionalInt capacity() {
            return capacity == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(capacity);
        }

        @Override
        public String toString() {
            return capacity == Integer.MAX_VALUE ? "unbounded" : "refuseWhenFull(" + capacity + ")";
        }
    }

    private final ConcurrentLinkedQueue<T> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<T> local = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Handler<T> handler;
    private final int maxBatch;
    private final int spins;
    private final int capacity;
    /** Items waiting in the inbox (reserved before they are added), or null when unbounded. */
    private final AtomicInteger waiting;
    /** Built once: scheduling allocates nothing. */
    private final Runnable drainTask = this::drain;
    private final Object deadLock = new Object();
    /** Written only by the thread in the loop's role; another thread never reads its own thread here. */
    private Thread loopThread;
    private volatile boolean dead;

    /**
     * @param executor runs the drains, one at a time (a single-threaded executor or a virtual scheduler)
     * @param handler  what the loop does
     * @param maxBatch items per drain before the loop yields the executor; range &gt; 0
     * @param spins    polls of the empty inbox before the loop gives up its thread; range &gt;= 0
     */
    public SerialLoop(Executor executor, Handler<T> handler, int maxBatch, int spins) {
        this(executor, handler, maxBatch, spins, OverflowPolicy.unbounded());
    }

    /**
     * @param executor runs the drains, one at a time (a single-threaded executor or a virtual scheduler)
     * @param handler  what the loop does
     * @param maxBatch items per drain before the loop yields the executor; range &gt; 0
     * @param spins    polls of the empty inbox before the loop gives up its thread; range &gt;= 0
     * @param overflow whether the inbox is bounded ({@link OverflowPolicy#unbounded()} by default)
     */
    public SerialLoop(Executor executor, Handler<T> handler, int maxBatch, int spins, OverflowPolicy overflow) {
        requireNonNull(overflow, "overflow");
        this.capacity = overflow.capacity;
        this.waiting = overflow.capacity == Integer.MAX_VALUE ? null : new AtomicInteger();
        this.executor = requireNonNull(executor, "executor");
        this.handler = requireNonNull(handler, "handler");
        this.maxBatch = Checks.positive("maxBatch", maxBatch);
        this.spins = Checks.notNegative("spins", spins);
    }

    /** @return whether the calling thread holds the loop's role now */
    public boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** @return whether the executor refused work (items are now handled on the submitting threads) */
    public boolean isDead() {
        return dead;
    }

    /**
     * Hands an item to the loop. Thread-safe; never blocks (except on a dead loop, see above). For a
     * loop whose inbox is unbounded; on a bounded one, use {@link #offer}.
     *
     * @param item the item
     * @throws IllegalStateException if the inbox is bounded and full (the item is not queued)
     */
    public void submit(T item) {
        if (!offer(item)) {
            throw new IllegalStateException("serial loop: inbox full at " + capacity
                    + " items (expected: offer() on a bounded loop)");
        }
    }

    /**
     * Hands an item to the loop unless its {@link OverflowPolicy} refuses it (a bounded inbox that
     * is full). Thread-safe; never blocks (except on a dead loop, see above).
     *
     * @param item the item
     * @return whether the item was queued; false leaves it to the caller
     */
    public boolean offer(T item) {
        requireNonNull(item, "item");
        if (waiting != null && !reserve()) {
            return false;
        }
        inbox.add(item);
        schedule();
        if (dead) {
            runDead();
        }
        return true;
    }

    /** Takes one place in a bounded inbox, if one is free (exact under contention: one CAS each). */
    private boolean reserve() {
        for (;;) {
            int n = waiting.get();
            if (n >= capacity) {
                return false;
            }
            if (waiting.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** The inbox's next item, which leaves the bounded count once it is taken. */
    private T pollInbox() {
        T item = inbox.poll();
        if (item != null && waiting != null) {
            waiting.decrementAndGet();
        }
        return item;
    }

    /**
     * Removes every item waiting in the inbox without handling it, and hands each to
     * {@code discarded} on the calling thread, in submission order: for closing, so that the items'
     * owners learn at once (a caller's future fails) instead of when, or whether, a drain runs. Any
     * thread. An item is either taken here or by the loop, never both; items the loop has taken
     * already and loop-local items are the loop's.
     *
     * @param discarded receives each removed item
     * @return how many items were removed
     */
    public int discardInbox(Consumer<? super T> discarded) {
        requireNonNull(discarded, "discarded");
        int n = 0;
        T item;
        while ((item = pollInbox()) != null) {
            n++;
            discarded.accept(item);
        }
        return n;
    }

    /**
     * Hands an item to the loop from the loop itself, or from any thread: on the loop it goes to
     * the loop-local queue (handled in this drain, no scheduling), elsewhere to the inbox.
     *
     * @param item the item
     */
    public void submitLocal(T item) {
        if (inLoop()) {
            local.add(item);
        } else {
            submit(item);
        }
    }

    private void schedule() {
        // Read before the CAS: while the loop runs, callers only read the flag (the loop re-checks
        // the inbox after clearing it, so nothing is left behind).
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(drainTask);
            } catch (RuntimeException e) {
                // Having won the flag, this thread owns the loop's state: no drain runs or will run.
                // The flag stays set, so none ever starts again.
                dead = true;
                synchronized (deadLock) {
                    Thread previous = loopThread;
                    loopThread = Thread.currentThread();
                    try {
                        handler.refused(e);
                    } finally {
                        loopThread = previous;
                    }
                }
                runDead();
            }
        }
    }

    private void runDead() {
        if (inLoop()) {
            return; // submitted from the loop's role: the run in progress (below) takes it
        }
        synchronized (deadLock) {
            Thread previous = loopThread;
            loopThread = Thread.currentThread();
            try {
                do {
                    handler.deadRunStarting();
                    T item;
                    while ((item = local.poll()) != null || (item = pollInbox()) != null) {
                        handler.handle(item);
                    }
                    handler.deadRunEnded(); // may submit again: the loop condition takes it
                } while (!local.isEmpty() || !inbox.isEmpty());
            } finally {
                loopThread = previous;
            }
        }
    }

    private void drain() {
        loopThread = Thread.currentThread();
        try {
            handler.drainStarting();
            int spun = 0;
            for (int i = 0; i < maxBatch; i++) {
                T item = local.poll();
                if (item == null) {
                    item = pollInbox();
                    if (item == null) {
                        if (spun >= spins) {
                            break;
                        }
                        // stay awake a little: the next item often comes right after the last one
                        handler.inboxEmpty();
                        for (; spun < spins && inbox.isEmpty(); spun++) {
                            Thread.onSpinWait();
                        }
                        i--;
                        continue;
                    }
                }
                handler.handle(item);
            }
            // what was submitted on the loop belongs to this drain
            T item;
            while ((item = local.poll()) != null) {
                handler.handle(item);
            }
            handler.drainEnded();
        } finally {
            loopThread = null;
            scheduled.set(false);
            if (!inbox.isEmpty()) {
                schedule();
            }
        }
    }
}
