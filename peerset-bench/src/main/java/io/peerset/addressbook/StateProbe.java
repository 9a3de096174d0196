package io.peerset.addressbook;

import io.peerset.api.PeerAddress;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark-only access to the package-private {@link AddressBookState} (the writer's apply path
 * without the queue hand-off and without the per-batch view publication). It works only on the
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

    /** The same copies {@code DefaultAddressBook.publish()} makes after each batch that changed anything. */
    public Object publishCopy(Instant now) {
        List<MetaAddr> ordered = state.inReconnectionOrder();
        Map<PeerAddress, MetaAddr> byAddress = new HashMap<>(ordered.size() * 2);
        for (MetaAddr r : ordered) {
            byAddress.put(r.address, r);
        }
        return new Object[] {List.copyOf(ordered), Map.copyOf(byAddress), List.copyOf(state.bans(now))};
    }
}
