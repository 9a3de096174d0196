package io.peerset.testkit.doubles;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.InboundService;
import io.peerset.api.Request;
import io.peerset.api.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An {@link InboundService} that records every request remote peers make, with the peer that made
 * it, and answers by a rule the test replaces at any time: {@code Nil} at once by default,
 * {@link #respondWith} for an answer at once, {@link #answerWith} for a future the test completes
 * (late, exceptionally, or never). The rule may also throw, as a broken service would.
 *
 * <p>Threading: thread-safe; {@link #call} runs on the connection's thread and applies the rule
 * there, after recording the request; the recordings may be read from any thread.
 */
public final class RecordingInboundService implements InboundService {

    private final List<Request<?>> requests = new ArrayList<>();
    private final List<ConnectionInfo> peers = new ArrayList<>();
    private volatile BiFunction<Request<?>, ConnectionInfo, ? extends CompletableFuture<? extends Response>> rule =
            (request, peer) -> CompletableFuture.completedFuture(new Response.Nil());

    /** A service that answers {@code Nil} at once and has recorded nothing. */
    public RecordingInboundService() {
    }

    /**
     * Answers every later request with the future {@code rule} returns.
     *
     * @param rule the answer to each request
     * @return this
     */
    public RecordingInboundService answerWith(Function<Request<?>, ? extends CompletableFuture<? extends Response>> rule) {
        requireNonNull(rule, "rule");
        this.rule = (request, peer) -> rule.apply(request);
        return this;
    }

    /**
     * Answers every later request at once with {@code rule}'s response for the request and its peer.
     *
     * @param rule the answer to each request
     * @return this
     */
    public RecordingInboundService respondWith(BiFunction<Request<?>, ConnectionInfo, ? extends Response> rule) {
        requireNonNull(rule, "rule");
        this.rule = (request, peer) -> CompletableFuture.completedFuture(rule.apply(request, peer));
        return this;
    }

    @Override
    public CompletableFuture<? extends Response> call(Request<?> request, ConnectionInfo peer) {
        synchronized (this) {
            requests.add(request);
            peers.add(peer);
        }
        return rule.apply(request, peer);
    }

    /** @return every request received, in order (a copy) */
    public synchronized List<Request<?>> requests() {
        return List.copyOf(requests);
    }

    /** @return the peer of each request in {@link #requests()}, same order (a copy) */
    public synchronized List<ConnectionInfo> peers() {
        return List.copyOf(peers);
    }
}
