package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The any-thread half of one connection's {@link PeerClient}: the request slot, the stored error,
 * the readiness waiters, the close future and the unfinished requests. Every method may run on any
 * thread (callers', timers', the loop); the state is atomics and concurrent collections, no locks.
 * The loop-confined half is {@link LocalRequests}; {@link PeerConnection} ties them together.
 *
 * <p>One caller request is in flight at a time, and the slot frees when its future completes
 * (answer, error, timeout or cancellation), not when the connection dequeues it (Appendix A.7).
 * The heartbeat's pings have no slot here and never make the client unready.
 */
final class ClientState implements Pending.Abandon {

    /** Where the client hands its requests to the loop. Called on the caller's thread. */
    interface Host {
        /** Hands a new request over to the loop's queue (at once, when the caller is on the loop). */
        void submit(Pending<?> pending);

        /** Tells the loop that the caller completed (cancelled) the request itself. */
        void abandon(Pending<?> pending);
    }

    private final Host host;
    /** The peer, for error messages (redacted). */
    private final String peer;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<PeerException> error = new AtomicReference<>();
    private final Queue<CompletableFuture<Void>> readyWaiters = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<PeerException> closeFuture = new CompletableFuture<>();
    /** Every request not finished yet (caller's and heartbeat's), for failing them off the loop. */
    private final Set<Pending<?>> unfinished = ConcurrentHashMap.newKeySet();
    /** Set once by whoever reports the close: the loop's shutdown, or a rejected hand-over. */
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile Duration lastRtt;

    ClientState(Host host, String peer) {
        this.host = requireNonNull(host, "host");
        this.peer = requireNonNull(peer, "peer");
    }

    boolean isReady() {
        return !busy.get() && error.get() == null;
    }

    CompletableFuture<Void> ready() {
        PeerException failed = error.get();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (!busy.get()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        readyWaiters.add(waiter);
        if (!busy.get() || error.get() != null) {
            drainReadyWaiters();
        }
        return waiter;
    }

    <R extends Response> CompletableFuture<R> call(Request<R> request) {
        requireNonNull(request, "request");
        PeerException failed = error.get();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("call: a request is already in flight to " + peer
                    + " (expected: one at a time; wait for ready())");
        }
        Pending<R> pending = new Pending<>(request, false, this);
        unfinished.add(pending);
        host.submit(pending);
        return pending;
    }

    /** Completed by the caller (cancel, or complete): the request is abandoned. */
    @Override
    public void abandoned(Pending<?> pending) {
        unfinished.remove(pending);
        // Hand the drop over before freeing the slot, so the loop sees it before any request a new
        // caller makes with that slot.
        host.abandon(pending);
        releaseSlot();
    }

    /** @return a heartbeat ping, registered as unfinished (it takes no slot) */
    Pending<Response.Pong> heartbeatPing(long nonce) {
        Pending<Response.Pong> ping = new Pending<>(new Request.Ping(nonce), true, null);
        unfinished.add(ping);
        return ping;
    }

    /** Completes a request with its answer or failure, unless it was completed already; frees its slot. */
    void finish(Pending<?> pending, Response response, PeerException failure) {
        if (!pending.claim()) {
            return;
        }
        unfinished.remove(pending);
        if (!pending.heartbeat) {
            releaseSlot();
        }
        if (failure != null) {
            pending.fail(failure);
        } else {
            pending.completeAnswer(response);
        }
    }

    /** Fails every unfinished request and readiness waiter with the stored error (any thread). */
    void failUnfinished() {
        PeerException failure = error.get();
        for (Pending<?> pending : unfinished) {
            finish(pending, null, failure);
        }
        drainReadyWaiters();
    }

    /** @return whether {@code failure} is the first error, and now stored */
    boolean storeError(PeerException failure) {
        return error.compareAndSet(null, failure);
    }

    /** @return the stored error, or null */
    PeerException storedError() {
        return error.get();
    }

    Optional<PeerException> error() {
        return Optional.ofNullable(error.get());
    }

    /** The caller closed the client: stores {@code ClientDropped} if no error came first. */
    void dropByClient() {
        if (error.compareAndSet(null, new PeerException.ClientDropped())) {
            drainReadyWaiters();
        }
    }

    /** @return true for the one caller that reports the close */
    boolean claimCloseReport() {
        return closeReported.compareAndSet(false, true);
    }

    boolean closeReported() {
        return closeReported.get();
    }

    CompletableFuture<PeerException> closeFuture() {
        return closeFuture;
    }

    Optional<Duration> lastRtt() {
        return Optional.ofNullable(lastRtt);
    }

    void lastRtt(Duration rtt) {
        lastRtt = rtt;
    }

    void drainReadyWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = readyWaiters.poll()) != null) {
            PeerException failed = error.get();
            if (failed != null) {
                waiter.completeExceptionally(failed);
            } else {
                waiter.complete(null);
            }
        }
    }

    private void releaseSlot() {
        busy.set(false);
        drainReadyWaiters();
    }
}
