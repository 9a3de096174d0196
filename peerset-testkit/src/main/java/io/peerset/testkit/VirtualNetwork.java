package io.peerset.testkit;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetNode;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One test's in-memory network under virtual time, given by {@link VirtualNetworkExtension}: a
 * fresh {@link VirtualScheduler} (nothing runs unless the test advances it), an
 * {@link InMemoryNetwork} on it, and a {@link SplittableRandom} from the test's seed, so that a run
 * is replayed exactly from {@link #seed()}.
 *
 * <p>After the test the extension closes what was handed to {@link #closeAfter} (last first) and
 * every transport of the network, lets virtual time run so that closes complete, and fails the
 * test if anything still runs.
 *
 * <p>Threading: the test's thread, like the scheduler it drives.
 */
public final class VirtualNetwork {

    private final long seed;
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler);
    private final SplittableRandom random;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    VirtualNetwork(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A network outside {@link VirtualNetworkExtension}, for tests that need several in one method
     * (a property's examples, a replay that compares two runs): end each with {@link #closeAll}.
     *
     * @param seed the seed of {@link #random()}
     * @return a fresh network
     */
    public static VirtualNetwork seeded(long seed) {
        return new VirtualNetwork(seed);
    }

    /**
     * What {@link VirtualNetworkExtension} does after a test: closes what was handed to
     * {@link #closeAfter} (last first) and every transport of the network, lets {@code settle} of
     * virtual time run, and fails if anything is left running.
     *
     * @param settle virtual time to let run after closing, not negative
     * @throws AssertionError naming what is left running (and the seed)
     */
    public void closeAll(Duration settle) {
        requireNonNull(settle, "settle");
        List<String> problems = tearDown(settle);
        if (!problems.isEmpty()) {
            throw new AssertionError("left running (" + VirtualNetworkExtension.SeedReport.message(seed) + "):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** @return the seed of {@link #random()}: rerun with it ({@link Seed}) to replay the test */
    public long seed() {
        return seed;
    }

    /** @return the clock and executor everything on the network runs on */
    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /** @return the network */
    public InMemoryNetwork network() {
        return network;
    }

    /**
     * @return the test's generator, seeded with {@link #seed()}: draw every seed and choice of the
     *         test from it (for example {@code new SplittableRandom(random().nextLong())} per node)
     */
    public SplittableRandom random() {
        return random;
    }

    /**
     * @param network the Zcash network whose magic the transport frames
     * @param hostIp  the host's IP literal
     * @return a transport for that host on this network, closed after the test
     */
    public InMemoryTransport transport(Network network, String hostIp) {
        return this.network.transport(network, hostIp);
    }

    /**
     * Closes {@code closeable} after the test, before the network's transports; a
     * {@link PeerSetNode} must then have completed its {@code closeFuture} or the test fails.
     *
     * @param closeable a node, a client, anything started on this network
     * @param <T>       its type
     * @return {@code closeable}
     */
    public <T extends AutoCloseable> T closeAfter(T closeable) {
        closeables.add(requireNonNull(closeable, "closeable"));
        return closeable;
    }

    List<AutoCloseable> closeables() {
        return List.copyOf(closeables);
    }

    @Override
    public String toString() {
        return "VirtualNetwork[seed=" + seed + ", " + scheduler.elapsed() + " elapsed]";
    }

    /**
     * Closes everything, lets {@code settle} of virtual time run, and lists what still runs.
     *
     * @return what is left running, in words; empty if nothing
     */
    List<String> tearDown(Duration settle) {
        List<String> problems = new ArrayList<>();
        List<AutoCloseable> closeables = closeables();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception | AssertionError e) {
                problems.add("closing " + closeables.get(i) + " failed: " + e);
            }
        }
        try {
            scheduler.runUntilIdle();
            for (InMemoryTransport transport : network.transports()) {
                transport.close();
            }
            scheduler.advance(settle);
        } catch (RuntimeException | AssertionError e) {
            problems.add("a task failed while closing: " + e);
        }
        for (AutoCloseable c : closeables) {
            if (c instanceof PeerSetNode node && !node.closeFuture().isDone()) {
                problems.add("node " + node.localAddress() + " did not finish closing within " + settle);
            }
        }
        if (!network.listening().isEmpty()) {
            problems.add("listeners still bound: " + network.listening());
        }
        for (InMemoryTransport transport : network.transports()) {
            if (transport.openConnections() > 0) {
                problems.add(transport.openConnections() + " connections still open at " + transport.host().getHostAddress());
            }
        }
        if (scheduler.pendingTasks() > 0) {
            problems.add(scheduler.pendingTasks() + " tasks still scheduled " + settle
                    + " after closing (a timer of something never closed: hand nodes to closeAfter)");
        }
        return problems;
    }
}
