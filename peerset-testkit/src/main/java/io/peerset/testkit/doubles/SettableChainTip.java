package io.peerset.testkit.doubles;

import io.peerset.api.ChainTip;
import io.peerset.wire.NetworkUpgrade;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link ChainTip} the test moves: it starts unknown (no height, no active upgrade) and syncing,
 * like a node that has just started; {@link #height}, {@link #upgrade} and {@link #syncing} change
 * what it answers from then on.
 *
 * <p>Threading: thread-safe; each answer is read from a volatile field, so a change is seen by the
 * next read on any thread.
 */
public final class SettableChainTip implements ChainTip {

    private volatile OptionalLong height = OptionalLong.empty();
    private volatile Optional<NetworkUpgrade> upgrade = Optional.empty();
    private volatile boolean syncing = true;

    /** A tip that is unknown (no height, no upgrade) and syncing. */
    public SettableChainTip() {
    }

    /**
     * @param height the best height, not negative
     * @return this
     */
    public SettableChainTip height(long height) {
        if (height < 0) {
            throw new IllegalArgumentException("height: " + height + " (expected: >= 0)");
        }
        this.height = OptionalLong.of(height);
        return this;
    }

    /**
     * Forgets the height and the active upgrade: the tip is unknown again.
     *
     * @return this
     */
    public SettableChainTip unknown() {
        this.height = OptionalLong.empty();
        this.upgrade = Optional.empty();
        return this;
    }

    /**
     * @param upgrade the network upgrade active at the tip
     * @return this
     */
    public SettableChainTip upgrade(NetworkUpgrade upgrade) {
        this.upgrade = Optional.of(java.util.Objects.requireNonNull(upgrade, "upgrade"));
        return this;
    }

    /**
     * Forgets the active upgrade only.
     *
     * @return this
     */
    public SettableChainTip noUpgrade() {
        this.upgrade = Optional.empty();
        return this;
    }

    /**
     * @param syncing whether the node is still catching up (default {@code true})
     * @return this
     */
    public SettableChainTip syncing(boolean syncing) {
        this.syncing = syncing;
        return this;
    }

    @Override
    public OptionalLong bestHeight() {
        return height;
    }

    @Override
    public Optional<NetworkUpgrade> activeUpgrade() {
        return upgrade;
    }

    @Override
    public boolean isSyncing() {
        return syncing;
    }

    @Override
    public String toString() {
        return "SettableChainTip[height=" + height + ", upgrade=" + upgrade + ", syncing=" + syncing + "]";
    }
}
