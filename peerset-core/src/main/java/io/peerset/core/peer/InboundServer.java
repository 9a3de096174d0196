package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.InboundOverloadedException;
import io.peerset.api.InboundService;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound half of one connection (reference sections 6.8 and 6.9): serves a remote peer's
 * request through the application's {@link InboundService}, one at a time, writes the answer, and
 * sheds load — an overloaded or timed-out service drops the connection with a probability that
 * rises with repeated overloads. While a request is served or its answer is being written, no
 * further message is read from the peer ({@link #idle()} is false): the backpressure of the
 * reference, which reads the next message only after the answer's sends are awaited.
 *
 * <p>Confined to the connection's loop: every method runs there, and asserts it. It talks to its
 * connection only through {@link Host}.
 */
final class InboundServer {

    private static final Logger LOG = LoggerFactory.getLogger(InboundServer.class);

    /** What the server needs from its connection, all called on the loop. */
    interface Host extends ConnectionLoop {
        /** Writes a message with the send timeout; a failure is handled by the connection. */
        CompletableFuture<Void> send(Message message);

        /** Asks the transport for the next message when the connection is ready for it. */
        void requestMore();

        /** @return the peer, for log lines */
        String peer();
    }

    private final Host host;
    private final InboundService service;
    private final ConnectionInfo info;
    private final Scheduler scheduler;
    private final ConnectionConfig config;
    private final RandomGenerator random;

    private InboundCall serving;
    /** The answer to the peer's last message is still being written: read nothing more until it is. */
    private boolean sending;
    private OptionalLong lastOverloadNanos = OptionalLong.empty();

    InboundServer(Host host, InboundService service, ConnectionInfo info, Scheduler scheduler, ConnectionConfig config,
                  RandomGenerator random) {
        this.host = requireNonNull(host, "host");
        this.service = requireNonNull(service, "service");
        this.info = requireNonNull(info, "info");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.config = requireNonNull(config, "config");
        this.random = requireNonNull(random, "random");
    }

    /** @return whether nothing is being served or written: the connection may read on */
    boolean idle() {
        assert host.inLoop() : "off the connection's loop";
        return serving == null && !sending;
    }

    /** Serves one inbound request; no further peer message is read until it is answered. */
    void serve(Request<?> request) {
        assert host.inLoop() : "off the connection's loop";
        InboundCall call = new InboundCall(request);
        serving = call;
        CompletableFuture<? extends Response> answer;
        try {
            answer = requireNonNull(service.call(request, info), "inbound service returned null");
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (!answer.isDone()) {
            call.timer = scheduler.schedule(config.inboundServiceTimeout(), () -> host.onLoop(() -> onTimeout(call)));
        }
        answer.whenComplete((response, e) -> host.onLoop(() -> onAnswer(call, response, e)));
    }

    /**
     * Asks for the next message once every send of an answer to the peer is done (written, or
     * failed: a failure is handled by the connection), as the reference awaits each send before it
     * reads on. A send that never completes is cut by the send timeout.
     *
     * @param sends the writes of one answer
     */
    void readAfter(List<CompletableFuture<Void>> sends) {
        assert host.inLoop() : "off the connection's loop";
        if (sends.size() == 1) {
            readAfter(sends.get(0));
            return;
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>(sends.size());
        for (CompletableFuture<Void> sent : sends) {
            if (!sent.isDone()) {
                pending.add(sent);
            }
        }
        if (pending.isEmpty()) {
            host.requestMore();
            return;
        }
        sending = true;
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> host.onLoop(() -> {
            sending = false;
            host.requestMore();
        }));
    }

    /** {@link #readAfter(List)} for an answer of one message (a {@code pong}): no list, no {@code allOf}. */
    void readAfter(CompletableFuture<Void> sent) {
        assert host.inLoop() : "off the connection's loop";
        if (sent.isDone()) {
            host.requestMore();
            return;
        }
        sending = true;
        sent.whenComplete((ok, e) -> host.onLoop(() -> {
            sending = false;
            host.requestMore();
        }));
    }

    /** The connection shuts down: the request being served is forgotten, its timer cancelled. */
    void shutdown() {
        if (serving != null && serving.timer != null) {
            serving.timer.cancel();
        }
        serving = null;
    }

    private void onAnswer(InboundCall call, Response response, Throwable failure) {
        if (serving != call || host.isShutdown()) {
            return; // timed out already, or the connection is gone
        }
        serving = null;
        if (call.timer != null) {
            call.timer.cancel();
        }
        if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof InboundOverloadedException) {
                overloaded(call.request, false);
            } else if (cause instanceof RejectedExecutionException) {
                // The application's way of saying its inbound service is shut down (InboundService).
                LOG.debug("inbound service shut down; dropping {}", host.peer());
                host.fail(new PeerException.ServiceShutdown(cause));
                return;
            } else {
                // Don't punish the peer for our own failure: send nothing, keep the connection.
                LOG.debug("inbound service failed on {} from {}: {}", call.request.name(), host.peer(),
                        String.valueOf(cause));
            }
        } else if (!(response instanceof Response.Nil) && !call.request.responseType().isInstance(response)) {
            // An application bug, not the peer's: a wrong answer would mislead the peer, so nothing
            // is sent (InboundService documents it) and the connection reads on.
            LOG.warn("inbound service answered {} with {} (expected: {} or Nil); nothing sent to {}",
                    call.request.name(), response == null ? "null" : response.getClass().getSimpleName(),
                    call.request.responseType().getSimpleName(), host.peer());
        } else {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (Message message : MessageMapping.toMessages(response)) {
                sends.add(host.send(message));
            }
            readAfter(sends);
            return;
        }
        host.requestMore();
    }

    private void onTimeout(InboundCall call) {
        if (serving != call || host.isShutdown()) {
            return;
        }
        serving = null;
        overloaded(call.request, true);
        host.requestMore();
    }

    /** Reference section 6.9: drop the connection with a probability that rises with repeated overloads. */
    private void overloaded(Request<?> request, boolean timedOut) {
        long now = scheduler.nanoTime();
        double probability = OverloadPolicy.dropProbability(now, lastOverloadNanos);
        lastOverloadNanos = OptionalLong.of(now);
        if (random.nextDouble() < probability) {
            host.fail(timedOut ? new PeerException.InboundTimeout() : new PeerException.Overloaded());
        } else {
            LOG.debug("inbound service {} on {} from {}; keeping the connection (drop probability {})",
                    timedOut ? "timed out" : "overloaded", request.name(), host.peer(), probability);
        }
    }

    /** The inbound request being served. */
    private static final class InboundCall {
        final Request<?> request;
        Cancellable timer;

        InboundCall(Request<?> request) {
            this.request = request;
        }
    }
}
