package io.peerset.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes wire primitives little-endian into a growing array that starts with room for the frame
 * header, so a frame is assembled in place without a second copy of its payload. Not thread-safe.
 */
final class WireWriter {

    private byte[] array;
    private int position;

    /**
     * @param headroom bytes reserved before the payload (the frame header, or 0)
     * @param expectedPayload a size hint; exact for messages that carry one body
     */
    WireWriter(int headroom, int expectedPayload) {
        this.array = new byte[headroom + Math.max(expectedPayload, 16)];
        this.position = headroom;
    }

    byte[] array() {
        return array;
    }

    int position() {
        return position;
    }

    private void ensure(int n) {
        if (array.length - position < n) {
            array = Arrays.copyOf(array, Math.max(array.length * 2, position + n));
        }
    }

    void u8(int v) {
        ensure(1);
        array[position++] = (byte) v;
    }

    void u16be(int v) {
        ensure(2);
        array[position++] = (byte) (v >>> 8);
        array[position++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            array[position++] = (byte) (v >>> (8 * i));
        }
    }

    void i64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            array[position++] = (byte) (v >>> (8 * i));
        }
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, array, position, b.length);
        position += b.length;
    }

    void bytes(Bytes b) {
        ensure(b.length());
        b.copyTo(array, position);
        position += b.length();
    }

    void hash(Hash32 h) {
        ensure(Hash32.LENGTH);
        h.copyTo(array, position);
        position += Hash32.LENGTH;
    }

    void compactSize(long v) {
        if (Long.compareUnsigned(v, 0xfd) < 0) {
            u8((int) v);
        } else if (Long.compareUnsigned(v, 0xffff) <= 0) {
            u8(0xfd);
            ensure(2);
            array[position++] = (byte) v;
            array[position++] = (byte) (v >>> 8);
        } else if (Long.compareUnsigned(v, 0xffff_ffffL) <= 0) {
            u8(0xfe);
            u32(v);
        } else {
            u8(0xff);
            i64(v);
        }
    }

    void varBytes(Bytes b) {
        compactSize(b.length());
        bytes(b);
    }

    void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        compactSize(utf8.length);
        bytes(utf8);
    }
}
