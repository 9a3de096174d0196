package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.spi.AddressChange;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The intrusive red-black tree against {@link TreeSet} as the model. */
class RecordTreeTest {

    private static MetaAddr record(int i) {
        return record(i, i % 7);
    }

    /** Record {@code i}, last seen {@code secondsAgo} before the fixtures' start. */
    private static MetaAddr record(int i, int secondsAgo) {
        PeerAddress a = PeerAddress.of(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 8233);
        return MetaAddr.apply(null, new AddressChange.NewGossiped(a, PeerServices.NETWORK,
                Fixtures.START.minusSeconds(secondsAgo)), Fixtures.START, 0).orElseThrow();
    }

    @Test
    void replacingRecordsInPlaceOrNotKeepsTheInvariantsAndTheModelsOrder() {
        // each op: a record index (0..59) and the seconds ago it was last seen (0..9): with 60
        // records over 10 last-seen values, some replacements keep the node, others move it
        qt().withExamples(300).forAll(lists().of(integers().between(0, 599)).ofSizeBetween(1, 300))
                .checkAssert(ops -> {
                    MetaAddr[] current = new MetaAddr[60];
                    RecordTree tree = new RecordTree(RecordTree.Links.ORDER, 0, ReconnectionOrder.INSTANCE);
                    RecordTree waiting = new RecordTree(RecordTree.Links.WAIT, 1, ReconnectionOrder.INSTANCE);
                    TreeSet<MetaAddr> model = new TreeSet<>(ReconnectionOrder.INSTANCE);
                    for (int i = 0; i < current.length; i += 2) {
                        current[i] = record(i);
                        tree.insert(current[i]);
                        waiting.insert(current[i]);
                        model.add(current[i]);
                    }
                    for (int op : ops) {
                        int i = op % 60;
                        MetaAddr next = record(i, op / 60);
                        MetaAddr prev = current[i];
                        if (prev == null) {
                            tree.insert(next);
                            waiting.insert(next);
                        } else {
                            tree.replace(prev, next);
                            waiting.replace(prev, next);
                            model.remove(prev);
                            assertThat(tree.contains(prev)).isFalse();
                            assertThat(waiting.contains(prev)).isFalse();
                        }
                        model.add(next);
                        current[i] = next;
                        assertThat(tree.verify()).isEqualTo(model.size());
                        assertThat(waiting.verify()).isEqualTo(model.size());
                        assertThat(tree.contains(next)).isTrue();
                        assertThat(waiting.contains(next)).isTrue();
                    }
                    List<MetaAddr> walked = new ArrayList<>();
                    for (MetaAddr n = waiting.first(); n != null; n = waiting.next(n)) {
                        walked.add(n);
                    }
                    assertThat(walked).containsExactlyElementsOf(model);
                    List<MetaAddr> backwards = new ArrayList<>();
                    for (MetaAddr n = tree.last(); n != null; n = tree.previous(n)) {
                        backwards.add(n);
                    }
                    assertThat(backwards).containsExactlyElementsOf(model.descendingSet());
                });
    }

    @Test
    void randomInsertsAndRemovesKeepTheInvariantsAndTheModelsOrder() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 299)).ofSizeBetween(1, 400))
                .checkAssert(ops -> {
                    MetaAddr[] records = new MetaAddr[300];
                    for (int i = 0; i < records.length; i++) {
                        records[i] = record(i);
                    }
                    RecordTree tree = new RecordTree(RecordTree.Links.ORDER, 0, ReconnectionOrder.INSTANCE);
                    RecordTree waiting = new RecordTree(RecordTree.Links.WAIT, 1, ReconnectionOrder.INSTANCE);
                    TreeSet<MetaAddr> model = new TreeSet<>(ReconnectionOrder.INSTANCE);
                    for (int op : ops) {
                        MetaAddr r = records[op];
                        if (model.contains(r)) {
                            tree.remove(r);
                            waiting.remove(r);
                            model.remove(r);
                        } else {
                            tree.insert(r);
                            waiting.insert(r);
                            model.add(r);
                        }
                        assertThat(tree.verify()).isEqualTo(model.size());
                        assertThat(waiting.verify()).isEqualTo(model.size());
                        assertThat(tree.contains(r)).isEqualTo(model.contains(r));
                        assertThat(waiting.contains(r)).isEqualTo(model.contains(r));
                    }
                    List<MetaAddr> walked = new ArrayList<>();
                    for (MetaAddr n = tree.first(); n != null; n = tree.next(n)) {
                        walked.add(n);
                    }
                    assertThat(walked).containsExactlyElementsOf(model);
                    assertThat(tree.first()).isEqualTo(model.isEmpty() ? null : model.first());
                    assertThat(tree.last()).isEqualTo(model.isEmpty() ? null : model.last());
                    assertThat(tree.isEmpty()).isEqualTo(model.isEmpty());
                });
    }

    @Test
    void aRecordCannotBeIndexedTwice() {
        RecordTree tree = new RecordTree(RecordTree.Links.ORDER, 0, ReconnectionOrder.INSTANCE);
        MetaAddr r = record(1);
        tree.insert(r);
        assertThatThrownBy(() -> tree.insert(r)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RecordTree(RecordTree.Links.WAIT, 0, ReconnectionOrder.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
