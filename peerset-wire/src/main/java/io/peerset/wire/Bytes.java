package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes: the bodies of blocks, transactions, scripts and filters.
 *
 * <p>Slices share the bytes of the sequence they come from, so a decoded 2 MiB block and the
 * transactions inside it are backed by one array, copied once out of the network buffer. The array
 * is never handed out: readers get copies, read-only buffers or digests.
 *
 * <p>Immutable and thread-safe. {@link #equals(Object)} compares contents.
 */
public final class Bytes {

    /** The empty sequence. */
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /**
     * @param bytes bytes to copy
     * @return a sequence holding a copy of {@code bytes}
     */
    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(requireNonNull(bytes, "bytes").clone(), 0, bytes.length);
    }

    /**
     * Copies the remaining bytes of {@code buffer}, advancing its position to its limit.
     *
     * @param buffer the source
     * @return a sequence holding a copy
     */
    public static Bytes copyOf(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return new Bytes(copy, 0, copy.length);
    }

    /**
     * @param hex an even number of hex digits, either case
     * @return the decoded bytes
     * @throws IllegalArgumentException if {@code hex} is not valid hex
     */
    public static Bytes fromHex(String hex) {
        byte[] bytes = HEX.parseHex(requireNonNull(hex, "hex"));
        return new Bytes(bytes, 0, bytes.length);
    }

    /**
     * Wraps an array the caller gives up: it must never be written again.
     */
    static Bytes wrapOwned(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    /** Wraps the remaining bytes of a view of an immutable sequence, without copying. */
    static Bytes share(ByteBuffer view) {
        return new Bytes(view.array(), view.arrayOffset() + view.position(), view.remaining());
    }

    /** @return the number of bytes */
    public int length() {
        return length;
    }

    /** @return whether the sequence is empty */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * @param index 0..length-1
     * @return the byte at {@code index}
     */
    public byte get(int index) {
        return array[offset + Objects.checkIndex(index, length)];
    }

    /**
     * @param from start, inclusive
     * @param to   end, exclusive
     * @return a sequence sharing this one's bytes
     */
    public Bytes slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        return from == 0 && to == length ? this : new Bytes(array, offset + from, to - from);
    }

    /** @return a fresh copy of the bytes */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * @param destination      the array to copy into
     * @param destinationIndex where the first byte goes
     */
    public void copyTo(byte[] destination, int destinationIndex) {
        System.arraycopy(array, offset, destination, destinationIndex, length);
    }

    /** @param destination a buffer with at least {@link #length()} bytes remaining */
    public void copyTo(ByteBuffer destination) {
        destination.put(array, offset, length);
    }

    /** @param digest a digest to feed with these bytes */
    public void update(MessageDigest digest) {
        digest.update(array, offset, length);
    }

    /** @return a read-only, little-endian-agnostic view positioned at the first byte */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** A little-endian view for the codec; shares the array, so it never escapes the package. */
    ByteBuffer sharedBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the bytes as lowercase hex */
    public String toHex() {
        return HEX.formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    /** @return the length and, for up to 32 bytes, the hex */
    @Override
    public String toString() {
        return length <= 32 ? "Bytes[" + toHex() + "]" : "Bytes[" + length + " bytes]";
    }
}
