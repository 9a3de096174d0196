package io.peerset.testkit.doubles;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FakeAddressBookTest {

    private static final PeerAddress A = PeerAddress.parse("203.0.113.1:8233");

    @Test
    void recordsChangesAnswersBansAndHandsOutQueuedCandidates() {
        FakeAddressBook book = new FakeAddressBook();
        assertThat(book.submit(AddressChange.UpdateFailed.of(A))).isTrue();
        assertThat(book.changes()).containsExactly(AddressChange.UpdateFailed.of(A));

        assertThat(book.isBanned(A.ip())).isFalse();
        book.ban(A.ip());
        assertThat(book.isBanned(A.ip())).isTrue();

        book.addCandidate(A);
        assertThat(book.nextReconnectCandidate().join()).get().satisfies(e -> {
            assertThat(e.address()).isEqualTo(A);
            assertThat(e.state()).isEqualTo(PeerAddrState.ATTEMPT_PENDING);
        });
        assertThat(book.nextReconnectCandidate().join()).isEmpty();
        assertThat(book.size()).isZero();
        assertThat(book.snapshot().entries()).isEmpty();
    }

    @Test
    void emitsToTheListenersItHolds() {
        FakeAddressBook book = new FakeAddressBook();
        List<NodeEvent.AddressBookEvent> seen = new ArrayList<>();
        Consumer<NodeEvent.AddressBookEvent> listener = seen::add;
        book.addListener(listener);
        assertThat(book.listeners()).hasSize(1);
        NodeEvent.AddressStateChanged event = new NodeEvent.AddressStateChanged(A, Optional.empty(), PeerAddrState.FAILED);
        book.emit(event);
        assertThat(seen).containsExactly(event);
        book.removeListener(listener);
        assertThat(book.listeners()).isEmpty();
    }
}
