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
 * <p>The order is total over distinct addresses, so the book's trees can index records by it. It
 * reads only primitive fields (the IPv4 bytes are cached in the record): comparing allocates
 * nothing, except for two IPv6 records equal up to the address. Stateless and thread-safe.
 */
final class ReconnectionOrder implements Comparator<MetaAddr> {

    static final ReconnectionOrder INSTANCE = new ReconnectionOrder();

    private ReconnectionOrder() {
    }

    @Override
    public int compare(MetaAddr a, MetaAddr b) {
        if (a == b) {
            return 0;
        }
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
        c = Long.compare(a.lastResponseSeconds, b.lastResponseSeconds);
        if (c != 0) {
            return c;
        }
        // descending; NONE is the smallest long, so absent sorts last
        c = Long.compare(b.untrustedLastSeenSeconds, a.untrustedLastSeenSeconds);
        if (c != 0) {
            return c;
        }
        c = compareServices(a, b);
        if (c != 0) {
            return c;
        }
        boolean av4 = a.isIpv4();
        boolean bv4 = b.isIpv4();
        if (av4 != bv4) {
            return av4 ? -1 : 1;
        }
        c = av4 ? Integer.compareUnsigned(a.ipv4Bits, b.ipv4Bits)
                : Arrays.compareUnsigned(a.address.ip().getAddress(), b.address.ip().getAddress());
        if (c != 0) {
            return c;
        }
        return Character.compare(a.port, b.port);
    }

    private static int compareServices(MetaAddr a, MetaAddr b) {
        if (!a.servicesKnown() || !b.servicesKnown()) {
            return Boolean.compare(a.servicesKnown(), b.servicesKnown());
        }
        return Long.compareUnsigned(a.servicesBits, b.servicesBits);
    }
}
