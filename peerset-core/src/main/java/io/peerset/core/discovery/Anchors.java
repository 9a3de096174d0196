package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.AnchorStore;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Anchors (issue 16 §1.6, beyond the reference; Bitcoin Core's {@code anchors.dat}): the node's
 * outbound peers in the order they joined the peer set, so that a closing node can keep the
 * {@code count} it held longest — its most reliable peers, and the ones an attacker who fills the
 * address book later cannot displace — and dial them first at its next start.
 *
 * <p>It also counts the outbound peers connected, whether anchors are kept or not.
 *
 * <p>Chosen oldest first, at most one per {@link Netgroup} (two anchors in one prefix would give one
 * operator both), none with a misbehaviour score: a peer we already hold against does not earn a
 * place ahead of every other candidate.
 *
 * <p>Threading: thread-safe (one lock; the peer set's events arrive on its loop, the choice is made
 * on the closing thread).
 */
public final class Anchors {

    private final int count;
    private final Netgroups grouping;
    /** Outbound peers in the set, oldest first. */
    private final Set<PeerAddress> outbound = new LinkedHashSet<>();

    /**
     * @param count    how many to keep at most; 0 keeps none (the reference); range 0..8
     * @param grouping how addresses group (one anchor per group)
     */
    public Anchors(int count, Netgroups grouping) {
        this.count = Checks.inRange("anchors", count, 0, AnchorStore.MAX_ANCHORS);
        this.grouping = requireNonNull(grouping, "grouping");
    }

    /** @return how many anchors are kept at most */
    public int count() {
        return count;
    }

    /**
     * Follows the peer set: an outbound peer added joins the end of the order, a peer removed leaves it.
     *
     * @param event one of the peer set's events
     * @return whether an outbound peer left
     */
    public boolean onEvent(PeerSetEvent event) {
        if (event instanceof PeerSetEvent.PeerAdded added && !added.inbound()) {
            synchronized (outbound) {
                outbound.add(added.peer());
            }
        } else if (event instanceof PeerSetEvent.PeerRemoved removed) {
            synchronized (outbound) {
                return outbound.remove(removed.peer());
            }
        }
        return false;
    }

    /**
     * @param address an address
     * @return whether it is an outbound peer in the peer set now (an operator's connect is refused then)
     */
    public boolean isOutbound(PeerAddress address) {
        synchronized (outbound) {
            return outbound.contains(address);
        }
    }

    /** @return the outbound peers in the peer set now (the initial dials stop at the target of them) */
    public int connected() {
        synchronized (outbound) {
            return outbound.size();
        }
    }

    /**
     * @param misbehaviour an address's misbehaviour score (0 when the book does not know it)
     * @return up to {@link #count()} outbound peers connected now, longest connected first, one per
     *         network group, none with a misbehaviour score
     */
    public List<PeerAddress> choose(ToIntFunction<PeerAddress> misbehaviour) {
        List<PeerAddress> oldestFirst;
        synchronized (outbound) {
            oldestFirst = new ArrayList<>(outbound);
        }
        List<PeerAddress> chosen = new ArrayList<>(count);
        Set<Netgroup> groups = new HashSet<>();
        for (PeerAddress a : oldestFirst) {
            if (chosen.size() == count) {
                break;
            }
            if (misbehaviour.applyAsInt(a) == 0 && groups.add(grouping.of(a))) {
                chosen.add(a);
            }
        }
        return chosen;
    }
}
