package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one Zcash peer-to-peer network: its name, the 4-byte magic that starts every
 * frame, the default port, the protocol version peerset advertises and the minimum protocol version
 * it accepts from peers at each network upgrade (reference sections 2.1 and 2.3).
 *
 * <p>{@link #MAINNET}, {@link #TESTNET} and {@link #REGTEST} are built in. {@link #custom(String, int)}
 * builds any other network: a configured testnet, or another Bitcoin-family wire implementation
 * that frames messages the same way (used by the interoperability tests).
 *
 * <p>Immutable and thread-safe.
 */
public final class Network {

    /** Protocol version peerset advertises on the built-in networks (NU6.3, provisional in the reference). */
    public static final long CURRENT_PROTOCOL_VERSION = 170_160;

    /** Mainnet magic, {@code 24 e9 27 64} on the wire. */
    public static final int MAINNET_MAGIC = 0x24e9_2764;
    /** Testnet magic, {@code fa 1a f9 bf} on the wire. */
    public static final int TESTNET_MAGIC = 0xfa1a_f9bf;
    /** Regtest magic, {@code aa e8 3f 5f} on the wire. */
    public static final int REGTEST_MAGIC = 0xaae8_3f5f;

    /**
     * Zcash Mainnet: port 8233. NU7's minimum is ZIP 204's assignment (Mainnet 170190, Testnet 170180),
     * which ZcashFoundation/zebra#11445 plans; the reference snapshot carries a provisional 170180 /
     * 170170. NU7 has no activation height yet, so this decides nothing until one is configured.
     */
    public static final Network MAINNET = new Network("mainnet", MAINNET_MAGIC, 8233,
            CURRENT_PROTOCOL_VERSION, 170_150, minimums(
                    170_002, 170_002, 170_005, 170_007, 170_009, 170_011, 170_013,
                    170_100, 170_120, 170_140, 170_150, 170_160, 170_190), true);

    /** The default Zcash Testnet: port 18233. */
    public static final Network TESTNET = new Network("testnet", TESTNET_MAGIC, 18233,
            CURRENT_PROTOCOL_VERSION, 170_150, minimums(
                    170_002, 170_002, 170_003, 170_007, 170_008, 170_010, 170_012,
                    170_050, 170_110, 170_130, 170_150, 170_160, 170_180), true);

    /**
     * Regtest: port 18233. Uses the Testnet minimums except Sapling (170006); Overwinter has no
     * entry in the reference and falls back to the current protocol version, as it does there.
     */
    public static final Network REGTEST = new Network("regtest", REGTEST_MAGIC, 18233,
            CURRENT_PROTOCOL_VERSION, 170_150, regtestMinimums(), true);

    private static final List<Network> BUILT_IN = List.of(MAINNET, TESTNET, REGTEST);

    private final String name;
    private final int magic;
    private final int defaultPort;
    private final long protocolVersion;
    private final long initialMinimumPeerVersion;
    private final Map<NetworkUpgrade, Long> minimumPeerVersions;
    private final boolean builtIn;

    private Network(String name, int magic, int defaultPort, long protocolVersion,
                    long initialMinimumPeerVersion, Map<NetworkUpgrade, Long> minimumPeerVersions,
                    boolean builtIn) {
        this.name = name;
        this.magic = magic;
        this.defaultPort = defaultPort;
        this.protocolVersion = protocolVersion;
        this.initialMinimumPeerVersion = initialMinimumPeerVersion;
        this.minimumPeerVersions = minimumPeerVersions;
        this.builtIn = builtIn;
    }

    private static Map<NetworkUpgrade, Long> minimums(long... perUpgrade) {
        NetworkUpgrade[] upgrades = NetworkUpgrade.values();
        if (perUpgrade.length != upgrades.length) {
            throw new IllegalArgumentException("one minimum per network upgrade");
        }
        Map<NetworkUpgrade, Long> map = new EnumMap<>(NetworkUpgrade.class);
        for (int i = 0; i < upgrades.length; i++) {
            map.put(upgrades[i], perUpgrade[i]);
        }
        return map;
    }

    private static Map<NetworkUpgrade, Long> regtestMinimums() {
        Map<NetworkUpgrade, Long> map = new EnumMap<>(NetworkUpgrade.class);
        for (NetworkUpgrade upgrade : NetworkUpgrade.values()) {
            map.put(upgrade, TESTNET.minimumPeerVersion(upgrade));
        }
        map.put(NetworkUpgrade.SAPLING, 170_006L);
        map.put(NetworkUpgrade.OVERWINTER, CURRENT_PROTOCOL_VERSION);
        return map;
    }

    /**
     * Starts a custom network. Defaults: port 18233, protocol version
     * {@value #CURRENT_PROTOCOL_VERSION}, minimum peer version 170150 at every upgrade.
     *
     * @param name  a short name for logs and errors, e.g. {@code "mytestnet"}: 1 to 32 characters of
     *              {@code [a-z0-9_-]}, and not the name of a built-in network
     * @param magic the 4 magic bytes as a big-endian int ({@code 0x24e92764} is written
     *              {@code 24 e9 27 64}); must not be Mainnet's or Regtest's magic, so a custom
     *              network can never be mistaken for one of them (Testnet's magic is allowed: a
     *              configured testnet keeps it)
     * @return a builder
     */
    public static Builder custom(String name, int magic) {
        return new Builder(name, magic);
    }

    /**
     * Looks up a built-in network by name, ignoring case.
     *
     * @param name {@code mainnet}, {@code testnet} or {@code regtest}
     * @return the network, or empty if there is none by that name
     */
    public static Optional<Network> builtIn(String name) {
        requireNonNull(name, "name");
        String lower = name.toLowerCase(Locale.ROOT);
        return BUILT_IN.stream().filter(n -> n.name.equals(lower)).findFirst();
    }

    /** @return the built-in networks: Mainnet, Testnet, Regtest */
    public static List<Network> builtIns() {
        return BUILT_IN;
    }

    /** @return the network's short name, e.g. {@code mainnet} */
    public String name() {
        return name;
    }

    /** @return the magic as a big-endian int: the first frame byte is its most significant byte */
    public int magic() {
        return magic;
    }

    /** @return the magic as lowercase hex in wire order, e.g. {@code 24e92764} */
    public String magicHex() {
        return HexFormat.of().toHexDigits(magic);
    }

    /** @return the default peer-to-peer port */
    public int defaultPort() {
        return defaultPort;
    }

    /** @return the protocol version peerset advertises in its {@code version} message */
    public long protocolVersion() {
        return protocolVersion;
    }

    /**
     * @return the floor of the minimum peer version whatever the chain height (used while the tip
     *         is unknown)
     */
    public long initialMinimumPeerVersion() {
        return initialMinimumPeerVersion;
    }

    /**
     * @param upgrade a network upgrade
     * @return the lowest protocol version a peer may have once {@code upgrade} is active
     */
    public long minimumPeerVersion(NetworkUpgrade upgrade) {
        return minimumPeerVersions.get(requireNonNull(upgrade, "upgrade"));
    }

    /**
     * Ports a listener of another network uses, or a fork that shares Zcash's magic bytes (reference
     * 4.10, 8 #34): not valid for outbound connections unless they are the network's own default.
     */
    public static final Set<Integer> FOREIGN_PORTS = Set.of(8232, 18232, 18344, 8033, 18033,
            16125, 26125);

    /**
     * The listener rule of reference section 4.10: this network's default port is valid; the other
     * network's ports (8232, 18232), zcashd's regtest port (18344) and the ports of forks that share
     * Zcash's magic bytes (ZClassic 8033/18033, Flux 16125/26125) are not; any other port is.
     *
     * @param port a port
     * @return whether a listener of this network may use it
     */
    public boolean isValidListenerPort(int port) {
        if (port == defaultPort) {
            return true;
        }
        // FOREIGN_PORTS, without boxing: this runs for every address-book change
        return switch (port) {
            case 8232, 18232, 18344, 8033, 18033, 16125, 26125 -> false;
            default -> true;
        };
    }

    /**
     * Reference section 4.10: an address is valid for an outbound connection when its IP is not the
     * unspecified address, its port is not 0 and the listener rule allows the port. Private,
     * loopback and link-local IPs are allowed (as upstream).
     *
     * @param address an address
     * @return whether peerset may dial it on this network
     */
    public boolean isValidForOutbound(PeerAddress address) {
        requireNonNull(address, "address");
        return !address.ip().isAnyLocalAddress() && address.port() != 0 && isValidListenerPort(address.port());
    }

    /** @return whether this is Mainnet, Testnet or Regtest */
    public boolean isBuiltIn() {
        return builtIn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.name.equals(name) && n.magic == magic
                && n.defaultPort == defaultPort && n.protocolVersion == protocolVersion
                && n.initialMinimumPeerVersion == initialMinimumPeerVersion
                && n.minimumPeerVersions.equals(minimumPeerVersions);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + magic;
    }

    @Override
    public String toString() {
        return name + " (magic " + magicHex() + ", port " + defaultPort + ")";
    }

    /**
     * Builds a custom {@link Network}. Not thread-safe; the built network is immutable.
     */
    public static final class Builder {
        private final String name;
        private final int magic;
        private int defaultPort = 18233;
        private long protocolVersion = CURRENT_PROTOCOL_VERSION;
        private long minimumPeerVersion = 170_150;

        private Builder(String name, int magic) {
            requireNonNull(name, "name");
            if (!name.matches("[a-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException(
                        "name: \"" + name + "\" (expected: 1 to 32 characters of [a-z0-9_-])");
            }
            if (builtIn(name).isPresent()) {
                throw new IllegalArgumentException(
                        "name: " + name + " (expected: not the name of a built-in network)");
            }
            if (magic == MAINNET_MAGIC || magic == REGTEST_MAGIC) {
                throw new IllegalArgumentException("magic: " + HexFormat.of().toHexDigits(magic)
                        + " (expected: not the Mainnet or Regtest magic)");
            }
            this.name = name;
            this.magic = magic;
        }

        /**
         * @param port the default port; default 18233; range 1..65535
         * @return this builder
         */
        public Builder defaultPort(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("defaultPort: " + port + " (expected: 1..65535)");
            }
            this.defaultPort = port;
            return this;
        }

        /**
         * @param version the protocol version to advertise; default {@value #CURRENT_PROTOCOL_VERSION};
         *                range 1..4294967295 (a u32 on the wire)
         * @return this builder
         */
        public Builder protocolVersion(long version) {
            this.protocolVersion = checkU32("protocolVersion", version);
            return this;
        }

        /**
         * @param version the minimum protocol version accepted from peers at every upgrade; default
         *                170150; range 0..4294967295
         * @return this builder
         */
        public Builder minimumPeerVersion(long version) {
            this.minimumPeerVersion = checkU32("minimumPeerVersion", version);
            return this;
        }

        /**
         * @return the network
         * @throws IllegalArgumentException if the minimum peer version exceeds the advertised
         *                                  version (peerset would reject peers running itself)
         */
        public Network build() {
            if (minimumPeerVersion > protocolVersion) {
                throw new IllegalArgumentException("minimumPeerVersion: " + minimumPeerVersion
                        + " (expected: <= protocolVersion " + protocolVersion + ")");
            }
            Map<NetworkUpgrade, Long> map = new EnumMap<>(NetworkUpgrade.class);
            for (NetworkUpgrade upgrade : NetworkUpgrade.values()) {
                map.put(upgrade, minimumPeerVersion);
            }
            return new Network(name, magic, defaultPort, protocolVersion, minimumPeerVersion, map, false);
        }

        private static long checkU32(String field, long value) {
            if (value < 0 || value > 0xffff_ffffL) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: 0..4294967295)");
            }
            return value;
        }
    }
}
