package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.core.node.NodeRuntime;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Where a node's work runs: the peer set's loop, the address book's updater and blocking file I/O.
 * A strategy for {@link NodeBuilder#threading}, made by its static factories.
 *
 * <ul>
 *   <li>{@link #threads()} (the default): the peer set's loop on one of the transport's I/O threads
 *       ({@link Transport#sharedExecutor()}; the built-in Netty transport offers one), so that a
 *       request, its write and its answer cross no thread boundary (a thread hop and its wake-up
 *       cost more than the set's own work per request); on a thread {@code peerset-loop} of the
 *       node's own if the transport offers none. Daemon threads of the node's own for the rest —
 *       {@code peerset-addressbook} and {@code peerset-blocking-N} — released when the node closes;
 *       {@link io.peerset.api.PeerSetNode#close()} waits for the shutdown to finish.</li>
 *   <li>{@link #ownLoopThread()}: as {@link #threads()}, but the peer set's loop always gets the
 *       thread {@code peerset-loop} of its own, away from the transport's I/O threads.</li>
 *   <li>{@link #on(Executor)}: everything on one executor that the caller runs, typically the
 *       in-memory network's virtual-time scheduler: with a seeded random generator a node (or a
 *       whole network of nodes on the same executor) is deterministic. {@code close()} does not
 *       wait, since the caller's thread is what runs the executor.</li>
 * </ul>
 *
 * <p>Either way the peer set's listeners run on its loop and must not block.
 *
 * <p>Immutable and thread-safe.
 */
public final class Threading {

    private static final Threading THREADS = new Threading(null, true);
    private static final Threading OWN_LOOP_THREAD = new Threading(null, false);

    private final Executor executor;
    private final boolean loopOnTransport;

    private Threading(Executor executor, boolean loopOnTransport) {
        this.executor = executor;
        this.loopOnTransport = loopOnTransport;
    }

    /** @return threads of the node's own, the peer set's loop on a transport I/O thread (the production default) */
    public static Threading threads() {
        return THREADS;
    }

    /** @return threads of the node's own, the peer set's loop on one of them ({@code peerset-loop}) */
    public static Threading ownLoopThread() {
        return OWN_LOOP_THREAD;
    }

    /**
     * @param executor runs every task of the node, one at a time and in order (the virtual-time
     *                 scheduler of {@code io.peerset.inmemory}, or any serial executor the caller
     *                 drives); not closed by the node
     * @return everything on that executor
     */
    public static Threading on(Executor executor) {
        return new Threading(requireNonNull(executor, "executor"), false);
    }

    NodeRuntime runtime(Transport transport, Scheduler scheduler, boolean ownsScheduler, RandomGenerator random) {
        if (executor != null) {
            return NodeRuntime.singleThreaded(scheduler, executor, random);
        }
        Optional<Executor> ioLoop = loopOnTransport ? transport.sharedExecutor() : Optional.empty();
        return NodeRuntime.threads(scheduler, ownsScheduler, random, ioLoop);
    }

    @Override
    public String toString() {
        return executor != null ? "Threading[on " + executor + "]"
                : loopOnTransport ? "Threading[threads]" : "Threading[threads, own loop thread]";
    }
}
