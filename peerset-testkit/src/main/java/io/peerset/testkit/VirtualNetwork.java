package io.peerset.testkit;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetNode;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
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
}
