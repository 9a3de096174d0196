package io.peerset.core.set;

import io.peerset.api.Request;
import io.peerset.api.Response;
import java.util.concurrent.CompletableFuture;

/**
 * A caller's request, and the future the caller holds (one object, not two: the hot path allocates
 * one object per call). Its fields are the loop's.
 */
final class Call extends CompletableFuture<Response> implements LoopMessage {
    final Request request;
    /** When it stops waiting for a ready peer (set when first parked). */
    long deadline;
    boolean parked;
    /** Whether it has left the request queue's bound (see {@link WaitingQueue#release}). */
    boolean released;

    Call(Request request) {
        this.request = request;
    }
}
