package io.peerset.core.set;

import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.core.common.PeerSetContext;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.testkit.doubles.FakePeer;
import io.peerset.testkit.doubles.FakeAddressBook;
import io.peerset.testkit.doubles.SettableChainTip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/** A peer set on a virtual scheduler (its loop too), the testkit's fake address book and settable chain tip, every event recorded. */
final class SetHarness {

    final VirtualScheduler scheduler = new VirtualScheduler();
    final FakeAddressBook book = new FakeAddressBook();
    final List<PeerSetEvent> events = new ArrayList<>();
    final SettableChainTip tip = new SettableChainTip();
    final DefaultPeerSet set;

    SetHarness() {
        this(PeerSetConfig.builder(Network.MAINNET).build(), 1);
    }

    SetHarness(PeerSetConfig config, long seed) {
        set = DefaultPeerSet.create(config, PeerSetContext.builder(scheduler, new SplittableRandom(seed), scheduler)
                .chainTip(tip).addressBook(book).listener(events::add).loopSpins(0).build());
    }

    FakePeer add(FakePeer peer) {
        set.addPeer(peer);
        scheduler.runUntilIdle();
        return peer;
    }

    <R extends Response> CompletableFuture<R> call(Request<R> request) {
        var f = set.call(request);
        scheduler.runUntilIdle();
        return f;
    }

    <T extends PeerSetEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
