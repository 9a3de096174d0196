package io.peerset.bench.load;

import static io.peerset.bench.load.PeerSetLoad.newLoop;
import static io.peerset.bench.load.PeerSetLoad.counting;
import static io.peerset.bench.load.PeerSetLoad.shutdown;
import static io.peerset.bench.load.PeerSetLoad.closeAndWait;
import static io.peerset.bench.load.PeerSetLoad.checkPeers;
import static io.peerset.bench.load.PeerSetLoad.PONG;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.PeerSets;
import io.peerset.core.common.CoreConstants;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.common.SystemScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory side of {@link PeerSetLoad}: a peer set over in-memory peers that answer at once,
 * and the baselines it is measured against (a bare hand-off to a loop thread).
 */
final class MemoryHarness {

    private MemoryHarness() {
    }

    /** The set with in-memory peers that answer at once, on its own loop and scheduler. */
    static final class MemorySet implements AutoCloseable {
        final SystemScheduler scheduler = new SystemScheduler();
        final ExecutorService loop = newLoop("peerset-loop");
        final LongAdder loopTasks = new LongAdder();
        final CorePeerSet set;
        final List<MemoryPeer> peers = new ArrayList<>();
        private boolean closed;

        MemorySet(int n) {
            // The default limits: 1 peer per IP, 25 x 8 = 200 peers in all; larger runs raise the target.
            PeerSetConfig config = PeerSetConfig.builder(Network.MAINNET)
                    .initialTargetSize(Math.max(PeerSetConstants.DEFAULT_PEERSET_INITIAL_TARGET_SIZE, (n + 7) / 8))
                    .build();
            set = PeerSets.create(config, PeerSetContext.builder(scheduler, new SplittableRandom(1),
                    counting(loop, loopTasks)).build());
            for (int i = 0; i < n; i++) {
                MemoryPeer p = new MemoryPeer(i);
                peers.add(p);
                if (!set.addPeer(p)) {
                    throw new IllegalStateException("the set refused peer " + i);
                }
            }
        }

        void checkAllPeers(int n) {
            checkPeers(set, n);
        }

        void closeSet() throws Exception {
            if (!closed) {
                closed = true;
                closeAndWait(set);
            }
        }

        /** @return min, max and sum of calls per peer (read after the set has closed) */
        long[] callsPerPeer() {
            long min = Long.MAX_VALUE;
            long max = 0;
            long sum = 0;
            for (MemoryPeer p : peers) {
                min = Math.min(min, p.calls);
                max = Math.max(max, p.calls);
                sum += p.calls;
            }
            return new long[] {min, max, sum};
        }

        @Override
        public void close() throws Exception {
            try {
                closeSet();
            } finally {
                scheduler.close();
                shutdown(loop);
            }
        }
    }

    /**
     * A peer that answers at once: {@code call} returns a completed future. Its address is in
     * 198.18.0.0/15 (reserved for benchmarks); it is never dialled. {@code call} and the counter are
     * used by the set's loop only.
     */
    static final class MemoryPeer implements PeerClient {
        private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);
        private final ConnectionInfo info;
        private final CompletableFuture<PeerException> closeFuture = new CompletableFuture<>();
        private volatile boolean closed;
        private boolean inCall;
        long calls;

        MemoryPeer(int i) {
            PeerAddress remote = PeerAddress.of(new byte[] {(byte) 198, (byte) (18 + (i >>> 16 & 1)), (byte) (i >>> 8),
                    (byte) i}, Network.MAINNET.defaultPort());
            PeerAddress local = PeerAddress.parse("127.0.0.1:8233");
            VersionMessage version = new VersionMessage(Network.MAINNET.protocolVersion(), PeerServices.NETWORK,
                    Instant.parse("2026-11-24T00:00:00Z"), new NetworkAddress(PeerServices.NETWORK, local),
                    new NetworkAddress(PeerServices.NETWORK, remote), i + 1, "/memory-peer:1.0/", 0, true);
            this.info = new ConnectionInfo(remote, local, false, version, Network.MAINNET.protocolVersion(), Duration.ZERO);
        }

        @Override
        public ConnectionInfo info() {
            return info;
        }

        @Override
        public boolean isReady() {
            return !closed;
        }

        @Override
        public CompletableFuture<Void> ready() {
            return closed ? CompletableFuture.failedFuture(new PeerException.ClientDropped()) : READY;
        }

        @Override
        public <R extends Response> CompletableFuture<R> call(Request<R> request) {
            if (inCall) {
                throw new IllegalStateException("a second request while one is in flight");
            }
            inCall = true;
            try {
                calls++;
                Response answer = request instanceof Request.Ping ? PONG : new Response.Nil();
                return CompletableFuture.completedFuture(request.responseType().cast(answer));
            } finally {
                inCall = false;
            }
        }

        @Override
        public Optional<PeerException> error() {
            return closed ? Optional.of(new PeerException.ClientDropped()) : Optional.empty();
        }

        @Override
        public CompletableFuture<PeerException> closeFuture() {
            return closeFuture;
        }

        @Override
        public void close() {
            closed = true;
            closeFuture.complete(new PeerException.ClientDropped());
        }
    }

    /**
     * An executor bound late: tasks go to {@code fallback} until {@code target} is set (the set's
     * timers start before any connection exists). The set's scheduled flag keeps its drains
     * sequential across the switch.
     */
    static final class LateExecutor implements java.util.concurrent.Executor {
        private final java.util.concurrent.Executor fallback;
        volatile java.util.concurrent.Executor target;

        LateExecutor(java.util.concurrent.Executor fallback) {
            this.fallback = fallback;
        }

        @Override
        public void execute(Runnable task) {
            java.util.concurrent.Executor t = target;
            (t != null ? t : fallback).execute(task);
        }
    }

    /**
     * The floor: a bare hand-off through the set's kind of queue. Callers add to a
     * {@link ConcurrentLinkedQueue} and schedule a drain on a single-threaded executor when the
     * scheduled flag was clear (as {@code SerialLoop.submit/schedule}); the drain takes at most
     * {@link CoreConstants#PEER_SET_MAX_BATCH} items, completes each future at once, polls the empty
     * inbox {@link CoreConstants#PEER_SET_LOOP_SPINS} times before it gives up its thread, clears the
     * flag and reschedules if more arrived (as {@code SerialLoop.drain}).
     */
    static final class HandOff implements AutoCloseable {
        private final ConcurrentLinkedQueue<Call> inbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final ExecutorService loop = newLoop("floor-loop");
        final LongAdder loopTasks = new LongAdder();
        private final java.util.concurrent.Executor counted = counting(loop, loopTasks);

        private record Call(Request<?> request, CompletableFuture<Response> future) {
        }

        CompletableFuture<Response> call(Request<?> request) {
            CompletableFuture<Response> future = new CompletableFuture<>();
            inbox.add(new Call(request, future));
            schedule();
            return future;
        }

        private void schedule() {
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                counted.execute(this::drain);
            }
        }

        private void drain() {
            try {
                int spins = 0;
                for (int i = 0; i < CoreConstants.PEER_SET_MAX_BATCH; i++) {
                    Call c = inbox.poll();
                    if (c == null) {
                        if (spins >= CoreConstants.PEER_SET_LOOP_SPINS) {
                            break;
                        }
                        for (; spins < CoreConstants.PEER_SET_LOOP_SPINS && inbox.isEmpty(); spins++) {
                            Thread.onSpinWait();
                        }
                        i--;
                        continue;
                    }
                    c.future.complete(c.request instanceof Request.Ping ? PONG : new Response.Nil());
                }
            } finally {
                scheduled.set(false);
                if (!inbox.isEmpty()) {
                    schedule();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            shutdown(loop);
        }
    }
}
