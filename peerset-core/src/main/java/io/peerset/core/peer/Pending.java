package io.peerset.core.peer;

import io.peerset.api.Request;
import io.peerset.api.Response;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A local request of one connection, the caller's or the heartbeat's ping, and the future its
 * caller holds: one object per request. Created on any thread (the caller's) or on the loop (the
 * heartbeat's).
 *
 * <p>Who completes it is decided once ({@link #claim()}): the loop, with the answer or a failure
 * ({@link #completeAnswer}, {@link #fail}), or the caller, completing or cancelling the future it
 * was given. A caller's completion (every public way to complete a {@link CompletableFuture},
 * {@code orTimeout} and {@code completeOnTimeout} included) abandons the request: its
 * {@link Abandon} hook tells the connection, before the future's own dependents run.
 */
final class Pending<R extends Response> extends CompletableFuture<R> {

    /** Told when the caller completes the request's future before the loop does. Any thread. */
    interface Abandon {
        void abandoned(Pending<?> pending);
    }

    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(Pending.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Request<R> request;
    final boolean heartbeat;
    private final Abandon abandon;
    /** Set once, by whoever completes the request first: the loop, or the caller. */
    @SuppressWarnings("unused") // through CLAIMED
    private volatile boolean claimed;

    /**
     * @param abandon told when the caller completes the future first; null for the heartbeat's
     *                pings, whose futures are internal
     */
    Pending(Request<R> request, boolean heartbeat, Abandon abandon) {
        this.request = request;
        this.heartbeat = heartbeat;
        this.abandon = abandon;
    }

    /** @return whether the request is finished (by the loop or the caller) */
    boolean isFinished() {
        return claimed;
    }

    /** @return true for the one party that completes the request */
    boolean claim() {
        return CLAIMED.compareAndSet(this, false, true);
    }

    /** The loop's answer, checked against the request's type (MessageMapping pairs them; a mismatch is our bug). */
    void completeAnswer(Response response) {
        if (request.responseType().isInstance(response)) {
            super.complete(request.responseType().cast(response));
        } else {
            super.completeExceptionally(new IllegalStateException("answer to " + request.name() + ": "
                    + (response == null ? "null" : response.getClass().getSimpleName())
                    + " (expected: " + request.responseType().getSimpleName() + ")"));
        }
    }

    /** The loop's failure. */
    void fail(Throwable failure) {
        super.completeExceptionally(failure);
    }

    // ---- the caller's ways to complete the future: each abandons the request first

    private void callerCompletes() {
        if (!isDone() && abandon != null && claim()) {
            abandon.abandoned(this);
        }
    }

    @Override
    public boolean complete(R value) {
        callerCompletes();
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        callerCompletes();
        return super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        callerCompletes();
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public void obtrudeValue(R value) {
        callerCompletes();
        super.obtrudeValue(value);
    }

    @Override
    public void obtrudeException(Throwable ex) {
        callerCompletes();
        super.obtrudeException(ex);
    }

    @Override
    public CompletableFuture<R> completeAsync(Supplier<? extends R> supplier, Executor executor) {
        // The JDK's version completes through an internal path: complete through ours instead.
        executor.execute(() -> {
            R value;
            try {
                value = supplier.get();
            } catch (Throwable e) {
                completeExceptionally(e);
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public CompletableFuture<R> completeAsync(Supplier<? extends R> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }
}
