package io.peerset.core.set;

import io.peerset.api.Request;
import io.peerset.api.Response;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * One request sent to one peer: the callback of the peer's future and, once it has run, the
 * loop's record of the outcome (one object for both: the hot path allocates one per send).
 * {@code owner} is the {@link Call}, a {@link Broadcasts.Broadcast}, or null (a late broadcast
 * delivery). A caller's future is completed at once on the completing thread, so the answer does
 * not wait for the loop; the peer's bookkeeping (load, registry, stalls, readiness) follows on the
 * loop ({@link Router#onPeerDone}).
 */
final class Dispatch implements BiConsumer<Response, Throwable>, LoopMessage {
    final Router router;
    final PeerEntry entry;
    final Object owner;
    final Request<?> request;
    final long sentAt;
    final boolean stallTracked;
    Response response;
    Throwable error;
    long doneAt;

    Dispatch(Router router, PeerEntry entry, Object owner, Request<?> request, long sentAt, boolean stallTracked) {
        this.router = router;
        this.entry = entry;
        this.owner = owner;
        this.request = request;
        this.sentAt = sentAt;
        this.stallTracked = stallTracked;
    }

    @Override
    public void accept(Response r, Throwable t) {
        doneAt = router.clock.nanoTime(); // the round trip ends here, not when the loop gets to it
        response = r;
        error = unwrap(t);
        if (error == null && !request.responseType().isInstance(r)) {
            // Another PeerClient implementation's bug: a failed answer for the set's bookkeeping
            // too (no registry entries from it, not counted as answered), and for the caller.
            error = Call.wrongType(request, r, entry.address);
            response = null;
        }
        // The loop hears of the peer first: a caller whose callback sends its next request at
        // once must find this peer ready again, not an empty set (and a needless demand signal).
        router.loop.submitLocal(this);
        if (owner instanceof Call<?> c) {
            if (error != null) {
                c.completeExceptionally(error);
            } else {
                c.answer(r, entry.address);
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
