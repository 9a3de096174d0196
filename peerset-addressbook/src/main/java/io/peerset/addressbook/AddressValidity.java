package io.peerset.addressbook;

import io.peerset.api.Network;
import io.peerset.api.PeerAddress;
import io.peerset.api.PeerServices;
import java.util.Optional;

/**
 * Whether an address may be dialled on a network (reference section 4.10). The network's own
 * default port is always valid, including a custom network's; the ports of other Zcash networks and
 * of forks that share the magic bytes are not; any other port is. Private, loopback and link-local
 * IPs are not filtered, as in the reference.
 *
 * <p>Stateless and thread-safe.
 */
final class AddressValidity {

    private AddressValidity() {
    }

    /**
     * @param network the network
     * @param address an address
     * @return whether it is valid for an outbound connection on {@code network}
     */
    static boolean isValidForOutbound(Network network, PeerAddress address) {
        return network.isValidForOutbound(address);
    }

    /**
     * @param network the network
     * @param port    a port
     * @return whether a listener of {@code network} may use the port
     */
    static boolean isValidListenerPort(Network network, int port) {
        return network.isValidListenerPort(port);
    }

    /**
     * Reference 4.6 (a): services unknown or including {@code NODE_NETWORK}, and the address valid.
     *
     * @param network  the network
     * @param address  the address
     * @param services the last known services
     * @return whether the last known information allows an outbound connection
     */
    static boolean lastKnownInfoIsValid(Network network, PeerAddress address, Optional<PeerServices> services) {
        return services.map(s -> s.has(PeerServices.NODE_NETWORK)).orElse(true)
                && isValidForOutbound(network, address);
    }
}
