package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import java.util.Comparator;

/**
 * A red-black tree whose nodes are the records themselves (the links live in {@link MetaAddr}), so
 * that removing a record needs no search and indexing it allocates nothing: a record's key changes
 * by replacing the record, which is removed in O(1) amortised rebalancing and the new one inserted in
 * O(log n). A {@link java.util.TreeSet} would allocate a 40-byte entry per record and search the
 * tree again for every removal; at 100,000 records those two costs dominated the book's write path.
 *
 * <p>The algorithm is the classic one (Cormen et al., "Introduction to Algorithms", chapter 13),
 * with null leaves and the deleted node's place taken by its successor through relinking (records
 * cannot swap keys). Two link sets exist: the order tree ({@code ORDER}) holds every record; the
 * waiting trees share the {@code wait*} links, since a record waits in at most one of them.
 *
 * <p>Not thread-safe: confined to the book's writer.
 */
final class RecordTree {

    /** Which links a tree uses. */
    enum Links { ORDER, WAIT }

    private final Links links;
    private final byte id;
    private final Comparator<MetaAddr> order;
    private MetaAddr root;
    private int size;

    /**
     * @param links which links of the records to use
     * @param id    for {@code WAIT} trees, a non-zero id stored in the record's {@code waitTree}
     * @param order a total order over the records the tree will hold
     */
    RecordTree(Links links, int id, Comparator<MetaAddr> order) {
        this.links = requireNonNull(links, "links");
        this.id = (byte) id;
        Checks.checkArgument(links != Links.WAIT || id != 0, "id: 0 (expected: non-zero for a waiting tree)");
        this.order = requireNonNull(order, "order");
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return root == null;
    }

    /** @return whether {@code n} is in this tree */
    boolean contains(MetaAddr n) {
        return links == Links.ORDER ? n.orderParent != null || root == n : n.waitTree() == id;
    }

    /** @return the first record in the order, or null */
    MetaAddr first() {
        MetaAddr n = root;
        if (n != null) {
            for (MetaAddr l = left(n); l != null; l = left(n)) {
                n = l;
            }
        }
        return n;
    }

    /** @return the last record in the order, or null */
    MetaAddr last() {
        MetaAddr n = root;
        if (n != null) {
            for (MetaAddr r = right(n); r != null; r = right(n)) {
                n = r;
            }
        }
        return n;
    }

    /** @return the record after {@code n}, or null */
    MetaAddr next(MetaAddr n) {
        MetaAddr r = right(n);
        if (r != null) {
            while (left(r) != null) {
                r = left(r);
            }
            return r;
        }
        MetaAddr p = parent(n);
        while (p != null && n == right(p)) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    /** @return the record before {@code n}, or null */
    MetaAddr previous(MetaAddr n) {
        MetaAddr l = left(n);
        if (l != null) {
            while (right(l) != null) {
                l = right(l);
            }
            return l;
        }
        MetaAddr p = parent(n);
        while (p != null && n == left(p)) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    /**
     * Replaces a record of this tree by one that is in no tree of these links: where the order puts
     * {@code next} between {@code prev}'s neighbours, {@code next} takes {@code prev}'s node (its links
     * and colour) with no search and no rebalancing; otherwise {@code prev} is removed and {@code next}
     * inserted. Either way the tree then holds the same records in the same order.
     *
     * <p>Most changes of a record leave it where it was (a book of thousands of records that hears
     * the same addresses again and again), and the two neighbours are found in O(1) amortised.
     *
     * @param prev a record of this tree
     * @param next its replacement
     */
    void replace(MetaAddr prev, MetaAddr next) {
        // Equal keys (a change to fields the order does not read: a heartbeat's ping time and RTT,
        // every few seconds on every connection) keep the place without visiting the neighbours.
        if (order.compare(prev, next) != 0) {
            MetaAddr before = previous(prev);
            MetaAddr after = next(prev);
            if ((before != null && order.compare(before, next) >= 0) || (after != null && order.compare(next, after) >= 0)) {
                remove(prev);
                insert(next);
                return;
            }
        }
        swap(prev, next);
    }

    /** {@code next} takes {@code prev}'s node: its links and colour. */
    private void swap(MetaAddr prev, MetaAddr next) {
        MetaAddr p = parent(prev);
        MetaAddr l = left(prev);
        MetaAddr r = right(prev);
        setParent(next, p);
        setLeft(next, l);
        setRight(next, r);
        setRed(next, red(prev));
        if (p == null) {
            root = next;
        } else if (prev == left(p)) {
            setLeft(p, next);
        } else {
            setRight(p, next);
        }
        if (l != null) {
            setParent(l, next);
        }
        if (r != null) {
            setParent(r, next);
        }
        setParent(prev, null);
        setLeft(prev, null);
        setRight(prev, null);
        if (links == Links.WAIT) {
            prev.waitTree(0);
            next.waitTree(id);
        }
    }

    /**
     * Inserts a record that is in no tree of these links.
     *
     * @param z the record
     */
    void insert(MetaAddr z) {
        MetaAddr y = null;
        MetaAddr x = root;
        int c = 0;
        while (x != null) {
            y = x;
            c = order.compare(z, x);
            if (c == 0) {
                throw new IllegalStateException("record already indexed: " + z);
            }
            x = c < 0 ? left(x) : right(x);
        }
        setParent(z, y);
        setLeft(z, null);
        setRight(z, null);
        setRed(z, true);
        if (y == null) {
            root = z;
        } else if (c < 0) {
            setLeft(y, z);
        } else {
            setRight(y, z);
        }
        if (links == Links.WAIT) {
            z.waitTree(id);
        }
        size++;
        fixAfterInsert(z);
    }

    /**
     * Removes a record of this tree.
     *
     * @param z the record
     */
    void remove(MetaAddr z) {
        MetaAddr x;
        MetaAddr xParent;
        boolean removedRed;
        if (left(z) == null) {
            x = right(z);
            xParent = parent(z);
            removedRed = red(z);
            transplant(z, x);
        } else if (right(z) == null) {
            x = left(z);
            xParent = parent(z);
            removedRed = red(z);
            transplant(z, x);
        } else {
            MetaAddr y = right(z);
            while (left(y) != null) {
                y = left(y);
            }
            removedRed = red(y);
            x = right(y);
            if (parent(y) == z) {
                xParent = y;
            } else {
                xParent = parent(y);
                transplant(y, x);
                setRight(y, right(z));
                setParent(right(y), y);
            }
            transplant(z, y);
            setLeft(y, left(z));
            setParent(left(y), y);
            setRed(y, red(z));
        }
        if (!removedRed) {
            fixAfterRemove(x, xParent);
        }
        setParent(z, null);
        setLeft(z, null);
        setRight(z, null);
        if (links == Links.WAIT) {
            z.waitTree(0);
        }
        size--;
    }

    /** Puts {@code v} (possibly null) where {@code u} was under {@code u}'s parent. */
    private void transplant(MetaAddr u, MetaAddr v) {
        MetaAddr p = parent(u);
        if (p == null) {
            root = v;
        } else if (u == left(p)) {
            setLeft(p, v);
        } else {
            setRight(p, v);
        }
        if (v != null) {
            setParent(v, p);
        }
    }

    private void fixAfterInsert(MetaAddr z) {
        while (red(parent(z))) {
            MetaAddr p = parent(z);
            MetaAddr g = parent(p);
            if (p == left(g)) {
                MetaAddr uncle = right(g);
                if (red(uncle)) {
                    setRed(p, false);
                    setRed(uncle, false);
                    setRed(g, true);
                    z = g;
                } else {
                    if (z == right(p)) {
                        z = p;
                        rotateLeft(z);
                        p = parent(z);
                    }
                    setRed(p, false);
                    setRed(g, true);
                    rotateRight(g);
                }
            } else {
                MetaAddr uncle = left(g);
                if (red(uncle)) {
                    setRed(p, false);
                    setRed(uncle, false);
                    setRed(g, true);
                    z = g;
                } else {
                    if (z == left(p)) {
                        z = p;
                        rotateRight(z);
                        p = parent(z);
                    }
                    setRed(p, false);
                    setRed(g, true);
                    rotateLeft(g);
                }
            }
        }
        setRed(root, false);
    }

    private void fixAfterRemove(MetaAddr x, MetaAddr xParent) {
        while (x != root && !red(x)) {
            if (x == left(xParent)) {
                MetaAddr w = right(xParent);
                if (red(w)) {
                    setRed(w, false);
                    setRed(xParent, true);
                    rotateLeft(xParent);
                    w = right(xParent);
                }
                if (!red(left(w)) && !red(right(w))) {
                    setRed(w, true);
                    x = xParent;
                    xParent = parent(x);
                } else {
                    if (!red(right(w))) {
                        setRed(left(w), false);
                        setRed(w, true);
                        rotateRight(w);
                        w = right(xParent);
                    }
                    setRed(w, red(xParent));
                    setRed(xParent, false);
                    setRed(right(w), false);
                    rotateLeft(xParent);
                    x = root;
                    xParent = null;
                }
            } else {
                MetaAddr w = left(xParent);
                if (red(w)) {
                    setRed(w, false);
                    setRed(xParent, true);
                    rotateRight(xParent);
                    w = left(xParent);
                }
                if (!red(right(w)) && !red(left(w))) {
                    setRed(w, true);
                    x = xParent;
                    xParent = parent(x);
                } else {
                    if (!red(left(w))) {
                        setRed(right(w), false);
                        setRed(w, true);
                        rotateLeft(w);
                        w = left(xParent);
                    }
                    setRed(w, red(xParent));
                    setRed(xParent, false);
                    setRed(left(w), false);
                    rotateRight(xParent);
                    x = root;
                    xParent = null;
                }
            }
        }
        if (x != null) {
            setRed(x, false);
        }
    }

    private void rotateLeft(MetaAddr x) {
        MetaAddr y = right(x);
        setRight(x, left(y));
        if (left(y) != null) {
            setParent(left(y), x);
        }
        transplant(x, y);
        setLeft(y, x);
        setParent(x, y);
    }

    private void rotateRight(MetaAddr x) {
        MetaAddr y = left(x);
        setLeft(x, right(y));
        if (right(y) != null) {
            setParent(right(y), x);
        }
        transplant(x, y);
        setRight(y, x);
        setParent(x, y);
    }

    /**
     * Checks the red-black and order invariants (tests only).
     *
     * @return the number of records
     * @throws IllegalStateException if an invariant is broken
     */
    int verify() {
        if (red(root)) {
            throw new IllegalStateException("red root");
        }
        int[] count = new int[1];
        blackHeight(root, null, count);
        if (count[0] != size) {
            throw new IllegalStateException("size " + size + " but " + count[0] + " records");
        }
        MetaAddr prev = null;
        for (MetaAddr n = first(); n != null; n = next(n)) {
            if (prev != null && order.compare(prev, n) >= 0) {
                throw new IllegalStateException("out of order: " + prev + " then " + n);
            }
            prev = n;
        }
        return size;
    }

    private int blackHeight(MetaAddr n, MetaAddr parent, int[] count) {
        if (n == null) {
            return 1;
        }
        count[0]++;
        if (parent(n) != parent) {
            throw new IllegalStateException("bad parent link at " + n);
        }
        if (red(n) && (red(left(n)) || red(right(n)))) {
            throw new IllegalStateException("red node with a red child: " + n);
        }
        int l = blackHeight(left(n), n, count);
        int r = blackHeight(right(n), n, count);
        if (l != r) {
            throw new IllegalStateException("black heights differ at " + n);
        }
        return l + (red(n) ? 0 : 1);
    }

    // ---- link access (one branch on a final field, which the JIT folds per tree) ----

    private MetaAddr left(MetaAddr n) {
        return links == Links.ORDER ? n.orderLeft : n.waitLeft;
    }

    private MetaAddr right(MetaAddr n) {
        return links == Links.ORDER ? n.orderRight : n.waitRight;
    }

    private MetaAddr parent(MetaAddr n) {
        return links == Links.ORDER ? n.orderParent : n.waitParent;
    }

    private boolean red(MetaAddr n) {
        return n != null && (links == Links.ORDER ? n.orderRed() : n.waitRed());
    }

    private void setLeft(MetaAddr n, MetaAddr v) {
        if (links == Links.ORDER) {
            n.orderLeft = v;
        } else {
            n.waitLeft = v;
        }
    }

    private void setRight(MetaAddr n, MetaAddr v) {
        if (links == Links.ORDER) {
            n.orderRight = v;
        } else {
            n.waitRight = v;
        }
    }

    private void setParent(MetaAddr n, MetaAddr v) {
        if (links == Links.ORDER) {
            n.orderParent = v;
        } else {
            n.waitParent = v;
        }
    }

    private void setRed(MetaAddr n, boolean red) {
        if (links == Links.ORDER) {
            n.orderRed(red);
        } else {
            n.waitRed(red);
        }
    }
}
