package io.peerset.addressbook;

import io.peerset.wire.PeerAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The addresses an address book removed (evicted or banned) while inside their 119 s reconnection
 * window, with the end of that window, oldest first, at most max(capacity,
 * {@link AddressBookConstants#MIN_REMOVED_IN_WINDOW_MEMORY}) of them (a capacity-sized memory let
 * a book of 1 forget a handed-out address after one more eviction): a change that would recreate
 * such an address without a local time (gossip, initial peers, a ping) is ignored until the window
 * ends, so no address is handed out twice within 119 s even under eviction pressure (a deviation
 * from upstream, see {@link DefaultAddressBook}).
 *
 * <p>Not thread-safe: owned by {@link AddressBookState}'s writer.
 */
final class RemovedInWindow {

    private final LinkedHashMap<PeerAddress, Long> windowEnds = new LinkedHashMap<>();
    private final int limit;

    /** @param capacity the book's capacity */
    RemovedInWindow(int capacity) {
        this.limit = Math.max(capacity, AddressBookConstants.MIN_REMOVED_IN_WINDOW_MEMORY);
    }

    /**
     * Whether {@code address} left the book inside a window that has not ended at {@code nanosNow};
     * forgets it once its window has ended.
     */
    boolean holdsBack(PeerAddress address, long nanosNow) {
        if (windowEnds.isEmpty()) {
            return false;
        }
        Long windowEnd = windowEnds.get(address);
        if (windowEnd == null) {
            return false;
        }
        if (windowEnd > nanosNow) {
            return true;
        }
        windowEnds.remove(address);
        return false;
    }

    /**
     * Remembers that {@code address} left the book before {@code windowEnd} (after
     * {@code nanosNow}), then drops the oldest entries whose window has ended and any beyond the
     * limit.
     */
    void remember(PeerAddress address, long windowEnd, long nanosNow) {
        windowEnds.remove(address);
        windowEnds.put(address, windowEnd);
        Iterator<Long> oldest = windowEnds.values().iterator();
        while (oldest.hasNext()) {
            long end = oldest.next();
            // oldest first: drop those whose window has ended, then any beyond the limit
            if (end <= nanosNow || windowEnds.size() > limit) {
                oldest.remove();
            } else {
                break;
            }
        }
    }
}
