package io.peerset.addressbook;

import io.peerset.api.BannedIp;
import io.peerset.api.Netgroups;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The IPs one address book has banned (reference 4.13; Appendix A.6: a ban expires after the
 * configured duration, and the list keeps at most the configured number of IPs, evicting the
 * oldest). Every ban lasts the same duration and a repeated ban moves the IP to the end, so
 * insertion order is expiry order: expiring walks only the bans that have ended.
 *
 * <p>Beyond the reference (issue 16 §1.5), an IPv6 ban covers the address's whole /64 (keyed, and
 * reported, by the /64's first address): a provider hands one customer a /64 at least, so banning one
 * address of it would cost the attacker nothing.
 *
 * <p>Not thread-safe: owned by {@link AddressBookState}; the writer changes it, readers (under the
 * book's read lock) use only the methods that expire nothing.
 */
final class BanList {

    /** Insertion (= ban time = expiry) ordered. */
    private final LinkedHashMap<InetAddress, BannedIp> bans = new LinkedHashMap<>();
    private final Duration duration;
    private final int max;

    /**
     * @param duration how long a ban lasts
     * @param max      the most IPs kept; range &gt; 0
     */
    BanList(Duration duration, int max) {
        this.duration = duration;
        this.max = max;
    }

    /**
     * Bans {@code ip} from the start of the current second (a repeated ban starts again), evicting
     * the oldest bans beyond the limit.
     *
     * @return the ban
     */
    BannedIp ban(InetAddress ip, Instant wallNow) {
        InetAddress key = key(ip);
        Instant at = Instant.ofEpochSecond(wallNow.getEpochSecond());
        BannedIp ban = new BannedIp(key, at, at.plus(duration));
        bans.remove(key);
        bans.put(key, ban);
        while (bans.size() > max) {
            Iterator<InetAddress> oldest = bans.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return ban;
    }

    /**
     * Puts back bans kept from an earlier run (issue 16 §1.5), oldest first, skipping those ended at
     * {@code wallNow} and shortening any that would outlast a ban made now; beyond the limit the
     * oldest go, as for new bans. A ban already held keeps whichever expires later.
     */
    void restore(List<BannedIp> kept, Instant wallNow) {
        List<BannedIp> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparing(BannedIp::expiresAt));
        for (BannedIp b : sorted) {
            InetAddress k = key(b.ip());
            BannedIp held = bans.get(k);
            if (!b.expiresAt().isAfter(wallNow) || (held != null && !held.expiresAt().isBefore(b.expiresAt()))) {
                continue;
            }
            // no longer than a ban made now: a shorter ban_duration applies to kept bans too, and keeps
            // every later ban expiring after them (insertion order = expiry order)
            Instant until = b.expiresAt().isAfter(wallNow.plus(duration)) ? wallNow.plus(duration) : b.expiresAt();
            bans.remove(k);
            bans.put(k, new BannedIp(k, b.bannedAt().isAfter(until) ? until : b.bannedAt(), until));
        }
        List<InetAddress> order = new ArrayList<>(bans.keySet());
        order.sort(Comparator.comparing(ip -> bans.get(ip).expiresAt()));
        LinkedHashMap<InetAddress, BannedIp> inOrder = new LinkedHashMap<>();
        for (InetAddress ip : order) {
            inOrder.put(ip, bans.get(ip));
        }
        bans.clear();
        bans.putAll(inOrder); // insertion order stays expiry order, which expire() relies on
        while (bans.size() > max) {
            Iterator<InetAddress> oldest = bans.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** For the writer: expires the ended bans first. @return the current bans, oldest first */
    List<BannedIp> all(Instant wallNow) {
        expire(wallNow);
        return new ArrayList<>(bans.values());
    }

    /** For the writer: expires the ended bans first. @return whether {@code ip} is banned */
    boolean isBanned(InetAddress ip, Instant wallNow) {
        if (bans.isEmpty()) {
            return false;
        }
        expire(wallNow);
        return bans.containsKey(key(ip));
    }

    /**
     * For readers: does not expire anything.
     *
     * @return the bans in force at {@code wallNow}, oldest first
     */
    List<BannedIp> inForce(Instant wallNow) {
        List<BannedIp> out = new ArrayList<>(bans.size());
        for (BannedIp b : bans.values()) {
            if (b.expiresAt().isAfter(wallNow)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * For readers: does not expire anything.
     *
     * @return whether {@code ip} is banned at {@code wallNow}
     */
    boolean inForceAt(InetAddress ip, Instant wallNow) {
        BannedIp b = bans.isEmpty() ? null : bans.get(key(ip));
        return b != null && b.expiresAt().isAfter(wallNow);
    }

    /**
     * @param ip a canonical IP
     * @return what a ban of it is kept under: an IPv4 address itself, an IPv6 address's /64 (its
     *         first address)
     */
    static InetAddress key(InetAddress ip) {
        return Netgroups.host(ip);
    }

    private void expire(Instant wallNow) {
        Iterator<BannedIp> it = bans.values().iterator();
        while (it.hasNext()) {
            BannedIp ban = it.next();
            if (ban.expiresAt().isAfter(wallNow)) {
                return; // insertion order is expiry order: the rest expire later
            }
            it.remove();
        }
    }
}
