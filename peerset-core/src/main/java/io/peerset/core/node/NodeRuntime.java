package io.peerset.core.node;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.SystemScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node runs on: its only time source and timers, its randomness, and its threads — the peer
 * set's loop, the address book's updater, a small pool for blocking file I/O. The node owns its
 * runtime and releases it last when it closes.
 *
 * @param scheduler    time and timers
 * @param random       randomness for routing, choices and gossip (thread-safe in production)
 * @param nonces       the handshake's nonce source (a {@link java.security.SecureRandom} in production)
 * @param loop         runs the peer set's loop (tasks one at a time, in order)
 * @param updater      runs the address book's updater (tasks one at a time, in order)
 * @param blocking     runs blocking work (peer cache reads and writes, the end of a shutdown)
 * @param waitsOnClose whether {@link DefaultNode#close()} waits for the shutdown to finish (false
 *                     under virtual time, where the caller's thread is what runs the scheduler)
 * @param owned        closed, in order, when the node has closed
 */
public record NodeRuntime(Scheduler scheduler, RandomGenerator random, RandomGenerator nonces, Executor loop,
                          Executor updater, Executor blocking, boolean waitsOnClose, List<AutoCloseable> owned) {

    /** Threads of the blocking pool: the cache writer and a shutdown's last step never need more. */
    public static final int BLOCKING_THREADS = 2;

    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    /** Validates and copies. */
    public NodeRuntime {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(random, "random");
        requireNonNull(nonces, "nonces");
        requireNonNull(loop, "loop");
        requireNonNull(updater, "updater");
        requireNonNull(blocking, "blocking");
        owned = List.copyOf(owned);
    }

    /**
     * The production runtime: daemon threads {@code peerset-loop}, {@code peerset-addressbook} and
     * {@code peerset-blocking-N}, all released when the node closes, with the given scheduler (closed
     * too if the node owns it and it is {@link AutoCloseable}, as {@link SystemScheduler} is).
     *
     * @param scheduler     time and timers
     * @param ownsScheduler whether the node closes the scheduler when it closes
     * @param random        randomness, also used for nonces: it must be thread-safe (a
     *                      {@link java.security.SecureRandom})
     * @return the runtime
     */
    public static NodeRuntime threads(Scheduler scheduler, boolean ownsScheduler, RandomGenerator random) {
        ExecutorService loop = Executors.newSingleThreadExecutor(daemon("peerset-loop"));
        ExecutorService updater = Executors.newSingleThreadExecutor(daemon("peerset-addressbook"));
        ExecutorService blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, daemon("peerset-blocking"));
        List<AutoCloseable> owned = new ArrayList<>(List.of(loop::shutdown, updater::shutdown,
                blocking::shutdown));
        if (ownsScheduler && scheduler instanceof AutoCloseable c) {
            owned.add(c);
        }
        return new NodeRuntime(scheduler, random, random, loop, updater, blocking, true, owned);
    }

    /**
     * A runtime where everything runs on one executor that is also the scheduler (the testkit's
     * virtual scheduler): deterministic for a given seed.
     *
     * @param scheduler the scheduler, also the only executor
     * @param executor  the same object as an executor
     * @param random    randomness (used from the executor's thread only)
     * @return the runtime; closing it releases nothing
     */
    public static NodeRuntime singleThreaded(Scheduler scheduler, Executor executor, RandomGenerator random) {
        return new NodeRuntime(scheduler, random, random, executor, executor, executor, false, List.of());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name.equals("peerset-blocking") ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Closes what the runtime owns, in order, once; failures are logged. */
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("node: releasing {} failed: {}", c, e.toString());
            }
        }
    }
}
