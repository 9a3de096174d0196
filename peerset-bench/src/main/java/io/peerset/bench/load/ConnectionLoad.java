package io.peerset.bench.load;

import io.netty.channel.Channel;
import io.peerset.api.PeerClient;
import io.peerset.api.Request;
import io.peerset.core.common.SystemScheduler;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PingMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connection-layer load harness (issue 3, section 8): each peerset figure is measured beside
 * a plain-Netty baseline, in the same run, on the same I/O flavour and thread counts.
 *
 * <pre>
 * java -cp peerset-bench/target/benchmarks.jar io.peerset.bench.load.ConnectionLoad ping [--connections 1,75] [--warmup 3] [--seconds 5]
 * java -cp peerset-bench/target/benchmarks.jar io.peerset.bench.load.ConnectionLoad handshake [--concurrency 32] [--warmup 3] [--seconds 5]
 * java -Xms1g -Xmx1g -cp peerset-bench/target/benchmarks.jar io.peerset.bench.load.ConnectionLoad idle-heap [--peers 2000]
 * </pre>
 *
 * <ul>
 *   <li>{@code ping}: closed-loop ping round trips per second over N connections between two
 *       peerset nodes in this JVM ({@code PeerClient.call(Ping)}: encode, frame, decode, match the
 *       pong, RTT), against a raw Netty echo of a buffer of the ping frame's size (32 bytes).</li>
 *   <li>{@code handshake}: inbound handshakes per second completed by a listener with no accept
 *       pacing, dialled by C concurrent dialers that close each connection once handshaken,
 *       against a raw Netty server that accepts and closes.</li>
 *   <li>{@code idle-heap}: heap retained per established idle peer, after full GCs, with N
 *       connections between two nodes (2N peers), against N raw Netty connections.</li>
 * </ul>
 * Both nodes run in this JVM: on a 2-core machine the client's work competes with the server's, for
 * the baseline as for peerset. Each side's transport has one I/O thread.
 */
public final class ConnectionLoad {

    private static final Network NETWORK = Network.REGTEST;

    private ConnectionLoad() {
    }

    /**
     * @param args mode and options, see the class comment
     * @throws Exception on any failure (the harness is a tool, not a library)
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ConnectionLoad ping|handshake|idle-heap [--option value]...");
            System.exit(2);
        }
        Options o = new Options(args);
        switch (args[0]) {
            case "ping":
                for (String n : o.get("connections", "1,75").split(",")) {
                    ping(Integer.parseInt(n.strip()), o.getInt("warmup", 3), o.getInt("seconds", 5));
                }
                break;
            case "handshake":
                handshake(o.getInt("concurrency", 32), o.getInt("warmup", 3), o.getInt("seconds", 5));
                break;
            case "idle-heap":
                idleHeap(o.getInt("peers", 2000));
                break;
            default:
                System.err.println("unknown mode: " + args[0]);
                System.exit(2);
        }
    }

    // ---- ping ----

    static void ping(int connections, int warmup, int seconds) throws Exception {
        byte[] frame = pingFrame();
        double raw;
        String flavour;
        try (RawNetty netty = new RawNetty(1, 1)) {
            flavour = netty.flavour();
            InetSocketAddress address = netty.startEcho();
            LongAdder trips = new LongAdder();
            boolean[] running = {true};
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                channels.add(netty.echoClient(address, frame, trips, () -> running[0]));
            }
            raw = measure(trips, warmup, seconds);
            running[0] = false;
            channels.forEach(Channel::close);
        }
        double peerset;
        try (SystemScheduler scheduler = new SystemScheduler();
             PeersetNode server = new PeersetNode(NETWORK, 1, scheduler, 1);
             PeersetNode client = new PeersetNode(NETWORK, 1, scheduler, 2)) {
            PeerAddress address = server.listen(false);
            List<PeerClient> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                clients.add(client.connect(address).get(10, TimeUnit.SECONDS));
            }
            LongAdder trips = new LongAdder();
            AtomicLong nonce = new AtomicLong();
            boolean[] running = {true};
            for (PeerClient c : clients) {
                pingLoop(c, trips, nonce, () -> running[0]);
            }
            peerset = measure(trips, warmup, seconds);
            running[0] = false;
            clients.forEach(PeerClient::close);
        }
        report("ping round trips/s", connections + " connection" + (connections == 1 ? "" : "s"), peerset,
                "raw Netty echo (" + flavour + ", " + frame.length + " B)", raw, 0.6);
    }

    private static void pingLoop(PeerClient client, LongAdder trips, AtomicLong nonce,
                                 java.util.function.BooleanSupplier running) {
        client.ready()
                .thenCompose(v -> client.call(new Request.Ping(nonce.incrementAndGet())))
                .whenComplete((response, failure) -> {
                    if (failure == null) {
                        trips.increment();
                        if (running.getAsBoolean()) {
                            pingLoop(client, trips, nonce, running);
                        }
                    }
                });
    }

    // ---- handshakes ----

    static void handshake(int concurrency, int warmup, int seconds) throws Exception {
        double raw;
        String flavour;
        try (RawNetty netty = new RawNetty(1, 1)) {
            flavour = netty.flavour();
            LongAdder accepted = new LongAdder();
            InetSocketAddress address = netty.startAcceptAndClose(accepted);
            boolean[] running = {true};
            for (int i = 0; i < concurrency; i++) {
                rawDialLoop(netty, address, () -> running[0], null);
            }
            raw = measure(accepted, warmup, seconds);
            running[0] = false;
            Thread.sleep(500);
        }
        // The listener under test is peerset; the dialers are raw Netty clients that write a
        // pre-encoded version + verack and close on the listener's verack, so the client side costs
        // what the baseline's client costs and the figure is the listener's.
        double peerset;
        try (SystemScheduler scheduler = new SystemScheduler();
             PeersetNode server = new PeersetNode(NETWORK, 1, scheduler, 3);
             RawNetty dialers = new RawNetty(1, 1)) {
            PeerAddress address = server.listen(false);
            byte[] hello = hello();
            boolean[] running = {true};
            for (int i = 0; i < concurrency; i++) {
                rawDialLoop(dialers, address.toSocketAddress(), () -> running[0], hello);
            }
            peerset = measure(server.handshakes, warmup, seconds);
            running[0] = false;
            Thread.sleep(500);
        }
        report("inbound handshakes/s", concurrency + " concurrent dialers", peerset,
                "raw Netty accept-and-close (" + flavour + ")", raw, 0.5);
        // For context: both ends peerset (the dialer runs a full outbound handshake too).
        try (SystemScheduler scheduler = new SystemScheduler();
             PeersetNode server = new PeersetNode(NETWORK, 1, scheduler, 5);
             PeersetNode client = new PeersetNode(NETWORK, 1, scheduler, 6)) {
            PeerAddress address = server.listen(false);
            boolean[] running = {true};
            for (int i = 0; i < concurrency; i++) {
                dialLoop(client, address, () -> running[0]);
            }
            double both = measure(server.handshakes, warmup, seconds);
            running[0] = false;
            Thread.sleep(500);
            System.out.printf(Locale.ROOT, "%-22s %-22s peerset %10.0f/s (context: both ends peerset, ratio %.2fx)%n",
                    "handshakes/s", "peerset to peerset", both, both / raw);
        }
    }

    /** A dialer's first flight: version then verack, as one write. */
    private static byte[] hello() {
        FrameCodec codec = FrameCodec.forHandshake(NETWORK);
        io.peerset.wire.NetworkAddress any = new io.peerset.wire.NetworkAddress(
                io.peerset.wire.PeerServices.NETWORK, PeerAddress.parse("127.0.0.1:18344"));
        ByteBuffer version = codec.encode(new io.peerset.wire.VersionMessage(NETWORK.protocolVersion(),
                io.peerset.wire.PeerServices.NETWORK, java.time.Instant.parse("2026-11-24T00:00:00Z"), any, any,
                0x1234_5678_9abc_def0L, "/load-dialer:1.0/", 0, true));
        ByteBuffer verack = codec.encode(new io.peerset.wire.VerackMessage());
        byte[] bytes = new byte[version.remaining() + verack.remaining()];
        version.get(bytes, 0, version.remaining());
        verack.get(bytes, bytes.length - verack.remaining(), verack.remaining());
        return bytes;
    }

    private static void rawDialLoop(RawNetty netty, InetSocketAddress address, java.util.function.BooleanSupplier running,
                                    byte[] hello) {
        io.netty.channel.ChannelFuture connect = hello == null ? netty.connectAndAwaitClose(address)
                : netty.handshakeAndClose(address, hello);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                ((io.netty.channel.ChannelFuture) f).channel().closeFuture().addListener(c -> {
                    if (running.getAsBoolean()) {
                        rawDialLoop(netty, address, running, hello);
                    }
                });
            } else if (running.getAsBoolean()) {
                rawDialLoop(netty, address, running, hello);
            }
        });
    }

    private static void dialLoop(PeersetNode client, PeerAddress address, java.util.function.BooleanSupplier running) {
        client.connect(address).whenComplete((peer, failure) -> {
            if (peer != null) {
                peer.close();
            }
            if (running.getAsBoolean()) {
                dialLoop(client, address, running);
            }
        });
    }

    // ---- heap ----

    static void idleHeap(int peers) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double rawPerConnection;
        try (RawNetty netty = new RawNetty(1, 1)) {
            InetSocketAddress address = netty.startEcho();
            netty.idleClient(address).close().syncUninterruptibly();
            long before = usedAfterGc(memory);
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                channels.add(netty.idleClient(address));
            }
            Thread.sleep(1000);
            long after = usedAfterGc(memory);
            rawPerConnection = (after - before) / (2.0 * peers);
            channels.forEach(Channel::close);
        }
        double perPeer;
        try (SystemScheduler scheduler = new SystemScheduler();
             PeersetNode server = new PeersetNode(NETWORK, 1, scheduler, 5);
             PeersetNode client = new PeersetNode(NETWORK, 1, scheduler, 6)) {
            PeerAddress address = server.listen(true);
            client.connect(address).get(10, TimeUnit.SECONDS).close();
            Thread.sleep(200);
            server.inbound.forEach(PeerClient::close);
            server.inbound.clear();
            long before = usedAfterGc(memory);
            List<PeerClient> clients = new ArrayList<>();
            List<CompletableFuture<PeerClient>> pending = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                pending.add(client.connect(address));
                if (pending.size() == 50) {
                    for (CompletableFuture<PeerClient> f : pending) {
                        clients.add(f.get(10, TimeUnit.SECONDS));
                    }
                    pending.clear();
                }
            }
            for (CompletableFuture<PeerClient> f : pending) {
                clients.add(f.get(10, TimeUnit.SECONDS));
            }
            while (server.inbound.size() < peers) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            long after = usedAfterGc(memory);
            perPeer = (after - before) / (2.0 * peers);
            System.out.printf(Locale.ROOT, "established: %d outbound + %d inbound peers; heap %.1f MiB -> %.1f MiB%n",
                    clients.size(), server.inbound.size(), before / 1048576.0, after / 1048576.0);
            clients.forEach(PeerClient::close);
        }
        System.out.printf(Locale.ROOT, "%-28s %-22s %12.0f B  | %-34s %10.0f B  | goal <= 16384 B: %s%n",
                "heap per idle peer", peers + " connections", perPeer,
                "raw Netty channel (per end)", rawPerConnection, perPeer <= 16384 ? "met" : "NOT met");
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---- common ----

    private static double measure(LongAdder counter, int warmup, int seconds) throws InterruptedException {
        Thread.sleep(warmup * 1000L);
        long start = counter.sum();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = counter.sum() - start;
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void report(String what, String setup, double peerset, String baselineName, double baseline, double goal) {
        double ratio = peerset / baseline;
        System.out.printf(Locale.ROOT, "%-22s %-22s peerset %10.0f/s | %-34s %10.0f/s | ratio %.2fx (goal >= %.1fx: %s)%n",
                what, setup, peerset, baselineName, baseline, ratio, goal, ratio >= goal ? "met" : "NOT met");
    }

    private static byte[] pingFrame() {
        ByteBuffer b = FrameCodec.afterHandshake(NETWORK).encode(new PingMessage(42));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
