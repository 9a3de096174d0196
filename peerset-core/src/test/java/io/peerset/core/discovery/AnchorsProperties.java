package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.PeerSetEvent;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnchorsProperties {

    /** 30 addresses in 5 /16s; those with third octet 3 have a misbehaviour score. */
    private static PeerAddress address(int i) {
        int k = Math.floorMod(i, 30);
        return PeerAddress.parse("11." + (k % 5) + "." + (k / 5) + ".1:8233");
    }

    private static int score(PeerAddress a) {
        return a.ip().getAddress()[2] == 3 ? 10 : 0;
    }

    /**
     * Any sequence of outbound and inbound peers joining and leaving: the anchors are at most the
     * count, connected outbound peers, one per group, none with a score, and the oldest such — a
     * plain model picks the same.
     */
    @Test
    void theAnchorsAreTheOldestWellBehavedOutboundPeersOnePerGroup() {
        qt().withExamples(300).forAll(lists().of(integers().between(-90, 89)).ofSizeBetween(0, 150), integers().between(0, 8))
                .checkAssert((ops, count) -> {
                    Anchors anchors = new Anchors(count, Netgroups.defaults());
                    Set<PeerAddress> model = new LinkedHashSet<>(); // outbound, oldest first
                    Set<PeerAddress> connected = new HashSet<>();
                    for (int op : ops) {
                        PeerAddress a = address(op);
                        if (op >= 0 && connected.add(a)) {
                            boolean inbound = op >= 60;
                            anchors.onEvent(new PeerSetEvent.PeerAdded(a, inbound, 170_140));
                            if (!inbound) {
                                model.add(a);
                            }
                        } else if (op < 0 && connected.remove(a)) {
                            anchors.onEvent(new PeerSetEvent.PeerRemoved(a, PeerSetEvent.RemovalReason.FAILED,
                                    Optional.empty()));
                            model.remove(a);
                        }
                    }
                    List<PeerAddress> expected = new ArrayList<>();
                    Set<Netgroup> groups = new HashSet<>();
                    for (PeerAddress a : model) {
                        if (expected.size() < count && score(a) == 0 && groups.add(Netgroups.defaults().of(a))) {
                            expected.add(a);
                        }
                    }
                    List<PeerAddress> chosen = anchors.choose(AnchorsProperties::score);
                    assertThat(chosen).isEqualTo(expected);
                    assertThat(chosen).hasSizeLessThanOrEqualTo(count).allMatch(model::contains)
                            .allMatch(a -> score(a) == 0);
                    assertThat(chosen.stream().map(Netgroups.defaults()::of).distinct()).hasSameSizeAs(chosen);
                });
    }
}
