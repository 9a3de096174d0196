package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Objects;

/**
 * BLAKE2b (RFC 7693), unkeyed, with a 16-byte personalization: what ZIP-244's transaction digests
 * need. Written here because the JDK has no BLAKE2 and this module depends on {@code java.base}
 * alone; checked against RFC 7693's test vector and ZIP-244's transaction vectors.
 *
 * <p>Streaming: {@link #update} any number of times, then {@link #digest()} once. Not thread-safe;
 * one instance per computation.
 */
public final class Blake2b {

    /** Bytes per block (RFC 7693 section 2.1). */
    private static final int BLOCK = 128;

    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };

    /** Message schedule of each of the 12 rounds (rounds 10 and 11 repeat 0 and 1). */
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    };

    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private final int outputLength;
    private int buffered;
    /** Bytes compressed so far (the low word of the 128-bit counter: 2^64 bytes is out of reach). */
    private long counter;
    private boolean done;

    /**
     * @param outputLength    digest length in bytes, 1..64
     * @param personalization exactly 16 bytes (ZIP-244's personalizations); copied
     * @throws IllegalArgumentException if a length is out of range
     */
    public Blake2b(int outputLength, byte[] personalization) {
        requireNonNull(personalization, "personalization");
        if (outputLength < 1 || outputLength > 64) {
            throw new IllegalArgumentException("outputLength: " + outputLength + " (expected: 1..64)");
        }
        if (personalization.length != 16) {
            throw new IllegalArgumentException("personalization: " + personalization.length
                    + " bytes (expected: 16)");
        }
        this.outputLength = outputLength;
        System.arraycopy(IV, 0, h, 0, 8);
        // parameter block (RFC 7693 section 2.5): digest length, no key, fanout 1, depth 1
        h[0] ^= 0x01010000L ^ outputLength;
        h[6] ^= littleEndian(personalization, 0);
        h[7] ^= littleEndian(personalization, 8);
    }

    /**
     * @param data bytes to hash
     * @return this
     */
    public Blake2b update(byte[] data) {
        return update(data, 0, data.length);
    }

    /**
     * @param data   bytes to hash
     * @param offset where they start
     * @param length how many
     * @return this
     * @throws IllegalStateException if the digest was taken already
     */
    public Blake2b update(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (done) {
            throw new IllegalStateException("digest already taken");
        }
        while (length > 0) {
            if (buffered == BLOCK) {
                // a full block is compressed only once more input follows: the last one is final
                counter += BLOCK;
                compress(buffer, false);
                buffered = 0;
            }
            int n = Math.min(BLOCK - buffered, length);
            System.arraycopy(data, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
        }
        return this;
    }

    /**
     * @param b one byte
     * @return this
     */
    public Blake2b update(byte b) {
        return update(new byte[] {b}, 0, 1);
    }

    /**
     * @return the digest, {@code outputLength} bytes; the instance cannot be used after
     * @throws IllegalStateException if called twice
     */
    public byte[] digest() {
        if (done) {
            throw new IllegalStateException("digest already taken");
        }
        done = true;
        counter += buffered;
        Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
        compress(buffer, true);
        byte[] out = new byte[outputLength];
        for (int i = 0; i < outputLength; i++) {
            out[i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
        return out;
    }

    private void compress(byte[] block, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = littleEndian(block, i * 8);
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counter;
        if (last) {
            v[14] = ~v[14];
        }
        for (byte[] s : SIGMA) {
            g(0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void g(int a, int b, int c, int d, long x, long y) {
        v[a] += v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    private static long littleEndian(byte[] b, int at) {
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = (x << 8) | (b[at + i] & 0xffL);
        }
        return x;
    }
}
