package io.peerset.core;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Scheduler;
import io.peerset.core.node.NodeRuntime;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Where a node's work runs: the peer set's loop, the address book's updater and blocking file I/O.
 * A strategy for {@link NodeBuilder#threading}, made by its static factories.
 *
 * <ul>
 *   <li>{@link #threads()} (the default): daemon threads of the node's own — {@code peerset-loop},
 *       {@code peerset-addressbook} and {@code peerset-blocking-N} — released when the node closes;
 *       {@link io.peerset.api.PeerSetNode#close()} waits for the shutdown to finish.</li>
 *   <li>{@link #on(Executor)}: everything on one executor that the caller runs, typically the
 *       in-memory network's virtual-time scheduler: with a seeded random generator a node (or a
 *       whole network of nodes on the same executor) is deterministic. {@code close()} does not
 *       wait, since the caller's thread is what runs the executor.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class Threading {

    private final Executor executor;

    private Threading(Executor executor) {
        this.executor = executor;
    }

    /** @return threads of the node's own (the production default) */
    public static Threading threads() {
        return new Threading(null);
    }

    /**
     * @param executor runs every task of the node, one at a time and in order (the virtual-time
     *                 scheduler of {@code io.peerset.inmemory}, or any serial executor the caller
     *                 drives); not closed by the node
     * @return everything on that executor
     */
    public static Threading on(Executor executor) {
        return new Threading(requireNonNull(executor, "executor"));
    }

    NodeRuntime runtime(Scheduler scheduler, boolean ownsScheduler, RandomGenerator random) {
        return executor == null
                ? NodeRuntime.threads(scheduler, ownsScheduler, random)
                : NodeRuntime.singleThreaded(scheduler, executor, random);
    }

    @Override
    public String toString() {
        return executor == null ? "Threading[threads]" : "Threading[on " + executor + "]";
    }
}
