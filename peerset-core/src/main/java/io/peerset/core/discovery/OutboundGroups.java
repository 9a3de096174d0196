package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outbound diversity (issue 16 §1.2): how many outbound peers — connected, or being dialled — each
 * {@link Netgroup} holds, and at most {@code maxPerGroup} of them. The crawler and the initial dials
 * {@link #tryOccupy} a group before they dial (the crawler from inside the address book's choice, so
 * choice and reservation are one step) and {@link #release} it when the dial fails or the connection
 * ends.
 *
 * <p>When every ready candidate is in a full group, the slot stays empty until a candidate in
 * another group turns up (Bitcoin Core does the same): relaxing the limit would hand the slots to
 * exactly the attacker it exists for, whose many addresses sit in few prefixes. Loopback and
 * non-routed addresses are groups of their own ({@link Netgroups}), so tests, {@code peerset demo}
 * and private networks are not limited.
 *
 * <p>Threading: thread-safe (one lock, held for a map update).
 */
public final class OutboundGroups {

    private final Netgroups grouping;
    private final int maxPerGroup;
    private final Map<Netgroup, Integer> held = new HashMap<>();

    /**
     * @param grouping    how addresses group
     * @param maxPerGroup the most outbound peers per group; 0 for no limit (the reference); range 0..10,000
     */
    public OutboundGroups(Netgroups grouping, int maxPerGroup) {
        this.grouping = requireNonNull(grouping, "grouping");
        this.maxPerGroup = Checks.inRange("maxPerGroup", maxPerGroup, 0, 10_000);
    }

    /**
     * @param address an address
     * @return its group
     */
    public Netgroup groupOf(PeerAddress address) {
        return grouping.of(address);
    }

    /**
     * Counts an outbound peer in {@code address}'s group if the group has room.
     *
     * @param address the address about to be dialled
     * @return whether it was counted (then {@link #release} it exactly once)
     */
    public boolean tryOccupy(PeerAddress address) {
        Netgroup g = grouping.of(address);
        synchronized (held) {
            int n = held.getOrDefault(g, 0);
            if (maxPerGroup > 0 && n >= maxPerGroup) {
                return false;
            }
            held.put(g, n + 1);
            return true;
        }
    }

    /**
     * Counts an outbound peer in {@code address}'s group whatever the count: for a dial that did not
     * go through {@link #tryOccupy} (a candidate from a book that cannot filter), so that
     * {@link #release} stays balanced.
     *
     * @param address the address about to be dialled
     */
    public void forceOccupy(PeerAddress address) {
        Netgroup g = grouping.of(address);
        synchronized (held) {
            held.merge(g, 1, Integer::sum);
        }
    }

    /** @param address an address {@link #tryOccupy} counted, whose dial failed or connection ended */
    public void release(PeerAddress address) {
        Netgroup g = grouping.of(address);
        synchronized (held) {
            Integer n = held.get(g);
            if (n == null) {
                throw new IllegalStateException("release of " + g + ", which holds no outbound peer");
            }
            if (n == 1) {
                held.remove(g);
            } else {
                held.put(g, n - 1);
            }
        }
    }

    /**
     * @param group a group
     * @return how many outbound peers it holds now
     */
    public int count(Netgroup group) {
        synchronized (held) {
            return held.getOrDefault(group, 0);
        }
    }

    /** @return every group holding an outbound peer, with its count, ordered by the group's text */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        synchronized (held) {
            held.forEach((g, n) -> out.put(g.toString(), n));
        }
        return out;
    }

    @Override
    public String toString() {
        return "OutboundGroups[max " + (maxPerGroup == 0 ? "unlimited" : maxPerGroup) + " per group, " + grouping + "]";
    }
}
