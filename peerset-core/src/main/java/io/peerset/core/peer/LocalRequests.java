package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.CoreConstants;
import io.peerset.wire.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local requests of one connection (reference sections 6.6 and 6.7): the queue of the caller's
 * request and the heartbeat's pings, the one awaiting its answer with its {@link ResponseHandler}
 * and receive timer, and their completion. Awaiting a request ({@code current == null}) or awaiting
 * a response ({@code current} set).
 *
 * <p>Confined to the connection's loop: every method runs there, and asserts it. It talks to its
 * connection only through {@link Host}, and completes requests through {@link ClientState}.
 */
final class LocalRequests {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRequests.class);

    /** What the local requests need from their connection, all called on the loop. */
    interface Host extends ConnectionLoop {
        /**
         * Writes a request's message with the send timeout; a failure is handled by the connection.
         *
         * @param written run on the loop once the message is written, never inside this call
         */
        void send(Message message, Pending<?> pending, Runnable written);

        /** @return the peer, for log lines */
        String peer();
    }

    private final Host host;
    private final ClientState client;
    private final ConnectionInfo info;
    private final Scheduler scheduler;
    private final ConnectionConfig config;
    private final AddressCache addressCache;

    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(CoreConstants.MAX_QUEUED_LOCAL_REQUESTS);
    private Pending<?> current;
    private ResponseHandler handler;
    /** The request in flight once written: its receive deadline is {@link #deadlineNanos}; or null. */
    private Pending<?> timed;
    private long deadlineNanos;
    /**
     * The connection's one receive watchdog, armed lazily: once armed it fires no later than the
     * deadline of {@link #timed}, then times it out or re-arms for what is left. Not cancelled when
     * a request is answered, so requests arm and cancel no timer of their own.
     */
    private Cancellable requestTimer;

    LocalRequests(Host host, ClientState client, ConnectionInfo info, Scheduler scheduler, ConnectionConfig config,
                  AddressCache addressCache) {
        this.host = requireNonNull(host, "host");
        this.client = requireNonNull(client, "client");
        this.info = requireNonNull(info, "info");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.config = requireNonNull(config, "config");
        this.addressCache = requireNonNull(addressCache, "addressCache");
    }

    /** Queues a request, and starts it if none is in flight. */
    void enqueue(Pending<?> pending) {
        assert host.inLoop() : "off the connection's loop";
        if (host.isShutdown()) {
            client.finish(pending, null, client.storedError());
            return;
        }
        if (pending.isFinished()) {
            return;
        }
        queue.removeIf(queued -> queued.isFinished());
        if (queue.size() >= CoreConstants.MAX_QUEUED_LOCAL_REQUESTS) {
            throw new IllegalStateException("local request queue full: " + queue.size());
        }
        queue.add(pending);
        startNext();
    }

    /**
     * Offers a peer message to the request awaiting its answer.
     *
     * @return the outcome, or null if no request awaits an answer
     */
    ResponseHandler.Outcome offer(Message message) {
        assert host.inLoop() : "off the connection's loop";
        return handler == null ? null : handler.offer(message);
    }

    /** Completes the request in flight with its answer or failure, and starts the next. */
    void completeCurrent(Response response, PeerException failure) {
        assert host.inLoop() : "off the connection's loop";
        Pending<?> done = current;
        clearCurrent();
        if (done.request instanceof Request.Ping && response instanceof Response.Pong pong) {
            client.lastRtt(pong.rtt());
        }
        client.finish(done, response, failure);
        startNext();
    }

    /** Fails {@code pending} if it is still the request in flight (its message could not be encoded). */
    void failIfCurrent(Pending<?> pending, PeerException failure) {
        assert host.inLoop() : "off the connection's loop";
        if (pending != null && current == pending) {
            completeCurrent(null, failure);
        }
    }

    /** The caller cancelled: drop the request; late answers to it will be unsolicited. */
    void abandon(Pending<?> pending) {
        assert host.inLoop() : "off the connection's loop";
        if (current == pending) {
            LOG.debug("{} request to {} cancelled by its caller", pending.request.name(), host.peer());
            clearCurrent();
            startNext();
        } else {
            queue.remove(pending);
        }
    }

    /** Fails the request in flight and every queued one with the connection's error. */
    void shutdown(PeerException failure) {
        assert host.inLoop() : "off the connection's loop";
        Pending<?> inFlight = current;
        clearCurrent();
        if (requestTimer != null) {
            requestTimer.cancel();
            requestTimer = null;
        }
        if (inFlight != null) {
            client.finish(inFlight, null, failure);
        }
        Pending<?> queued;
        while ((queued = queue.poll()) != null) {
            client.finish(queued, null, failure);
        }
    }

    private void startNext() {
        while (current == null && !host.isShutdown() && !queue.isEmpty()) {
            Pending<?> next = queue.poll();
            if (!next.isFinished()) {
                dispatch(next);
            }
        }
    }

    /** Sends a request's messages and waits for its answer (reference section 6.7). */
    private void dispatch(Pending<?> pending) {
        Request<?> request = pending.request;
        current = pending;
        if (request instanceof Request.Peers && !addressCache.isEmpty()) {
            // addresses left from an earlier answer (or gossip) are served without asking again (6.7)
            completeCurrent(new Response.Peers(addressCache.take(PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT)), null);
            return;
        }
        MessageMapping.Outgoing out = MessageMapping.toOutgoing(request, info.negotiatedVersion(), addressCache,
                scheduler::nanoTime);
        if (out.handler() == null) {
            sendThenNil(pending, out.message());
        } else {
            await(pending, out.message(), out.handler());
        }
    }

    private void await(Pending<?> pending, Message message, ResponseHandler responseHandler) {
        handler = responseHandler;
        // The receive timer starts once the request is written, as in the reference's code (its
        // table says "from the dequeue"; the difference is the write time). So a peer that stops
        // reading fails the request with the send timeout, which also closes the connection.
        host.send(message, pending, () -> {
            if (current == pending && timed == null && !host.isShutdown()) {
                timed = pending;
                deadlineNanos = scheduler.nanoTime() + config.requestTimeout().toNanos();
                if (requestTimer == null) {
                    // An armed watchdog was armed earlier with the same timeout: it fires in time.
                    requestTimer = scheduler.schedule(config.requestTimeout(), () -> host.onLoop(this::onRequestTimer));
                }
            }
        });
    }

    /** Pushes and advertisements are answered with Nil once their message is written. */
    private void sendThenNil(Pending<?> pending, Message message) {
        host.send(message, pending, () -> {
            if (current == pending) {
                completeCurrent(new Response.Nil(), null);
            }
        });
    }

    private void onRequestTimer() {
        assert host.inLoop() : "off the connection's loop";
        requestTimer = null;
        if (timed == null || host.isShutdown()) {
            return;
        }
        long left = deadlineNanos - scheduler.nanoTime();
        if (left > 0) {
            requestTimer = scheduler.schedule(Duration.ofNanos(left), () -> host.onLoop(this::onRequestTimer));
            return;
        }
        onRequestTimeout(timed);
    }

    private void onRequestTimeout(Pending<?> pending) {
        timed = null;
        if (pending.request instanceof Request.Ping) {
            // A peer that cannot answer a ping is not alive: the whole connection goes.
            host.fail(new PeerException.ConnectionReceiveTimeout());
            return;
        }
        LOG.debug("{} did not answer {} within {}", host.peer(), pending.request.name(), config.requestTimeout());
        completeCurrent(null, new PeerException.ConnectionReceiveTimeout());
    }

    private void clearCurrent() {
        current = null;
        handler = null;
        timed = null;
    }
}
