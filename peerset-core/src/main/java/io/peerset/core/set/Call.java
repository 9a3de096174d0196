package io.peerset.core.set;

import io.peerset.api.Reply;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.wire.PeerAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A caller's request, and the future the caller holds (one object, not two: the hot path allocates
 * one object per call). Its fields are the loop's.
 *
 * @param <T> what the caller's future completes with: the request's response type for
 *            {@code call}, a {@link Reply} of it for {@code exchange}
 */
final class Call<T> extends CompletableFuture<T> implements LoopMessage {
    final Request<?> request;
    /** Completes with a {@link Reply} (exchange), not the bare response (call). */
    private final boolean reply;
    /** When it stops waiting for a ready peer (set when first parked). */
    long deadline;
    boolean parked;
    /** Whether it has left the request queue's bound (see {@link WaitingQueue#release}). */
    boolean released;

    private Call(Request<?> request, boolean reply) {
        this.request = request;
        this.reply = reply;
    }

    static <R extends Response> Call<R> call(Request<R> request) {
        return new Call<>(request, false);
    }

    static <R extends Response> Call<Reply<R>> exchange(Request<R> request) {
        return new Call<>(request, true);
    }

    /**
     * Completes with a peer's answer, checked against the request's type: a {@code PeerClient} of
     * another implementation could answer with the wrong one, and the caller must not get a
     * {@code ClassCastException} far from its cause.
     *
     * @param peer the peer that answered, or null for a broadcast
     */
    /**
     * @return the failure of a request answered with another type than its own (names the types,
     *         not the response: a wrong answer may hold a thousand addresses or headers)
     */
    static IllegalStateException wrongType(Request<?> request, Response response, PeerAddress peer) {
        return new IllegalStateException("answer to " + request.name() + " from " + peer + ": "
                + (response == null ? "null" : response.getClass().getSimpleName())
                + " (expected: " + request.responseType().getSimpleName() + ")");
    }

    @SuppressWarnings("unchecked") // T is the response type, or Reply of it, by the factories above
    void answer(Response response, PeerAddress peer) {
        Class<? extends Response> type = request.responseType();
        if (!type.isInstance(response)) {
            completeExceptionally(wrongType(request, response, peer));
        } else if (reply) {
            complete((T) new Reply<>(type.cast(response), Optional.ofNullable(peer)));
        } else {
            complete((T) response);
        }
    }
}
