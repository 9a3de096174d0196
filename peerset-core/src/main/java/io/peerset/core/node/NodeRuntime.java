package io.peerset.core.node;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.CoreConstants;
import io.peerset.core.common.SystemScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * @param loopSpins    polls of the peer set's empty inbox before its loop yields the thread (0 where
 *                     the thread is shared: a transport's I/O thread, or a virtual scheduler)
 * @param updater      runs the address book's updater (tasks one at a time, in order)
 * @param blocking     runs blocking work (peer cache reads and writes, the end of a shutdown)
 * @param waitsOnClose whether {@link DefaultNode#close()} waits for the shutdown to finish (false
 *                     under virtual time, where the caller's thread is what runs the scheduler)
 * @param owned        closed, in order, when the node has closed
 */
public record NodeRuntime(Scheduler scheduler, RandomGenerator random, RandomGenerator nonces, Executor loop,
                          int loopSpins, Executor updater, Executor blocking, boolean waitsOnClose,
                          List<AutoCloseable> owned) {

    /** Threads of the blocking pool: the cache writer and a shutdown's last step never need more. */
    public static final int BLOCKING_THREADS = 2;

    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    /** Validates and copies. */
    public NodeRuntime {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(random, "random");
        requireNonNull(nonces, "nonces");
        requireNonNull(loop, "loop");
        if (loopSpins < 0) {
            throw new IllegalArgumentException("loopSpins: " + loopSpins + " (expected: >= 0)");
        }
        requireNonNull(updater, "updater");
        requireNonNull(blocking, "blocking");
        owned = List.copyOf(owned);
    }

    /**
     * The production runtime: the peer set's loop on {@code ioLoop} when given (a transport's I/O
     * thread, which the transport owns; the loop then never spins), else on a daemon thread
     * {@code peerset-loop} of its own; daemon threads {@code peerset-addressbook} and
     * {@code peerset-blocking-N}; all the threads it creates are released when the node closes, with
     * the given scheduler (closed too if the node owns it and it is {@link AutoCloseable}, as
     * {@link SystemScheduler} is).
     *
     * @param scheduler     time and timers
     * @param ownsScheduler whether the node closes the scheduler when it closes
     * @param random        randomness, also used for nonces: it must be thread-safe (a
     *                      {@link java.security.SecureRandom})
     * @param ioLoop        a serial executor on a transport's I/O thread for the peer set's loop, or
     *                      empty for a thread of its own
     * @return the runtime
     */
    public static NodeRuntime threads(Scheduler scheduler, boolean ownsScheduler, RandomGenerator random,
                                      Optional<Executor> ioLoop) {
        List<AutoCloseable> owned = new ArrayList<>();
        Executor loop;
        int spins;
        if (ioLoop.isPresent()) {
            loop = ioLoop.get();
            spins = 0; // a spin would hold up the connections that share the thread
        } else {
            ExecutorService own = Executors.newSingleThreadExecutor(daemon("peerset-loop"));
            owned.add(own::shutdown);
            loop = own;
            spins = CoreConstants.PEER_SET_LOOP_SPINS;
        }
        ExecutorService updater = Executors.newSingleThreadExecutor(daemon("peerset-addressbook"));
        ExecutorService blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, daemon("peerset-blocking"));
        owned.add(updater::shutdown);
        owned.add(blocking::shutdown);
        if (ownsScheduler && scheduler instanceof AutoCloseable c) {
            owned.add(c);
        }
        return new NodeRuntime(scheduler, random, random, loop, spins, updater, blocking, true, owned);
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
        // no other thread can add work while the loop spins on a virtual scheduler (SerialLoop)
        return new NodeRuntime(scheduler, random, random, executor, 0, executor, executor, false, List.of());
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
