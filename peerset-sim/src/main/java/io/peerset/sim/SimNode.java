package io.peerset.sim;

import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.NodeStorage;
import io.peerset.wire.PeerAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * One simulated host's node across its restarts: its address, its storage (which outlives a stop
 * when it restarts with its state), the running node, and what the simulation observes of it from its
 * peer set's events (which run on the virtual clock, so no locks).
 */
final class SimNode {

    final int id;
    final PeerAddress address;
    /** Index of its adversary group, or -1 for an honest node. */
    final int group;
    final NodeStorage storage = NodeStorage.inMemory();
    PeerSetNode node;
    int target;
    /** Virtual nanoTime of its (latest) start. */
    long startedAt = -1;
    /**
     * Virtual nanos from its start to the first time its outbound peers reached its target, or -1;
     * a restart before that counts from the restart.
     */
    long timeToTarget = -1;
    final Set<PeerAddress> outbound = new LinkedHashSet<>();
    final Set<PeerAddress> inbound = new LinkedHashSet<>();
    long routed;
    long routedToAdversary;
    /** Adversaries among {@link #outbound} and {@link #inbound}. */
    int adversaryPeers;
    /**
     * The adversary share of its peers at each routed request, summed: divided by {@link #routed}, the
     * share of requests the adversaries would get if routing ignored speed (issue 16 §1.7).
     */
    double adversarySlotShareAtRouting;
    /** The three routing counters at the last sample, and their growth over the interval before it. */
    private long routedMark;
    private long routedToAdversaryMark;
    private double slotShareMark;
    long windowRouted;
    long windowRoutedToAdversary;
    double windowSlotShare;

    /** Closes a sampling interval: the routing counters' growth over it becomes the window figures. */
    void markWindow() {
        windowRouted = routed - routedMark;
        windowRoutedToAdversary = routedToAdversary - routedToAdversaryMark;
        windowSlotShare = adversarySlotShareAtRouting - slotShareMark;
        routedMark = routed;
        routedToAdversaryMark = routedToAdversary;
        slotShareMark = adversarySlotShareAtRouting;
    }
    /** Handshakes that ended in the peer set (both directions). */
    long handshakesOk;
    /** What ended the others, by direction and code ("outbound.timeout", "rejected.per-ip-limit", ...). */
    final TreeMap<String, Long> handshakeFailures = new TreeMap<>();

    SimNode(int id, PeerAddress address, int group) {
        this.id = id;
        this.address = address;
        this.group = group;
    }

    boolean honest() {
        return group < 0;
    }

    boolean running() {
        return node != null;
    }

    /** Applies one of its node's events (failed dials and handshakes, inbound connections dropped). */
    void observe(NodeEvent event) {
        if (event instanceof NodeEvent.HandshakeFailed f) {
            handshakeFailures.merge((f.inbound() ? "inbound." : "outbound.") + f.reason().code(), 1L, Long::sum);
        } else if (event instanceof NodeEvent.InboundDropped d) {
            handshakeFailures.merge("dropped." + d.reason().code(), 1L, Long::sum);
        }
    }

    /** Applies one of its peer set's events. */
    void observe(PeerSetEvent event, World world) {
        if (event instanceof PeerSetEvent.PeerRejected rejected) {
            handshakeFailures.merge("rejected." + rejected.reason().code(), 1L, Long::sum);
        } else if (event instanceof PeerSetEvent.PeerAdded added) {
            handshakesOk++;
            boolean isNew = added.inbound() ? inbound.add(added.peer()) : outbound.add(added.peer());
            if (isNew && world.isAdversary(added.peer())) {
                adversaryPeers++;
            }
            if (!added.inbound()) {
                if (timeToTarget < 0 && outbound.size() >= target) {
                    timeToTarget = world.clock.nanoTime() - startedAt;
                }
            }
        } else if (event instanceof PeerSetEvent.PeerRemoved removed) {
            boolean was = outbound.remove(removed.peer()) || inbound.remove(removed.peer());
            if (was && world.isAdversary(removed.peer())) {
                adversaryPeers--;
            }
        } else if (event instanceof PeerSetEvent.Routed routedEvent) {
            int peers = outbound.size() + inbound.size();
            if (peers > 0) {
                adversarySlotShareAtRouting += (double) adversaryPeers / peers;
            }
            routed++;
            if (world.isAdversary(routedEvent.peer())) {
                routedToAdversary++;
            }
        }
    }

    /** Forgets its connections (it stopped); its storage stays. */
    void stopped() {
        outbound.clear();
        inbound.clear();
        adversaryPeers = 0;
        node = null;
    }
}
