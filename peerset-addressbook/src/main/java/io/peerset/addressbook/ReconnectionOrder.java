package io.peerset.addressbook;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The reconnection order of reference section 4.6 (first = tried first): state; last attempt, last
 * failure and last response ascending (absent first); gossiped last-seen descending (absent last);
 * services ascending (unknown first, as implemented upstream, Appendix A.3); IPv4 before IPv6, then
 * address bytes; port. Address preference (4.7) is omitted: it is inert upstream (Appendix A.2) and
 * invalid addresses are never stored here.
 *
 * <p>The order is total over distinct addresses, so sorted sets can index records by it.
 * Stateless and thread-safe.
 */
final class ReconnectionOrder implements Comparator<MetaAddr> {

    static final ReconnectionOrder INSTANCE = new ReconnectionOrder();

    private ReconnectionOrder() {
    }

    @Override
    public int compare(MetaAddr a, MetaAddr b) {
        int c = Integer.compare(a.state.reconnectionRank(), b.state.reconnectionRank());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.lastAttempt, b.lastAttempt); // NONE is Long.MIN_VALUE: absent first
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.lastFailure, b.lastFailure);
        if (c != 0) {
            return c;
        }
        c = Long.compare(seconds(a.lastResponse), seconds(b.lastResponse));
        if (c != 0) {
            return c;
        }
        c = Long.compare(seconds(b.untrustedLastSeen), seconds(a.untrustedLastSeen)); // descending, absent last
        if (c != 0) {
            return c;
        }
        c = compareServices(a, b);
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(!a.address.isIpv4(), !b.address.isIpv4());
        if (c != 0) {
            return c;
        }
        c = Arrays.compareUnsigned(a.address.ip().getAddress(), b.address.ip().getAddress());
        if (c != 0) {
            return c;
        }
        return Integer.compare(a.address.port(), b.address.port());
    }

    private static long seconds(java.time.Instant t) {
        return t == null ? Long.MIN_VALUE : t.getEpochSecond();
    }

    private static int compareServices(MetaAddr a, MetaAddr b) {
        if (a.services == null || b.services == null) {
            return Boolean.compare(a.services != null, b.services != null);
        }
        return Long.compareUnsigned(a.services.bits(), b.services.bits());
    }
}
