package io.peerset.testkit.doubles;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link PeerClient} the test drives: it answers at once by a rule ({@link #respondWith}), or
 * holds each request until the test completes it ({@link #answer()}, {@link #answer(Response)},
 * {@link #fail(Throwable)}). It records every request it is given and every violation of the
 * client contract that a caller such as the peer set must respect: a second request while one is
 * in flight (also refused with {@link IllegalStateException}, as a real client would), or any
 * request after the client was closed.
 *
 * <p>Its {@link #info()} describes an outbound (or inbound) peer at {@link #address()} that
 * announced {@code NODE_NETWORK} and the given protocol version; the negotiated version is the lower
 * of that and mainnet's current one.
 *
 * <p>Threading: thread-safe (every method locks the peer); futures are completed on the thread
 * that answers, fails or closes, outside the lock.
 */
public final class FakePeer implements PeerClient {

    private final PeerAddress address;
    private final ConnectionInfo info;
    private final List<Request<?>> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** Answers at once when set; else requests wait for {@link #answer} or {@link #fail}. */
    private Function<Request<?>, ? extends Response> responder;
    private CompletableFuture<Response> inFlight;
    private Request<?> inFlightRequest;
    private CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    private final CompletableFuture<PeerException> closed = new CompletableFuture<>();
    private PeerException error;

    /**
     * A peer that holds every request (see {@link #respondWith} to answer at once).
     *
     * @param address the peer's address
     * @param version the protocol version it announced
     * @param inbound whether it dialled us
     */
    public FakePeer(PeerAddress address, long version, boolean inbound) {
        this.address = requireNonNull(address, "address");
        VersionMessage v = ScriptedPeer.version(Network.MAINNET, version, 1, PeerServices.NETWORK);
        this.info = new ConnectionInfo(address, PeerAddress.parse("10.0.0.1:8233"), inbound, v,
                Math.min(version, Network.MAINNET.protocolVersion()), Duration.ZERO);
    }

    /**
     * @param address the peer's address, for example {@code "203.0.113.1:8233"}
     * @return a current outbound peer that answers every request at once with its {@link #empty} answer
     */
    public static FakePeer answering(String address) {
        FakePeer p = holding(address);
        p.respondWith(FakePeer::empty);
        return p;
    }

    /**
     * @param address the peer's address, for example {@code "203.0.113.1:8233"}
     * @return a current outbound peer that holds every request until the test answers it
     */
    public static FakePeer holding(String address) {
        return new FakePeer(PeerAddress.parse(address), Network.MAINNET.protocolVersion(), false);
    }

    /**
     * The empty answer of a request's type: no addresses, no blocks (none missing), no hashes, a
     * zero round trip, {@code Nil}.
     *
     * @param request any request
     * @param <R>     its response type
     * @return an empty response of {@code request.responseType()}
     * @throws IllegalArgumentException for a response type this double does not know (a new kind)
     */
    public static <R extends Response> R empty(Request<R> request) {
        Class<R> type = request.responseType();
        Response empty;
        if (type == Response.Nil.class) {
            empty = new Response.Nil();
        } else if (type == Response.Peers.class) {
            empty = new Response.Peers(List.of());
        } else if (type == Response.Pong.class) {
            empty = new Response.Pong(Duration.ZERO);
        } else if (type == Response.Blocks.class) {
            empty = new Response.Blocks(List.of(), List.of());
        } else if (type == Response.Transactions.class) {
            empty = new Response.Transactions(List.of(), List.of());
        } else if (type == Response.BlockHashes.class) {
            empty = new Response.BlockHashes(List.of());
        } else if (type == Response.BlockHeaders.class) {
            empty = new Response.BlockHeaders(List.of());
        } else if (type == Response.TransactionIds.class) {
            empty = new Response.TransactionIds(List.of());
        } else {
            throw new IllegalArgumentException("responseType: " + type.getName() + " (expected: a Response kind FakePeer.empty knows)");
        }
        return type.cast(empty);
    }

    /**
     * Answers every later request at once with {@code rule}'s response. The rule's response must be
     * of the request's type for a well-behaved peer; it is not checked (the code under test should).
     *
     * @param rule the answer to each request
     * @return this
     */
    public synchronized FakePeer respondWith(Function<Request<?>, ? extends Response> rule) {
        this.responder = requireNonNull(rule, "rule");
        return this;
    }

    /**
     * Holds every later request until the test answers it (the default).
     *
     * @return this
     */
    public synchronized FakePeer hold() {
        this.responder = null;
        return this;
    }

    /** @return the peer's address */
    public PeerAddress address() {
        return address;
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    /** @return every request given to {@link #call}, in order, including refused ones (a copy) */
    public synchronized List<Request<?>> received() {
        return List.copyOf(received);
    }

    /** Forgets the requests recorded so far. */
    public synchronized void clearReceived() {
        received.clear();
    }

    /** @return each contract violation seen, in order, in words (a copy; empty for a well-behaved caller) */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public synchronized boolean isReady() {
        return inFlight == null && error == null;
    }

    @Override
    public synchronized CompletableFuture<Void> ready() {
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        return ready;
    }

    @Override
    @SuppressWarnings("unchecked") // a test double: the answer's type is the test's to get right (callers check it)
    public <R extends Response> CompletableFuture<R> call(Request<R> request) {
        requireNonNull(request, "request");
        CompletableFuture<Response> f;
        Function<Request<?>, ? extends Response> answer;
        synchronized (this) {
            received.add(request);
            if (closed.isDone()) {
                violations.add("request after close: " + request);
            }
            if (inFlight != null) {
                violations.add("second request in flight: " + request);
                throw new IllegalStateException("a request is already in flight");
            }
            if (error != null) {
                return CompletableFuture.failedFuture(error);
            }
            f = new CompletableFuture<>();
            answer = responder;
            if (answer == null) {
                inFlight = f;
                inFlightRequest = request;
                ready = new CompletableFuture<>();
                return (CompletableFuture<R>) f;
            }
        }
        f.complete(answer.apply(request));
        return (CompletableFuture<R>) f;
    }

    /**
     * Completes the held request with the {@link #empty} answer of its type.
     *
     * @throws IllegalStateException if no request is held
     */
    public void answer() {
        Request<?> request;
        synchronized (this) {
            if (inFlight == null) {
                throw new IllegalStateException("nothing in flight at " + address);
            }
            request = inFlightRequest;
        }
        answer(empty(request));
    }

    /**
     * Completes the held request.
     *
     * @param response the answer
     * @throws IllegalStateException if no request is held
     */
    public void answer(Response response) {
        CompletableFuture<Response> f = takeInFlight();
        f.complete(response);
    }

    /**
     * Fails the held request; the connection stays up.
     *
     * @param failure the request's failure
     * @throws IllegalStateException if no request is held
     */
    public void fail(Throwable failure) {
        takeInFlight().completeExceptionally(failure);
    }

    private CompletableFuture<Response> takeInFlight() {
        CompletableFuture<Response> f;
        CompletableFuture<Void> r;
        synchronized (this) {
            f = inFlight;
            if (f == null) {
                throw new IllegalStateException("nothing in flight at " + address);
            }
            inFlight = null;
            inFlightRequest = null;
            r = ready;
        }
        r.complete(null);
        return f;
    }

    /** @return whether a request is held, waiting for the test */
    public synchronized boolean hasInFlight() {
        return inFlight != null;
    }

    /**
     * The connection fails: the held request and {@link #closeFuture()} fail with {@code error};
     * later calls fail with it too. Does nothing if the peer already failed or was closed.
     *
     * @param error the connection's error
     */
    public void die(PeerException error) {
        requireNonNull(error, "error");
        CompletableFuture<Response> f;
        synchronized (this) {
            if (this.error != null) {
                return;
            }
            this.error = error;
            f = inFlight;
            inFlight = null;
            inFlightRequest = null;
        }
        if (f != null) {
            f.completeExceptionally(error);
        }
        closed.complete(error);
    }

    @Override
    public synchronized Optional<PeerException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public CompletableFuture<PeerException> closeFuture() {
        return closed;
    }

    /** @return whether the peer was closed or died */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Dies with {@link PeerException.ClientDropped}, as a real client closed by its owner does. */
    @Override
    public void close() {
        die(new PeerException.ClientDropped());
    }

    @Override
    public String toString() {
        return "FakePeer[" + address + "]";
    }
}
