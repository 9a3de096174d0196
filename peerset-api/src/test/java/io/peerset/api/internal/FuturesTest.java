package io.peerset.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

    @Test
    void wrappersAreStrippedAndTheFailureKept() {
        IOException cause = new IOException("refused");
        assertThat(Futures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        assertThat(Futures.unwrap(cause)).isSameAs(cause);
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Futures.unwrap(bare)).isSameAs(bare);
        // what join() throws for a future that failed with an IllegalStateException inside a stage
        CompletableFuture<Object> failed = CompletableFuture.failedFuture(new IllegalStateException("x"))
                .thenApply(v -> v);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(failed::join);
        assertThat(Futures.unwrap(thrown)).isInstanceOf(IllegalStateException.class).hasMessage("x");
    }
}
