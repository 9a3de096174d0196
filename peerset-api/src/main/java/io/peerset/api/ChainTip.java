package io.peerset.api;

import io.peerset.api.internal.Checks;
import io.peerset.wire.NetworkUpgrade;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The application's view of its best chain, read by the handshake: the start height we announce
 * (reference section 6.2), the minimum peer version (section 5.5: the network upgrade active at the
 * tip) and whether we are still syncing (section 6.3: outbound peers must then serve blocks).
 *
 * <p>Implementations are thread-safe and answer quickly: they are read on connection threads.
 */
public interface ChainTip {

    /** @return the best chain tip height, empty while unknown (we then announce 0) */
    OptionalLong bestHeight();

    /** @return the network upgrade active at the tip, empty while unknown */
    default Optional<NetworkUpgrade> activeUpgrade() {
        return Optional.empty();
    }

    /**
     * Whether we are still catching up: by Zebra's rule, the tip is unknown or more than
     * {@value PeerSetConstants#AT_OR_NEAR_TIP_THRESHOLD} blocks behind the estimated network tip.
     * While syncing, outbound peers must serve blocks ({@code NODE_NETWORK}).
     *
     * <p>The default is {@code true}, the safe answer: a chain tip that knows its height but not
     * how far behind the network it is must not switch that requirement off. Override it once the
     * application can compare its height with the network's (zebrad estimates the network tip
     * from the time since the tip block).
     *
     * @return whether we are syncing
     */
    default boolean isSyncing() {
        return true;
    }

    /** @return a tip that is never known: start height 0, syncing */
    static ChainTip unknown() {
        return Unknown.INSTANCE;
    }

    /**
     * @param height  the tip height, not negative
     * @param upgrade the network upgrade active at that height
     * @param syncing whether we are still catching up
     * @return a tip that never moves (tests, tools)
     */
    static ChainTip fixed(long height, NetworkUpgrade upgrade, boolean syncing) {
        Checks.notNegative("height", height);
        Objects.requireNonNull(upgrade, "upgrade");
        return new ChainTip() {
            @Override
            public OptionalLong bestHeight() {
                return OptionalLong.of(height);
            }

            @Override
            public Optional<NetworkUpgrade> activeUpgrade() {
                return Optional.of(upgrade);
            }

            @Override
            public boolean isSyncing() {
                return syncing;
            }
        };
    }

    /** The one {@link #unknown()} tip: a node can tell that its application gave none (and estimate one). */
    enum Unknown implements ChainTip {
        /** The tip. */
        INSTANCE;

        @Override
        public OptionalLong bestHeight() {
            return OptionalLong.empty();
        }
    }
}
