package io.peerset.addressbook;

import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.util.Optional;

/**
 * Whether a record's last known information allows dialling it (reference section 4.6 (a)): its
 * services, on top of the address rule of section 4.10, which lives in the API
 * ({@link Network#isValidForOutbound}) so that discovery shares it.
 *
 * <p>Stateless and thread-safe.
 */
final class AddressValidity {

    private AddressValidity() {
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
                && network.isValidForOutbound(address);
    }
}
