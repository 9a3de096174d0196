package io.peerset.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CandidateSourceTest {

    @Test
    void ofAsksTheFunctionOnEveryCallAndClosingDoesNothing() {
        AtomicInteger calls = new AtomicInteger();
        List<PeerAddress> answer = List.of(PeerAddress.parse("203.0.113.6:8233"));
        CandidateSource source = CandidateSource.of("fixed", () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(answer);
        });
        assertThat(source.name()).isEqualTo("fixed").isEqualTo(source.toString());
        assertThat(source.candidates()).isCompletedWithValue(answer);
        assertThat(source.candidates()).isCompletedWithValue(answer);
        assertThat(calls).hasValue(2);
        source.close();
        source.close();
        assertThatThrownBy(() -> CandidateSource.of(null, () -> null)).isInstanceOf(NullPointerException.class);
    }
}
