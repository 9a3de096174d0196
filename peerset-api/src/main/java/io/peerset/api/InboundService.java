package io.peerset.api;

import java.util.concurrent.CompletableFuture;

/**
 * The application's answer to remote peers (reference section 1.6): each request a peer makes that
 * is not a response to ours becomes a call here, and the response goes back as wire messages
 * (section 6.8).
 *
 * <p>Threading: called on the peer's connection thread; must return quickly and never block,
 * completing the future later if the work is slow. Requests from one peer are strictly sequential;
 * requests from different peers arrive concurrently.
 *
 * <p>Failure: complete with {@link InboundOverloadedException} when the service is over capacity;
 * peerset then drops the connection with a small, rising probability (section 6.9), as it does when
 * the answer takes longer than {@link PeerSetConstants#INBOUND_SERVICE_TIMEOUT}. Complete with
 * {@link java.util.concurrent.RejectedExecutionException} once the service is shut down: the
 * connection then fails with {@link PeerException.ServiceShutdown}. Any other failure is logged and
 * nothing is sent; the connection stays open (peers are not punished for our failures).
 */
@FunctionalInterface
public interface InboundService {

    /**
     * @param request what the peer asked for
     * @param peer    who asked
     * @return the answer, of {@linkplain Request#responseType() the request's response type}, or
     *         {@link Response.Nil}, which sends nothing; an answer of another type is logged and
     *         not sent
     */
    CompletableFuture<? extends Response> call(Request<?> request, ConnectionInfo peer);

    /** @return a service that answers every request with {@link Response.Nil} (isolated connections) */
    static InboundService nil() {
        CompletableFuture<Response> nil = CompletableFuture.completedFuture(new Response.Nil());
        return (request, peer) -> nil;
    }
}
