package io.peerset.core.set;

import io.peerset.api.PeerSetEvent;
import io.peerset.api.Response;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Broadcast routing (reference 5.4): advertisements go to a random third of the ready peers, or
 * (for {@code AdvertiseBlockToAll}) to every ready peer now and to every other peer when it becomes
 * ready. peerset has no zcashd-sidecar mode (5.8), so {@code AdvertiseBlock} and
 * {@code PushTransaction} go to a random third like {@code AdvertiseTransactionIds}.
 *
 * <p>Runs on the peer-set loop only.
 */
final class Broadcasts {

    /** A broadcast: completes {@code Nil} once every send has finished, whatever its outcome. */
    static class Broadcast {
        final Call<?> call;
        int outstanding;
        boolean sealed;

        Broadcast(Call<?> call) {
            this.call = call;
        }

        void sent() {
            outstanding++;
        }

        void finished() {
            outstanding--;
            completeIfDone();
        }

        void seal() {
            sealed = true;
            completeIfDone();
        }

        void completeIfDone() {
            if (sealed && outstanding == 0) {
                call.answer(new Response.Nil(), null);
            }
        }
    }

    /** {@code AdvertiseBlockToAll}: also waits for the late deliveries to busy peers. */
    static final class BroadcastAll extends Broadcast {
        final Set<PeerAddress> later = new HashSet<>();

        BroadcastAll(Call<?> call) {
            super(call);
        }

        @Override
        void completeIfDone() {
            if (later.isEmpty()) {
                super.completeIfDone();
            }
        }
    }

    private final DefaultPeerSet set;
    private final Router router;
    private final PeerIndex index;
    private final WaitingQueue waiting;
    private final RandomGenerator random;
    private final boolean everyReadyPeer;
    /** The {@code AdvertiseBlockToAll} still waiting for peers that were not ready, or null. */
    private BroadcastAll broadcastAll;

    Broadcasts(DefaultPeerSet set, Router router, PeerIndex index, WaitingQueue waiting, RandomGenerator random,
               Network network) {
        this.set = set;
        this.router = router;
        this.index = index;
        this.waiting = waiting;
        this.random = random;
        this.everyReadyPeer = network.magic() == Network.REGTEST_MAGIC;
    }

    /** Section 5.4: ceil(ready / 3) random ready peers (every ready peer on Regtest), ignoring load. */
    void toSome(Call<?> c) {
        if (!router.dropUnusableReady()) {
            waiting.park(c);
            return;
        }
        int readyNow = index.readyCount();
        int count = everyReadyPeer ? readyNow : (readyNow + 2) / 3;
        PeerEntry[] chosen = index.readyCopy();
        for (int i = 0; i < count; i++) { // partial Fisher-Yates: a uniform random subset
            int j = i + random.nextInt(readyNow - i);
            PeerEntry t = chosen[i];
            chosen[i] = chosen[j];
            chosen[j] = t;
        }
        waiting.release(c);
        Broadcast b = new Broadcast(c);
        long now = router.clock.nanoTime();
        List<PeerAddress> to = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            to.add(chosen[i].address);
            b.sent();
            router.dispatch(chosen[i], c.request, b, false, null, now);
        }
        set.emit(new PeerSetEvent.Broadcast(c.request, readyNow, to, 0));
        b.seal();
    }

    /** Section 5.4 {@code AdvertiseBlockToAll}: every ready peer now, the others when they become ready. */
    void toAll(Call<?> c) {
        if (!router.dropUnusableReady()) {
            waiting.park(c);
            return;
        }
        abandon(); // superseded: its late deliveries are abandoned
        waiting.release(c);
        BroadcastAll b = new BroadcastAll(c);
        for (PeerEntry e : index.all()) {
            if (e.readyIndex < 0) {
                b.later.add(e.address);
            }
        }
        PeerEntry[] now = index.readyCopy();
        long t = router.clock.nanoTime();
        List<PeerAddress> to = new ArrayList<>(now.length);
        for (PeerEntry e : now) {
            to.add(e.address);
            b.sent();
            router.dispatch(e, c.request, b, false, null, t);
        }
        set.emit(new PeerSetEvent.Broadcast(c.request, now.length, to, b.later.size()));
        if (!b.later.isEmpty()) {
            broadcastAll = b;
        }
        b.seal();
    }

    /**
     * Delivers the queued {@code AdvertiseBlockToAll} to a peer that just became ready.
     *
     * @return whether the peer took it (and is busy now)
     */
    boolean deliverLate(PeerEntry e) {
        BroadcastAll b = broadcastAll;
        if (b == null || !b.later.remove(e.address)) {
            return false;
        }
        // reference 5.4: the answer waits for late deliveries to be dispatched, not to finish
        router.dispatch(e, b.call.request, null, false, null, router.clock.nanoTime());
        if (b.later.isEmpty()) {
            broadcastAll = null;
            b.completeIfDone();
        }
        return true;
    }

    /** A peer has left: a late delivery to it will not happen. */
    void peerRemoved(PeerEntry e) {
        if (broadcastAll != null && broadcastAll.later.remove(e.address)) {
            BroadcastAll b = broadcastAll;
            if (b.later.isEmpty()) {
                broadcastAll = null;
            }
            b.completeIfDone();
        }
    }

    /** Gives up the late deliveries of the pending {@code AdvertiseBlockToAll}, if any (it completes). */
    void abandon() {
        if (broadcastAll != null) {
            BroadcastAll old = broadcastAll;
            broadcastAll = null;
            old.later.clear();
            old.completeIfDone();
        }
    }
}
