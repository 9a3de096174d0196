package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One {@code addrv2} entry (ZIP-155 / BIP-155), kept exactly as received: time u32, services
 * CompactSize (full 64 bits), network id u8, address (CompactSize length, at most
 * {@value WireLimits#MAX_ADDRV2_ADDRESS_LENGTH} bytes), port u16 big-endian.
 *
 * <p>Only IPv4 (id 1, 4 bytes) and IPv6 (id 2, 16 bytes) entries are usable by peerset
 * ({@link #toAddressEntry()}); Tor, I2P, CJDNS and unknown networks are kept so that decoding is
 * lossless and can be displayed, but are never dialled or gossiped, as in the reference.
 *
 * @param lastSeen  when the sender last saw the peer (whole seconds, u32 range)
 * @param services  the services the peer advertised
 * @param networkId the BIP-155 network id, 0..255
 * @param address   the address bytes; 4 for IPv4, 16 for IPv6
 * @param port      0..65535
 */
public record AddrV2Entry(Instant lastSeen, PeerServices services, int networkId, Bytes address, int port) {

    /** BIP-155 network id of IPv4 (4-byte address). */
    public static final int IPV4 = 1;
    /** BIP-155 network id of IPv6 (16-byte address). */
    public static final int IPV6 = 2;
    /** BIP-155 network id of Tor v2 (10 bytes, deprecated). */
    public static final int TORV2 = 3;
    /** BIP-155 network id of Tor v3 (32-byte public key). */
    public static final int TORV3 = 4;
    /** BIP-155 network id of I2P (32-byte hash). */
    public static final int I2P = 5;
    /** BIP-155 network id of CJDNS (16 bytes). */
    public static final int CJDNS = 6;

    /**
     * Validates ranges and the IPv4/IPv6 address lengths.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public AddrV2Entry {
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(services, "services");
        requireNonNull(address, "address");
        if (lastSeen.isBefore(Instant.EPOCH) || lastSeen.isAfter(AddressEntry.MAX_TIME)) {
            throw new IllegalArgumentException("lastSeen: " + lastSeen + " (expected: u32 seconds)");
        }
        lastSeen = Instant.ofEpochSecond(lastSeen.getEpochSecond());
        if (networkId < 0 || networkId > 255) {
            throw new IllegalArgumentException("networkId: " + networkId + " (expected: 0..255)");
        }
        if (address.length() > WireLimits.MAX_ADDRV2_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("address: " + address.length()
                    + " bytes (expected: <= " + WireLimits.MAX_ADDRV2_ADDRESS_LENGTH + ")");
        }
        int expected = expectedLength(networkId);
        if (expected >= 0 && address.length() != expected) {
            throw new IllegalArgumentException("address: " + address.length() + " bytes for network "
                    + networkName(networkId) + " (expected: " + expected + ")");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** Lengths the reference enforces: only the two networks it uses. */
    static int expectedLength(int networkId) {
        return switch (networkId) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            default -> -1;
        };
    }

    /**
     * @param networkId a BIP-155 network id
     * @return {@code ipv4}, {@code ipv6}, {@code torv2}, {@code torv3}, {@code i2p}, {@code cjdns} or
     *         {@code unknown(N)}
     */
    public static String networkName(int networkId) {
        return switch (networkId) {
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case TORV2 -> "torv2";
            case TORV3 -> "torv3";
            case I2P -> "i2p";
            case CJDNS -> "cjdns";
            default -> "unknown(" + networkId + ")";
        };
    }

    /** @return the network's name, see {@link #networkName(int)} */
    public String networkName() {
        return networkName(networkId);
    }

    /** @return the entry as an IP address entry, for IPv4 and IPv6 only (IPv4-mapped canonicalised) */
    public Optional<AddressEntry> toAddressEntry() {
        if (networkId != IPV4 && networkId != IPV6) {
            return Optional.empty();
        }
        return Optional.of(new AddressEntry(lastSeen, services, PeerAddress.of(address.toByteArray(), port)));
    }
}
