package io.peerset.cli;

import io.peerset.api.NodeOptions;
import io.peerset.api.internal.Checks;
import io.peerset.cli.config.OptionText;
import io.peerset.wire.Network;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The network options shared by the commands that talk to or configure a network: either
 * {@code --network NAME} (a built-in network), or a custom network given by {@code --magic} with
 * {@code --protocol-version} and {@code --min-peer-version} (both required with it) and an optional
 * {@code --default-port}. A command declares it as an exclusive group:
 * <pre>{@code
 * @ArgGroup(exclusive = true)
 * NetworkOptions networkOptions = new NetworkOptions();
 * }</pre>
 * and calls {@link #network()} in its {@code call()}.
 *
 * <p>A custom network is named {@value #CUSTOM_NAME}; its magic may not be a built-in network's
 * (that network's option is named instead). The versions and the port are checked against their
 * options' ranges ({@code protocol_version}, {@code min_peer_version}, {@code default_port} of
 * {@link NodeOptions}), as the configuration file checks them.
 *
 * <p>Filled in by picocli on the command's thread; confined to it.
 */
final class NetworkOptions {

    /** The name every network given by {@code --magic} gets. */
    static final String CUSTOM_NAME = "custom";

    @Option(names = "--network", paramLabel = "NAME", description = "mainnet (default), testnet or regtest.")
    String network = "mainnet";

    @ArgGroup(exclusive = false)
    CustomNetwork custom;

    /** The options of a custom network; picocli requires the first three together. */
    static final class CustomNetwork {
        @Option(names = "--magic", paramLabel = "HEX8", required = true,
                description = "A custom network's magic (8 hex digits, wire order), e.g. fabfb5da.")
        String magic;

        @Option(names = "--protocol-version", paramLabel = "N", required = true,
                description = "With --magic: the protocol version we announce.")
        long protocolVersion;

        @Option(names = "--min-peer-version", paramLabel = "N", required = true,
                description = "With --magic: the lowest protocol version we accept from peers.")
        long minPeerVersion;

        @Option(names = "--default-port", paramLabel = "PORT",
                description = "With --magic: the network's default port (default: 18233).")
        Integer defaultPort;
    }

    /**
     * @return the selected network
     * @throws IllegalArgumentException naming the option, if a value is invalid (an unknown network
     *                                  name, a malformed magic, a built-in network's magic, a
     *                                  version or port out of range)
     */
    Network network() {
        CustomNetwork c = custom;
        if (c != null) {
            String hex = c.magic.startsWith("0x") ? c.magic.substring(2) : c.magic;
            Checks.checkArgument(hex.matches("[0-9a-fA-F]{8}"), "--magic %s (expected: 8 hex digits)", c.magic);
            int magic = Integer.parseUnsignedInt(hex, 16);
            for (Network n : Network.builtIns()) {
                if (n.magic() == magic) {
                    throw new IllegalArgumentException("--magic " + c.magic + " is " + n.name()
                            + "'s (expected: --network " + n.name() + ")");
                }
            }
            Network.Builder builder = Network.custom(CUSTOM_NAME, magic);
            Checks.checkArgument(NodeOptions.PROTOCOL_VERSION.range().contains(c.protocolVersion),
                    "--protocol-version %s (expected: %s)", c.protocolVersion,
                    OptionText.expected(NodeOptions.PROTOCOL_VERSION));
            builder.protocolVersion(c.protocolVersion);
            Checks.checkArgument(NodeOptions.MIN_PEER_VERSION.range().contains(c.minPeerVersion),
                    "--min-peer-version %s (expected: %s)", c.minPeerVersion,
                    OptionText.expected(NodeOptions.MIN_PEER_VERSION));
            builder.minimumPeerVersion(c.minPeerVersion);
            if (c.defaultPort != null) {
                Checks.checkArgument(NodeOptions.DEFAULT_PORT.range().contains(c.defaultPort),
                        "--default-port %s (expected: %s)", c.defaultPort, OptionText.expected(NodeOptions.DEFAULT_PORT));
                builder.defaultPort(c.defaultPort);
            }
            Checks.checkArgument(c.minPeerVersion <= c.protocolVersion,
                    "--min-peer-version %s (expected: <= --protocol-version %s)", c.minPeerVersion, c.protocolVersion);
            return builder.build();
        }
        return Network.builtIn(network.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new IllegalArgumentException("--network " + network + " (expected: mainnet, testnet or regtest)"));
    }
}
