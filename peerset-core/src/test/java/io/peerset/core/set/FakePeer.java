package io.peerset.core.set;

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
 * A {@link PeerClient} the test drives: it answers at once with {@code responder} (when set) or
 * holds each request until the test completes it. It records every violation of the client
 * contract the peer set must respect: a second request while one is in flight, or any request after
 * it was closed.
 */
final class FakePeer implements PeerClient {

    final PeerAddress address;
    final ConnectionInfo info;
    final List<Request<?>> received = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    /** Answers at once when set; else requests wait for {@link #answer} or {@link #fail}. */
    Function<Request<?>, Response> responder;
    private CompletableFuture<Response> inFlight;
    private Request<?> inFlightRequest;
    private CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    private final CompletableFuture<PeerException> closed = new CompletableFuture<>();
    private PeerException error;

    FakePeer(PeerAddress address, long version, boolean inbound) {
        this.address = address;
        VersionMessage v = ScriptedPeer.version(Network.MAINNET, version, 1, PeerServices.NETWORK);
        this.info = new ConnectionInfo(address, PeerAddress.parse("10.0.0.1:8233"), inbound, v,
                Math.min(version, Network.MAINNET.protocolVersion()), Duration.ZERO);
    }

    static FakePeer answering(String address) {
        FakePeer p = new FakePeer(PeerAddress.parse(address), Network.MAINNET.protocolVersion(), false);
        p.responder = FakePeer::empty;
        return p;
    }

    static FakePeer holding(String address) {
        return new FakePeer(PeerAddress.parse(address), Network.MAINNET.protocolVersion(), false);
    }

    /** @return the empty answer of the request's type (no addresses, no blocks, ...) */
    static Response empty(Request<?> r) {
        Class<? extends Response> type = r.responseType();
        if (type == Response.Peers.class) {
            return new Response.Peers(List.of());
        } else if (type == Response.Pong.class) {
            return new Response.Pong(Duration.ZERO);
        } else if (type == Response.Blocks.class) {
            return new Response.Blocks(List.of(), List.of());
        } else if (type == Response.Transactions.class) {
            return new Response.Transactions(List.of(), List.of());
        } else if (type == Response.BlockHashes.class) {
            return new Response.BlockHashes(List.of());
        } else if (type == Response.BlockHeaders.class) {
            return new Response.BlockHeaders(List.of());
        } else if (type == Response.TransactionIds.class) {
            return new Response.TransactionIds(List.of());
        }
        return new Response.Nil();
    }

    @Override
    public ConnectionInfo info() {
        return info;
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
    @SuppressWarnings("unchecked") // a test double: the answer's type is the test's to get right (the set checks it)
    public <R extends Response> CompletableFuture<R> call(Request<R> request) {
        CompletableFuture<Response> f;
        Function<Request<?>, Response> answer;
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

    /** Completes the held request with the empty answer of its type. */
    void answer() {
        Request<?> request;
        synchronized (this) {
            request = inFlightRequest;
        }
        answer(empty(request));
    }

    /** Completes the held request. */
    void answer(Response response) {
        CompletableFuture<Response> f = takeInFlight();
        f.complete(response);
    }

    /** Fails the held request (the connection stays up). */
    void fail(Throwable t) {
        takeInFlight().completeExceptionally(t);
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
            r = ready;
        }
        r.complete(null);
        return f;
    }

    synchronized boolean hasInFlight() {
        return inFlight != null;
    }

    /** The connection fails: the held request and closeFuture fail with {@code e}. */
    void die(PeerException e) {
        CompletableFuture<Response> f;
        synchronized (this) {
            if (error != null) {
                return;
            }
            error = e;
            f = inFlight;
            inFlight = null;
        }
        if (f != null) {
            f.completeExceptionally(e);
        }
        closed.complete(e);
    }

    @Override
    public synchronized Optional<PeerException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public CompletableFuture<PeerException> closeFuture() {
        return closed;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        die(new PeerException.ClientDropped());
    }

    @Override
    public String toString() {
        return "FakePeer[" + address + "]";
    }
}
