package io.peerset.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads wire primitives from a little-endian buffer, checking every length and count against the
 * bytes that remain and against its cap before anything is allocated. Errors carry the command,
 * the field and its offset. Not thread-safe; one per payload being decoded.
 */
final class WireReader {

    private final ByteBuffer buffer;
    private final String command;
    private final long baseOffset;
    /** When the buffer is the codec's own copy of the bytes, slices share it instead of copying. */
    private final boolean shared;

    private WireReader(ByteBuffer buffer, String command, long baseOffset, boolean shared) {
        this.buffer = buffer;
        this.command = command;
        this.baseOffset = baseOffset;
        this.shared = shared;
    }

    /** Reads a buffer someone else owns: {@link #bytes} copies. */
    static WireReader of(ByteBuffer buffer, String command, long baseOffset) {
        return new WireReader(buffer.slice().order(ByteOrder.LITTLE_ENDIAN), command, baseOffset, false);
    }

    /** Reads an immutable sequence: {@link #bytes} shares. */
    static WireReader of(Bytes bytes, String command, long baseOffset) {
        return new WireReader(bytes.sharedBuffer(), command, baseOffset, true);
    }

    String command() {
        return command;
    }

    int position() {
        return buffer.position();
    }

    long offset() {
        return baseOffset + buffer.position();
    }

    int remaining() {
        return buffer.remaining();
    }

    void skip(int n, String field) {
        need(n, field);
        buffer.position(buffer.position() + n);
    }

    WireFormatException error(String field, String detail) {
        return new WireFormatException(command, field, offset(), detail);
    }

    WireFormatException errorAt(long offset, String field, String detail) {
        return new WireFormatException(command, field, offset, detail);
    }

    void need(long n, String field) {
        if (n > buffer.remaining()) {
            throw error(field, "needs " + n + " bytes, " + buffer.remaining() + " remain");
        }
    }

    /**
     * Skips up to {@code n} transparent inputs (outpoint 36, CompactSize script length, script,
     * sequence 4) by array indexing, the hot loop of a block of small transactions. Stops before
     * the first input that is truncated or has a non-canonical or 4-byte-or-longer length, so the
     * checked path re-reads it and reports the exact error.
     *
     * @return how many inputs were skipped
     */
    int skipTransparentInputs(int n) {
        if (!buffer.hasArray()) {
            return 0;
        }
        byte[] a = buffer.array();
        int base = buffer.arrayOffset();
        int limit = buffer.limit();
        int pos = buffer.position();
        int done = 0;
        while (done < n) {
            int lengthAt = pos + 36;
            int script = scriptLength(a, base, lengthAt, limit);
            if (script < 0) {
                break;
            }
            int end = lengthAt + (script < 0xfd ? 1 : 3) + script + 4;
            if (end > limit) {
                break;
            }
            pos = end;
            done++;
        }
        buffer.position(pos);
        return done;
    }

    /**
     * Skips up to {@code n} transparent outputs (value 8, CompactSize script length, script),
     * stopping before one that is truncated, has an amount outside 0..{@code maxValue}, or a length
     * the fast path does not handle.
     *
     * @return how many outputs were skipped
     */
    int skipTransparentOutputs(int n, long maxValue) {
        if (!buffer.hasArray()) {
            return 0;
        }
        byte[] a = buffer.array();
        int base = buffer.arrayOffset();
        int limit = buffer.limit();
        int pos = buffer.position();
        int done = 0;
        while (done < n && pos + 8 < limit) {
            long value = buffer.getLong(pos);
            if (value < 0 || value > maxValue) {
                break;
            }
            int script = scriptLength(a, base, pos + 8, limit);
            if (script < 0) {
                break;
            }
            int end = pos + 8 + (script < 0xfd ? 1 : 3) + script;
            if (end > limit) {
                break;
            }
            pos = end;
            done++;
        }
        buffer.position(pos);
        return done;
    }

    /** A canonical 1- or 3-byte CompactSize at {@code at}, or -1 for anything the slow path must read. */
    private static int scriptLength(byte[] a, int base, int at, int limit) {
        if (at >= limit) {
            return -1;
        }
        int first = a[base + at] & 0xff;
        if (first < 0xfd) {
            return first;
        }
        if (first != 0xfd || at + 3 > limit) {
            return -1;
        }
        int value = (a[base + at + 1] & 0xff) | ((a[base + at + 2] & 0xff) << 8);
        return value < 0xfd ? -1 : value;
    }

    int u8(String field) {
        need(1, field);
        return buffer.get() & 0xff;
    }

    int u16be(String field) {
        need(2, field);
        return ((buffer.get() & 0xff) << 8) | (buffer.get() & 0xff);
    }

    long u32(String field) {
        need(4, field);
        return buffer.getInt() & 0xffff_ffffL;
    }

    long i64(String field) {
        need(8, field);
        return buffer.getLong();
    }

    Hash32 hash(String field) {
        need(Hash32.LENGTH, field);
        byte[] b = new byte[Hash32.LENGTH];
        buffer.get(b);
        return Hash32.wrapOwned(b);
    }

    byte[] array(int n, String field) {
        need(n, field);
        if (buffer.hasArray()) {
            // copyOfRange lets the JIT skip zeroing the new array: a 2 MiB block is copied, not written twice.
            int from = buffer.arrayOffset() + buffer.position();
            buffer.position(buffer.position() + n);
            return Arrays.copyOfRange(buffer.array(), from, from + n);
        }
        byte[] b = new byte[n];
        buffer.get(b);
        return b;
    }

    /** Shares the bytes when this reader reads an immutable sequence, copies them otherwise. */
    Bytes bytes(int n, String field) {
        need(n, field);
        if (!shared) {
            return Bytes.wrapOwned(array(n, field));
        }
        ByteBuffer view = buffer.slice().limit(n);
        buffer.position(buffer.position() + n);
        return Bytes.share(view);
    }

    /**
     * A canonical CompactSize: the shortest of {@code < 0xfd}, {@code fd}+u16, {@code fe}+u32,
     * {@code ff}+u64. Non-canonical forms are rejected, as zcashd and Zebra do.
     */
    long compactSize64(String field) {
        long start = offset();
        int first = u8(field);
        long value;
        long minimum;
        try {
            switch (first) {
                case 0xfd -> {
                    value = buffer.getShort() & 0xffffL;
                    minimum = 0xfd;
                }
                case 0xfe -> {
                    value = buffer.getInt() & 0xffff_ffffL;
                    minimum = 0x1_0000;
                }
                case 0xff -> {
                    value = buffer.getLong();
                    minimum = 0x1_0000_0000L;
                }
                default -> {
                    return first;
                }
            }
        } catch (BufferUnderflowException e) {
            throw errorAt(start, field, "truncated CompactSize");
        }
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw errorAt(start, field, "non-canonical CompactSize " + Long.toUnsignedString(value)
                    + " (expected: the shortest encoding)");
        }
        return value;
    }

    /** A CompactSize used as a length or count: at most {@code max} (never above 2 MiB). */
    int compactSize(String field, int max) {
        long start = offset();
        long value = compactSize64(field);
        if (Long.compareUnsigned(value, max) > 0) {
            throw errorAt(start, field, Long.toUnsignedString(value) + " (expected: <= " + max + ")");
        }
        return (int) value;
    }

    /**
     * A count of items: at most {@code cap}, and the items must fit in the remaining bytes at their
     * smallest size, so a claim of 2^31 items fails here without allocating anything.
     */
    int count(String field, int cap, int minItemLength) {
        long start = offset();
        int n = compactSize(field, Math.min(cap, WireLimits.MAX_PAYLOAD_LENGTH));
        long needed = (long) n * minItemLength;
        if (needed > buffer.remaining()) {
            throw errorAt(start, field, n + " items need at least " + needed + " bytes, "
                    + buffer.remaining() + " remain");
        }
        return n;
    }

    /** A CompactSize-prefixed byte string of at most {@code max} bytes. */
    Bytes varBytes(String field, int max) {
        int n = compactSize(field, max);
        return bytes(n, field);
    }

    /** A CompactSize-prefixed UTF-8 string of at most {@code maxBytes} bytes; invalid UTF-8 fails. */
    String string(String field, int maxBytes) {
        int n = compactSize(field + " length", maxBytes);
        long start = offset();
        byte[] raw = array(n, field);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw errorAt(start, field, "invalid UTF-8");
        }
    }
}
