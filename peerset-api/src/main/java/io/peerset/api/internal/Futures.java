package io.peerset.api.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What every module did with a failed future's error before this existed: strip the
 * {@link CompletionException} and {@link ExecutionException} wrappers that {@code CompletableFuture}
 * and {@code Future.get} add, so that a failure is classified, reported and rethrown by what it is.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * @param error a future's failure, possibly wrapped
     * @return the first cause that is neither a {@link CompletionException} nor an
     *         {@link ExecutionException} (or the last wrapper, if it has no cause)
     */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
