package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One gossiped address: when the sender last saw it, its services and the address ({@code addr}
 * entry: time u32, services u64, IPv6 16 bytes, port u16 big-endian; {@code addrv2} IPv4/IPv6
 * entries decode to the same type).
 *
 * @param lastSeen when the sender last saw the peer; whole seconds, between the epoch and
 *                 2106-02-07T06:28:15Z (a u32 on the wire); sub-second parts are dropped
 * @param services the services the peer advertised
 * @param address  the canonical address
 */
public record AddressEntry(Instant lastSeen, PeerServices services, PeerAddress address) {

    /** Largest time a u32 can carry. */
    public static final Instant MAX_TIME = Instant.ofEpochSecond(0xffff_ffffL);

    /**
     * Validates the time range and drops sub-second parts.
     *
     * @throws IllegalArgumentException if {@code lastSeen} does not fit a u32
     */
    public AddressEntry {
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(services, "services");
        requireNonNull(address, "address");
        if (lastSeen.isBefore(Instant.EPOCH) || lastSeen.isAfter(MAX_TIME)) {
            throw new IllegalArgumentException("lastSeen: " + lastSeen + " (expected: "
                    + Instant.EPOCH + ".." + MAX_TIME + ")");
        }
        if (lastSeen.getNano() != 0) {
            lastSeen = Instant.ofEpochSecond(lastSeen.getEpochSecond());
        }
    }
}
