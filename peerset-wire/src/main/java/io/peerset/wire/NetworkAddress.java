package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * An address with the services offered there, as carried in a {@code version} message (26 bytes:
 * services u64, IPv6 16 bytes, port u16 big-endian).
 *
 * @param services the services
 * @param address  the canonical address
 */
public record NetworkAddress(PeerServices services, PeerAddress address) {
    /** Checks for nulls. */
    public NetworkAddress {
        requireNonNull(services, "services");
        requireNonNull(address, "address");
    }
}
