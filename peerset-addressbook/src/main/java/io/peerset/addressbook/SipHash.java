package io.peerset.addressbook;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) of exactly four 64-bit words (a 32-byte message,
 * each word little-endian), allocation-free: the keyed hash that places addresses in the
 * {@link AddressTables}' buckets. Keyed so that a remote peer, not knowing the node's secret, cannot
 * aim its addresses at chosen buckets; SipHash because it was designed for exactly that (hash-flooding
 * resistance) and costs tens of nanoseconds, where Bitcoin Core's SHA-256 would cost the address
 * book its update rate. Checked against the reference implementation's test vector and Guava's
 * {@code Hashing.sipHash24} in {@code SipHashTest}.
 *
 * <p>Stateless and thread-safe.
 */
final class SipHash {

    private SipHash() {
    }

    /**
     * @param k0 the key's first eight bytes, little-endian
     * @param k1 the key's last eight bytes, little-endian
     * @return SipHash-2-4 of the 32 bytes {@code w0..w3} (each little-endian) under that key
     */
    static long hash(long k0, long k1, long w0, long w1, long w2, long w3) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        for (int word = 0; word < 5; word++) {
            long m = switch (word) {
                case 0 -> w0;
                case 1 -> w1;
                case 2 -> w2;
                case 3 -> w3;
                default -> 32L << 56; // the final block: the message length (32) in the top byte
            };
            v3 ^= m;
            for (int round = 0; round < 2; round++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
