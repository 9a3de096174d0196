package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Double SHA-256, the hash of Zcash's frame checksums, block hashes and pre-v5 transaction ids.
 *
 * <p>An instance keeps one JDK {@link MessageDigest} and is not thread-safe: use one per thread
 * or per connection. The static methods create a digest per call and are thread-safe.
 */
public final class Sha256d {

    private final MessageDigest digest;
    private final byte[] first = new byte[Hash32.LENGTH];
    private final byte[] second = new byte[Hash32.LENGTH];

    /** Creates a hasher with its own SHA-256 digest. */
    public Sha256d() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * @param data bytes to hash
     * @return SHA-256(SHA-256(data)) in internal order
     */
    public static Hash32 hash(Bytes data) {
        return new Sha256d().digest(data);
    }

    /**
     * @param data bytes to hash
     * @return SHA-256(SHA-256(data)) in internal order
     */
    public static Hash32 hash(byte[] data) {
        requireNonNull(data, "data");
        return new Sha256d().digest(data, 0, data.length);
    }

    /**
     * @param data bytes to hash
     * @return the hash
     */
    public Hash32 digest(Bytes data) {
        data.update(digest);
        return Hash32.wrapOwned(finish().clone());
    }

    /**
     * Hashes the remaining bytes of {@code data} without moving its position.
     *
     * @param data bytes to hash
     * @return the first four bytes of the double hash as a big-endian int (the frame checksum)
     */
    public int checksum(ByteBuffer data) {
        digest.update(data.duplicate());
        byte[] h = finish();
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    /**
     * @param data   array holding the bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the hash
     */
    Hash32 digest(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
        return Hash32.wrapOwned(finish().clone());
    }

    /** Returns the double hash in a scratch array that the next call overwrites: copy it to keep it. */
    private byte[] finish() {
        try {
            digest.digest(first, 0, first.length);
            digest.update(first);
            digest.digest(second, 0, second.length);
        } catch (DigestException e) {
            throw new IllegalStateException("32-byte output buffer is large enough", e);
        }
        return second;
    }
}
