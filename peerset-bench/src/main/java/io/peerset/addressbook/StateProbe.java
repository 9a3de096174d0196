package io.peerset.addressbook;

import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import java.time.Instant;

/**
 * Benchmark-only access to the package-private {@link AddressBookState} (the writer's apply path
 * without the queue hand-off and the lock). It works only on the
 * class path (split package), which is how the bench module runs; it is never part of the library.
 */
public final class StateProbe {

    private final AddressBookState state;

    public StateProbe(AddressBookConfig config) {
        this.state = new AddressBookState(config);
    }

    /** @return whether the state changed */
    public boolean update(AddressChange change, Instant wallNow, long nanosNow) {
        return state.update(change, wallNow, nanosNow);
    }

    /** @return whether a candidate was taken */
    public boolean nextCandidate(Instant wallNow, long nanosNow) {
        return state.nextCandidate(wallNow, nanosNow).isPresent();
    }

    public int size() {
        return state.size();
    }

    /** What {@code DefaultAddressBook.snapshot()} does under the read lock: the in-order walk. */
    public int inOrderWalk() {
        return state.inReconnectionOrder().size();
    }
}
