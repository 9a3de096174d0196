package io.peerset.core.peer;

import io.peerset.api.Request;
import io.peerset.api.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local request of one connection: the caller's, or the heartbeat's ping. Created on any thread
 * (the caller's) or on the loop (the heartbeat's); {@link #done} decides, once, who completes it:
 * the loop with an answer or failure, or the caller cancelling {@link #result}.
 */
final class Pending<R extends Response> {
    final Request<R> request;
    final boolean heartbeat;
    final CompletableFuture<R> result = new CompletableFuture<>();
    /** Set once, by whoever completes the request first: the loop, or the caller cancelling. */
    final AtomicBoolean done = new AtomicBoolean();

    Pending(Request<R> request, boolean heartbeat) {
        this.request = request;
        this.heartbeat = heartbeat;
    }

    /** The answer, checked against the request's type (MessageMapping pairs them; a mismatch is our bug). */
    void complete(Response response) {
        if (request.responseType().isInstance(response)) {
            result.complete(request.responseType().cast(response));
        } else {
            result.completeExceptionally(new IllegalStateException("answer to " + request.name() + ": "
                    + response + " (expected: " + request.responseType().getSimpleName() + ")"));
        }
    }
}
