package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When each network upgrade activates on a network, and the lowest protocol version a peer may have
 * once it has (issue 17 §3; reference section 2.1). The node raises its minimum peer version when
 * its chain tip — the application's, or the one it estimates from its peers — crosses an activation
 * height, and in the run-up prefers peers that already announce the next upgrade's version (ZIP 201).
 *
 * <p>Built in: Mainnet and Testnet from Overwinter to NU6.3 (ZIPs 200–258 and Zebra's tables; NU7 has
 * no published height yet), none for Regtest and custom networks. Both are overridable
 * ({@link #with}; options {@code peerset.activation_heights} and {@code peerset.min_peer_versions}), so
 * a node can follow an upgrade without a new release. The minimum versions are the network's
 * ({@link Network#minimumPeerVersion}) unless overridden.
 *
 * <p>Immutable and thread-safe.
 */
public final class UpgradeSchedule {

    /**
     * ZIP 201's {@code NETWORK_UPGRADE_PEER_PREFERENCE_BLOCK_PERIOD} (zcashd: 24 × 24 blocks, about a day
     * at the pre-Blossom spacing): from this many blocks before an activation, peers below the upgrade's
     * minimum version are evicted first.
     */
    public static final long PEER_PREFERENCE_BLOCKS = 24 * 24;

    private static final Map<NetworkUpgrade, Long> MAINNET_HEIGHTS = heights(
            347_500, 419_200, 653_600, 903_000, 1_046_400, 1_687_104, 2_726_400, 3_146_400, 3_364_600, 3_428_143);
    private static final Map<NetworkUpgrade, Long> TESTNET_HEIGHTS = heights(
            207_500, 280_000, 584_000, 903_800, 1_028_500, 1_842_420, 2_976_000, 3_536_500, 4_052_000, 4_134_000);

    private final Network network;
    private final Map<NetworkUpgrade, Long> heights;
    private final Map<NetworkUpgrade, Long> minimums;

    private UpgradeSchedule(Network network, Map<NetworkUpgrade, Long> heights, Map<NetworkUpgrade, Long> minimums) {
        this.network = network;
        this.heights = Collections.unmodifiableMap(heights);
        this.minimums = Collections.unmodifiableMap(minimums);
    }

    /** Overwinter … NU6.3 in order; Genesis at 0 and BeforeOverwinter at 1 on every network. */
    private static Map<NetworkUpgrade, Long> heights(long... overwinterOnwards) {
        Map<NetworkUpgrade, Long> m = new EnumMap<>(NetworkUpgrade.class);
        m.put(NetworkUpgrade.GENESIS, 0L);
        m.put(NetworkUpgrade.BEFORE_OVERWINTER, 1L);
        NetworkUpgrade[] all = NetworkUpgrade.values();
        for (int i = 0; i < overwinterOnwards.length; i++) {
            m.put(all[NetworkUpgrade.OVERWINTER.ordinal() + i], overwinterOnwards[i]);
        }
        return m;
    }

    /**
     * @param network a network
     * @return its built-in schedule: Mainnet's and Testnet's published heights; for any other network
     *         only Genesis (0) and BeforeOverwinter (1), until configured
     */
    public static UpgradeSchedule of(Network network) {
        requireNonNull(network, "network");
        Map<NetworkUpgrade, Long> h = network.equals(Network.MAINNET) ? MAINNET_HEIGHTS
                : network.equals(Network.TESTNET) ? TESTNET_HEIGHTS : heights();
        Map<NetworkUpgrade, Long> m = new EnumMap<>(NetworkUpgrade.class);
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            m.put(u, network.minimumPeerVersion(u));
        }
        return new UpgradeSchedule(network, new EnumMap<>(h), m);
    }

    /**
     * This schedule with some heights and minimum versions replaced or added.
     *
     * @param heights  activation heights by upgrade
     * @param minimums minimum peer versions by upgrade
     * @return the new schedule
     * @throws IllegalArgumentException if the heights fall in upgrade order (minimum
     *                                  versions are taken as given: the reference's own Regtest table
     *                                  falls from Overwinter to Sapling)
     */
    public UpgradeSchedule with(Map<NetworkUpgrade, Long> heights, Map<NetworkUpgrade, Long> minimums) {
        Map<NetworkUpgrade, Long> h = new EnumMap<>(NetworkUpgrade.class);
        h.putAll(this.heights);
        h.putAll(requireNonNull(heights, "heights"));
        Map<NetworkUpgrade, Long> m = new EnumMap<>(NetworkUpgrade.class);
        m.putAll(this.minimums);
        m.putAll(requireNonNull(minimums, "minimums"));
        long last = -1;
        NetworkUpgrade lastUpgrade = null;
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            Long v = h.get(u);
            if (v == null) {
                continue;
            }
            // equal heights are allowed: test networks activate several upgrades at once (zcashd's
            // -nuparams, Zebra's configured testnets); upgradeAt then picks the later one
            if (lastUpgrade != null && v < last) {
                throw new IllegalArgumentException("activation_heights: " + name(u) + " at " + v + " (expected: at least "
                        + name(lastUpgrade) + "'s " + last + ")");
            }
            last = v;
            lastUpgrade = u;
        }
        return new UpgradeSchedule(network, h, m);
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /**
     * @param upgrade an upgrade
     * @return its activation height on this network, empty while not published (nor configured)
     */
    public OptionalLong activationHeight(NetworkUpgrade upgrade) {
        Long h = heights.get(requireNonNull(upgrade, "upgrade"));
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * @param height a chain height, not negative
     * @return the upgrade active at it: the last with a known height at or below it
     */
    public NetworkUpgrade upgradeAt(long height) {
        Checks.notNegative("height", height);
        NetworkUpgrade active = NetworkUpgrade.GENESIS;
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            Long h = heights.get(u);
            if (h != null && h <= height) {
                active = u;
            }
        }
        return active;
    }

    /**
     * @param height a chain height
     * @return the first upgrade with a known height above it, empty when none is scheduled
     */
    public Optional<NetworkUpgrade> nextAfter(long height) {
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            Long h = heights.get(u);
            if (h != null && h > height) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * @param upgrade an upgrade
     * @return the lowest protocol version a peer may have once it is active
     */
    public long minimumPeerVersion(NetworkUpgrade upgrade) {
        return minimums.get(requireNonNull(upgrade, "upgrade"));
    }

    /**
     * The minimum peer version at a tip (reference 5.5): the network's initial minimum, or the active
     * upgrade's when higher.
     *
     * @param active the upgrade active at the tip, empty while the tip is unknown
     * @return the minimum
     */
    public long minimumAt(Optional<NetworkUpgrade> active) {
        return Math.max(network.initialMinimumPeerVersion(), active.map(this::minimumPeerVersion).orElse(0L));
    }

    /**
     * ZIP 201's run-up: within {@link #PEER_PREFERENCE_BLOCKS} before the next scheduled activation,
     * peers below its minimum version are the first evicted.
     *
     * @param tip the tip height, empty while unknown
     * @return that minimum inside the run-up window, else 0
     */
    public long preferredVersion(OptionalLong tip) {
        if (tip.isEmpty()) {
            return 0;
        }
        Optional<NetworkUpgrade> next = nextAfter(tip.getAsLong());
        if (next.isEmpty() || heights.get(next.get()) - tip.getAsLong() > PEER_PREFERENCE_BLOCKS) {
            return 0;
        }
        return minimumPeerVersion(next.get());
    }

    /**
     * Parses {@code "NU6.3=3428143, NU7=4200000"} (an option's text): upgrade names as
     * {@link #name(NetworkUpgrade)} gives them, case-insensitive, separated by commas or spaces.
     *
     * @param text  the text; empty for none
     * @param field the option's name, for errors
     * @param max   the largest value allowed
     * @return the values by upgrade
     * @throws IllegalArgumentException naming the bad entry and what was expected
     */
    public static Map<NetworkUpgrade, Long> parse(String text, String field, long max) {
        requireNonNull(text, "text");
        Map<NetworkUpgrade, Long> out = new EnumMap<>(NetworkUpgrade.class);
        for (String entry : text.strip().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            Optional<NetworkUpgrade> u = eq < 0 ? Optional.empty() : upgrade(entry.substring(0, eq));
            String value = eq < 0 ? "" : entry.substring(eq + 1);
            if (u.isEmpty() || !value.matches("[0-9]{1,10}") || Long.parseLong(value) > max) {
                throw new IllegalArgumentException(field + ": \"" + entry + "\" (expected: UPGRADE=N with N 0.." + max
                        + " and UPGRADE one of Overwinter, Sapling, Blossom, Heartwood, Canopy, NU5, NU6, NU6.1, NU6.2, "
                        + "NU6.3, NU7; like \"NU7=4200000\")");
            }
            out.put(u.get(), Long.parseLong(value));
        }
        return out;
    }

    /**
     * @param text an option's text
     * @return whether {@link #parse} accepts it (heights and versions share the grammar and the bound)
     */
    public static boolean valid(String text) {
        try {
            parse(text, "entries", 0xffff_ffffL);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param upgrade an upgrade
     * @return its usual name: {@code Overwinter}, {@code NU5}, {@code NU6.1}, ...
     */
    public static String name(NetworkUpgrade upgrade) {
        String n = upgrade.name();
        if (n.startsWith("NU")) {
            return n.replace('_', '.');
        }
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static Optional<NetworkUpgrade> upgrade(String text) {
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            if (u.ordinal() >= NetworkUpgrade.OVERWINTER.ordinal() && name(u).equalsIgnoreCase(text)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpgradeSchedule u && u.network.equals(network) && u.heights.equals(heights)
                && u.minimums.equals(minimums);
    }

    @Override
    public int hashCode() {
        return (network.hashCode() * 31 + heights.hashCode()) * 31 + minimums.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("UpgradeSchedule[").append(network.name());
        for (NetworkUpgrade u : NetworkUpgrade.values()) {
            if (u.ordinal() >= NetworkUpgrade.OVERWINTER.ordinal()) {
                b.append(", ").append(name(u)).append('=').append(heights.containsKey(u) ? heights.get(u) : "?")
                        .append('/').append(minimums.get(u));
            }
        }
        return b.append(']').toString();
    }
}
