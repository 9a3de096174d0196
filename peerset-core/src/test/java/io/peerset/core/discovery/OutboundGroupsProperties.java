package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundGroupsProperties {

    /** Addresses in 4 /16s (and two loopback ports), so that groups fill up. */
    private static PeerAddress address(int i) {
        int k = Math.floorMod(i, 40);
        return k >= 38 ? PeerAddress.parse("127.0.0.1:" + (18_000 + k))
                : PeerAddress.parse("11." + (k % 4) + "." + (k / 4) + ".1:8233");
    }

    /**
     * Any sequence of occupy and release: a group never holds more than the limit, an occupy
     * succeeds exactly when its group has room, and the counts are those of a plain model.
     */
    @Test
    void aGroupNeverHoldsMoreThanTheLimit() {
        qt().withExamples(300).forAll(lists().of(integers().between(-40, 39)).ofSizeBetween(0, 200), integers().between(0, 3))
                .checkAssert((ops, max) -> {
                    OutboundGroups groups = new OutboundGroups(Netgroups.defaults(), max);
                    Map<Netgroup, Integer> model = new HashMap<>();
                    List<PeerAddress> held = new ArrayList<>();
                    for (int op : ops) {
                        if (op >= 0) {
                            PeerAddress a = address(op);
                            Netgroup g = Netgroups.defaults().of(a);
                            boolean room = max == 0 || model.getOrDefault(g, 0) < max;
                            assertThat(groups.tryOccupy(a)).isEqualTo(room);
                            if (room) {
                                model.merge(g, 1, Integer::sum);
                                held.add(a);
                            }
                        } else if (!held.isEmpty()) {
                            PeerAddress a = held.remove(Math.floorMod(op, held.size()));
                            groups.release(a);
                            model.merge(Netgroups.defaults().of(a), -1, Integer::sum);
                        }
                        model.forEach((g, n) -> {
                            assertThat(groups.count(g)).isEqualTo(n);
                            if (max > 0) {
                                assertThat(n).isLessThanOrEqualTo(max);
                            }
                        });
                    }
                    held.forEach(groups::release);
                    assertThat(groups.snapshot()).isEmpty();
                });
    }

    @Test
    void loopbackPortsAreGroupsOfTheirOwn() {
        OutboundGroups groups = new OutboundGroups(Netgroups.defaults(), 1);
        assertThat(groups.tryOccupy(PeerAddress.parse("127.0.0.1:1"))).isTrue();
        assertThat(groups.tryOccupy(PeerAddress.parse("127.0.0.1:2"))).isTrue();
        assertThat(groups.tryOccupy(PeerAddress.parse("127.0.0.1:1"))).isFalse();
    }

    @Test
    void anUnbalancedReleaseIsABug() {
        OutboundGroups groups = new OutboundGroups(Netgroups.defaults(), 1);
        assertThatThrownBy(() -> groups.release(PeerAddress.parse("11.5.0.1:8233")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("11.5.0.0/16");
        assertThatThrownBy(() -> new OutboundGroups(Netgroups.defaults(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPerGroup: -1");
    }
}
