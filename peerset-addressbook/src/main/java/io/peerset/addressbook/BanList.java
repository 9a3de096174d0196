package io.peerset.addressbook;

import io.peerset.api.BannedIp;
import io.peerset.api.Subnet;
import io.peerset.api.Netgroups;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Operator bans (issue 17, {@code PeerSetNode.ban}) are kept apart: a block of any size, each
 * with its own duration and reason, at most {@link #MAX_OPERATOR_BANS} of them, checked by a scan
 * (they are few, and the check returns at once while there are none). A ban of one IPv6 address
 * covers its /64, as a misbehaviour ban does.
 *
 * <p>Not thread-safe: owned by {@link AddressBookState}; the writer changes it, readers (under the
 * book's read lock) use only the methods that expire nothing.
 */
final class BanList {

    /** Insertion (= ban time = expiry) ordered. */
    private final LinkedHashMap<InetAddress, BannedIp> bans = new LinkedHashMap<>();
    private final Duration duration;
    private final int max;
    /** Operator bans by block, in the order they were set (not expiry order: durations differ). */
    private final LinkedHashMap<Subnet, BannedIp> operator = new LinkedHashMap<>();

    /** The most operator bans held at once: each is checked by a scan at every connection. */
    static final int MAX_OPERATOR_BANS = 1_000;
    /** The longest operator ban: 3,650 days (bitcoind's setban takes any; a bound keeps instants sane). */
    static final Duration MAX_OPERATOR_BAN = Duration.ofDays(3_650);

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
    BannedIp ban(InetAddress ip, Instant wallNow, String reason) {
        InetAddress key = key(ip);
        Instant at = Instant.ofEpochSecond(wallNow.getEpochSecond());
        BannedIp ban = new BannedIp(key, key.getAddress().length == 4 ? 32 : 64, at, at.plus(duration),
                BannedIp.reason(reason), false);
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
     * An operator's ban of {@code block} for {@code length}, replacing one of the same block; one IPv6
     * address (or any block narrower than /64) is widened to its /64.
     *
     * @return the ban
     * @throws IllegalArgumentException if {@code length} is not positive or longer than {@link #MAX_OPERATOR_BAN}
     * @throws IllegalStateException    if {@link #MAX_OPERATOR_BANS} other blocks are banned already
     */
    BannedIp banByOperator(Subnet block, Duration length, String reason, Instant wallNow) {
        Subnet b = widened(block);
        if (length.compareTo(Duration.ofSeconds(1)) < 0 || length.compareTo(MAX_OPERATOR_BAN) > 0) {
            throw new IllegalArgumentException("duration: " + length + " (expected: 1 s to " + MAX_OPERATOR_BAN.toDays()
                    + " days)");
        }
        expire(wallNow);
        if (!operator.containsKey(b) && operator.size() >= MAX_OPERATOR_BANS) {
            throw new IllegalStateException("operator bans: " + operator.size() + " (expected: fewer than "
                    + MAX_OPERATOR_BANS + "; unban some or ban a wider block)");
        }
        Instant at = Instant.ofEpochSecond(wallNow.getEpochSecond());
        // from now, not from the whole second the ban is dated (a 1 s ban lasts at least a second), to
        // the next whole second: what is shown and kept stays readable
        Instant end = wallNow.plus(length);
        Instant until = end.getNano() == 0 ? end : Instant.ofEpochSecond(end.getEpochSecond() + 1);
        BannedIp ban = new BannedIp(b.network(), b.prefixLength(), at, until, BannedIp.reason(reason), true);
        operator.remove(b);
        operator.put(b, ban);
        return ban;
    }

    /**
     * Ends the operator's ban of {@code block} and, when the block is one address (or an IPv6 /64),
     * the misbehaviour ban of that address.
     *
     * @return whether a ban ended
     */
    boolean unban(Subnet block) {
        Subnet b = widened(block);
        boolean ended = operator.remove(b) != null;
        if (b.prefixLength() == (b.network().getAddress().length == 4 ? 32 : 64)) {
            ended |= bans.remove(key(b.network())) != null;
        }
        return ended;
    }

    /** @return {@code block}, or its /64 when it is an IPv6 block narrower than that */
    static Subnet widened(Subnet block) {
        if (block.network().getAddress().length == 16 && block.prefixLength() > 64) {
            return new Subnet(key(block.network()), 64);
        }
        return block;
    }

    /**
     * Puts back bans kept from an earlier run (issue 16 §1.5), oldest first, skipping those ended at
     * {@code wallNow} and shortening any that would outlast a ban made now; beyond the limit the
     * oldest go, as for new bans. A ban already held keeps whichever expires later.
     */
    void restore(List<BannedIp> kept, Instant wallNow) {
        for (BannedIp b : kept) {
            if (b.byOperator() && b.expiresAt().isAfter(wallNow) && operator.size() < MAX_OPERATOR_BANS) {
                // its own duration, at most the longest an operator can set now; a narrower IPv6 block (a
                // hand-edited file) widened to its /64 as a new ban would be, so that unban finds it
                Subnet block = widened(b.subnet());
                Instant until = b.expiresAt().isAfter(wallNow.plus(MAX_OPERATOR_BAN)) ? wallNow.plus(MAX_OPERATOR_BAN)
                        : b.expiresAt();
                operator.put(block, new BannedIp(block.network(), block.prefixLength(),
                        b.bannedAt().isAfter(until) ? until : b.bannedAt(), until, b.reason(), true));
            }
        }
        List<BannedIp> sorted = new ArrayList<>(kept);
        sorted.removeIf(BannedIp::byOperator);
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
            bans.put(k, new BannedIp(k, k.getAddress().length == 4 ? 32 : 64, b.bannedAt().isAfter(until) ? until
                    : b.bannedAt(), until, b.reason(), false));
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
        List<BannedIp> out = new ArrayList<>(bans.values());
        out.addAll(operator.values());
        return out;
    }

    /** For the writer: expires the ended bans first. @return whether {@code ip} is banned */
    boolean isBanned(InetAddress ip, Instant wallNow) {
        if (bans.isEmpty() && operator.isEmpty()) {
            return false;
        }
        expire(wallNow);
        return bans.containsKey(key(ip)) || byOperator(ip, wallNow);
    }

    /** @return whether an operator's ban in force at {@code wallNow} covers {@code ip} */
    private boolean byOperator(InetAddress ip, Instant wallNow) {
        for (Map.Entry<Subnet, BannedIp> e : operator.entrySet()) { // the key: no Subnet built per check
            if (e.getValue().expiresAt().isAfter(wallNow) && e.getKey().contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For readers: does not expire anything.
     *
     * @return the bans in force at {@code wallNow}, oldest first
     */
    List<BannedIp> inForce(Instant wallNow) {
        List<BannedIp> out = new ArrayList<>(bans.size() + operator.size());
        for (BannedIp b : bans.values()) {
            if (b.expiresAt().isAfter(wallNow)) {
                out.add(b);
            }
        }
        for (BannedIp b : operator.values()) {
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
        return (b != null && b.expiresAt().isAfter(wallNow)) || (!operator.isEmpty() && byOperator(ip, wallNow));
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
        if (!operator.isEmpty()) {
            operator.values().removeIf(b -> !b.expiresAt().isAfter(wallNow));
        }
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
