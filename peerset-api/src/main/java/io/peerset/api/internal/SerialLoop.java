package io.peerset.api.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serial loop: state owned by one logical thread, reached through a lock-free inbox that an
 * executor drains in batches (DESIGN section 4: one loop, no locks, nothing blocks on it). The
 * peer set runs on one; the address book's single writer has the same shape.
 *
 * <p>Any thread {@link #submit}s; at most one drain task is scheduled at a time (a flag read
 * before its compare-and-set, so callers only read it while the loop runs). A drain handles at most
 * {@code maxBatch} items, then yields the executor to its other users and schedules itself again if
 * work is left. Once the inbox is empty it polls it {@code spins} times before it gives up its thread
 * (waking a parked thread costs far more than a short spin when the next item follows at once);
 * 0 under a virtual scheduler, where no other thread can add work. Items that the loop submits to
 * itself ({@link #submitLocal}) go to a loop-local queue, handled within the same drain.
 *
 * <p>If the executor refuses the drain task, the loop is <em>dead</em>: {@link Handler#refused}
 * runs once, and from then on every submitted item is handled on the submitting thread, one
 * thread at a time under a lock (the only lock, on this path only), so nothing is left pending.
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
    }

    private final ConcurrentLinkedQueue<T> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<T> local = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Handler<T> handler;
    private final int maxBatch;
    private final int spins;
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
        this.executor = requireNonNull(executor, "executor");
        this.handler = requireNonNull(handler, "handler");
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch: " + maxBatch + " (expected: > 0)");
        }
        if (spins < 0) {
            throw new IllegalArgumentException("spins: " + spins + " (expected: >= 0)");
        }
        this.maxBatch = maxBatch;
        this.spins = spins;
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
     * Hands an item to the loop. Thread-safe; never blocks (except on a dead loop, see above).
     *
     * @param item the item
     */
    public void submit(T item) {
        inbox.add(item);
        schedule();
        if (dead) {
            runDead();
        }
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
        synchronized (deadLock) {
            Thread previous = loopThread;
            loopThread = Thread.currentThread();
            try {
                handler.deadRunStarting();
                T item;
                while ((item = local.poll()) != null || (item = inbox.poll()) != null) {
                    handler.handle(item);
                }
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
                    item = inbox.poll();
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
