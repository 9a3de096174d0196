package io.peerset.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The services bit field a peer advertises (a u64 on the wire).
 *
 * <p>The value is kept exactly as received, unknown bits included, so that decoding is lossless and
 * a message re-encodes to the bytes it came from. The reference (Zebra) discards unknown bits when
 * parsing; code that makes decisions from services (handshake, address book) uses
 * {@link #knownOnly()}, which gives the same result.
 *
 * @param bits the raw 64-bit field, read as unsigned
 */
public record PeerServices(long bits) {

    /** No services. */
    public static final PeerServices NONE = new PeerServices(0);

    /** {@code NODE_NETWORK} (bit 0): the peer serves the full block chain. */
    public static final long NODE_NETWORK = 1L;

    /** {@code NODE_BLOOM} (bit 2): the peer supports bloom-filtered connections (zcashd). */
    public static final long NODE_BLOOM = 1L << 2;

    /** Only {@link #NODE_NETWORK}. */
    public static final PeerServices NETWORK = new PeerServices(NODE_NETWORK);

    private static final long KNOWN = NODE_NETWORK;

    /**
     * @param flag a service bit mask, e.g. {@link #NODE_NETWORK}
     * @return whether every bit of {@code flag} is set
     */
    public boolean has(long flag) {
        return (bits & flag) == flag;
    }

    /**
     * @return the services the networking layer acts on (today only {@code NODE_NETWORK}), as the
     *         reference keeps them
     */
    public PeerServices knownOnly() {
        return new PeerServices(bits & KNOWN);
    }

    /**
     * @return the names of the set bits, lowest first: {@code NODE_NETWORK}, {@code NODE_BLOOM}, and
     *         {@code BIT_n} for any other bit
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((bits & (1L << bit)) != 0) {
                names.add(switch (bit) {
                    case 0 -> "NODE_NETWORK";
                    case 2 -> "NODE_BLOOM";
                    default -> "BIT_" + bit;
                });
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(bits) + names();
    }
}
