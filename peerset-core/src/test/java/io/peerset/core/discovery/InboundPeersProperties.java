package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Eviction's choice (issue 16 §1.4, Core's SelectNodeToEvict) over random inbound peers. */
class InboundPeersProperties {

    private static final int PROTECTED_AT_MOST = InboundPeers.PROTECT_BY_GROUP + InboundPeers.PROTECT_BY_PING
            + InboundPeers.PROTECT_BY_USE;

    /** A peer from one generated int: its group (of 6), age, ping (or none) and inventory time (or none). */
    private static InboundPeers.Peer peer(int i, int code) {
        PeerAddress address = PeerAddress.parse("11." + (code % 6) + "." + (i / 250) + "." + (1 + i % 250) + ":8233");
        Netgroup g = Netgroups.defaults().of(address);
        InboundPeers.Peer p = new InboundPeers.Peer(address, g, (code % 6) * 7919L, i * 1_000L + (code >>> 20) % 1000,
                null, null);
        int ping = (code >>> 3) % 50;
        p.minRttNanos = ping < 10 ? Long.MAX_VALUE : ping * 1_000_000L + i;
        int inv = (code >>> 9) % 40;
        p.lastInventoryNanos = inv < 30 ? Long.MIN_VALUE : inv * 1_000_000L + i;
        return p;
    }

    @Test
    void evictionNeverTakesAProtectedPeerAndAlwaysFreesASlotWhenItShould() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(0, 130))
                .checkAssert(codes -> {
                    List<InboundPeers.Peer> peers = new ArrayList<>();
                    for (int i = 0; i < codes.size(); i++) {
                        peers.add(peer(i, codes.get(i)));
                    }
                    Optional<InboundPeers.Choice> choice = InboundPeers.choose(new ArrayList<>(peers), p -> false);
                    // frees a slot whenever more peers than the protected classes can hold are connected
                    if (peers.size() > 2 * PROTECTED_AT_MOST) {
                        assertThat(choice).isPresent();
                    }
                    if (peers.size() <= InboundPeers.PROTECT_BY_GROUP) {
                        assertThat(choice.isEmpty() || peers.stream().map(p -> p.group).distinct().count()
                                < peers.size()).isTrue();
                    }
                    if (choice.isEmpty()) {
                        return;
                    }
                    InboundPeers.Peer victim = choice.get().victim();
                    // never the fastest or the latest useful peer
                    peers.stream().filter(p -> p.minRttNanos != Long.MAX_VALUE)
                            .min(Comparator.comparingLong(p -> p.minRttNanos))
                            .ifPresent(fastest -> assertThat(victim).isNotSameAs(fastest));
                    peers.stream().filter(p -> p.lastInventoryNanos != Long.MIN_VALUE)
                            .max(Comparator.comparingLong(p -> p.lastInventoryNanos))
                            .ifPresent(useful -> assertThat(victim).isNotSameAs(useful));
                    // the oldest is protected by age unless the other classes left it alone (Core's rule: half of
                    // the rest, rounded down)
                    InboundPeers.Peer oldest = peers.stream().min(Comparator.comparingLong(p -> p.connectedAt))
                            .orElseThrow();
                    if (peers.size() - choice.get().byGroup() - choice.get().byPing() - choice.get().byUse() >= 2) {
                        assertThat(victim).isNotSameAs(oldest);
                    }
                    // the victim's group is as crowded as any among the unprotected, and it is that group's youngest
                    assertThat(choice.get().groupConnections()).isPositive();
                    assertThat(choice.get().byGroup()).isLessThanOrEqualTo(InboundPeers.PROTECT_BY_GROUP);
                    assertThat(choice.get().byPing()).isLessThanOrEqualTo(InboundPeers.PROTECT_BY_PING);
                    assertThat(choice.get().byUse()).isLessThanOrEqualTo(InboundPeers.PROTECT_BY_USE);
                    int unprotected = peers.size() - choice.get().byGroup() - choice.get().byPing()
                            - choice.get().byUse() - choice.get().byAge();
                    assertThat(choice.get().byAge()).isEqualTo((peers.size() - choice.get().byGroup()
                            - choice.get().byPing() - choice.get().byUse()) / 2);
                    assertThat(choice.get().groupConnections()).isLessThanOrEqualTo(unprotected);
                });
    }

    @Test
    void aDiscouragedPeerIsEvictedFirstWhateverProtectsIt() {
        qt().forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 130),
                integers().between(0, 129)).checkAssert((codes, pick) -> {
                    List<InboundPeers.Peer> peers = new ArrayList<>();
                    for (int i = 0; i < codes.size(); i++) {
                        peers.add(peer(i, codes.get(i)));
                    }
                    InboundPeers.Peer bad = peers.get(pick % peers.size());
                    bad.minRttNanos = 1; // the fastest, which would protect it otherwise
                    assertThat(InboundPeers.choose(new ArrayList<>(peers), p -> p == bad))
                            .hasValueSatisfying(c -> assertThat(c.victim()).isSameAs(bad));
                });
    }

    /** ZIP 201's run-up (issue 17 §3): pre-upgrade peers go first, the youngest of them, after discouraged ones. */
    @Test
    void beforeAnUpgradeTheYoungestPreUpgradePeerIsEvictedFirstAfterDiscouragedOnes() {
        qt().forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(2, 130),
                integers().between(0, Integer.MAX_VALUE)).checkAssert((codes, mask) -> {
                    List<InboundPeers.Peer> peers = new ArrayList<>();
                    for (int i = 0; i < codes.size(); i++) {
                        peers.add(peer(i, codes.get(i)));
                    }
                    java.util.function.Predicate<InboundPeers.Peer> old = p -> ((mask >>> (peers.indexOf(p) % 31)) & 1) == 1;
                    java.util.Optional<InboundPeers.Peer> youngestOld = peers.stream().filter(old)
                            .max(java.util.Comparator.comparingLong(p -> p.connectedAt));
                    java.util.Optional<InboundPeers.Choice> choice = InboundPeers.choose(new ArrayList<>(peers), p -> false, old);
                    if (youngestOld.isPresent()) {
                        assertThat(choice).hasValueSatisfying(c -> assertThat(c.victim()).isSameAs(youngestOld.get()));
                    }
                    InboundPeers.Peer bad = peers.get(0);
                    assertThat(InboundPeers.choose(new ArrayList<>(peers), p -> p == bad, old))
                            .hasValueSatisfying(c -> assertThat(c.victim()).as("discouraged first").isSameAs(bad));
                });
    }
}
