package io.peerset.api;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * An IP-to-AS map in Bitcoin Core's asmap format ({@code -asmap}, the file its {@code asmap-tool}
 * writes): with one, {@link Netgroups} groups an address by the autonomous system that announces it
 * instead of by its prefix, so that an attacker who holds many prefixes of one provider still counts
 * as one group (issue 16 §1.1).
 *
 * <p>The format is a program over the bits of an IPv6 address (an IPv4 address is read as
 * {@code ::ffff:a.b.c.d}), stored as bits, the least significant bit of each byte first. Each
 * instruction starts with its type — {@code 0} RETURN, {@code 10} JUMP, {@code 110} MATCH,
 * {@code 111} DEFAULT — followed by one number in a variable-length code: a run of continuation bits
 * picks one of a list of bit widths, then that many bits, most significant first, are added to the
 * classes before it and a minimum. RETURN's number (widths 15..24, minimum 1) is the answer; JUMP's
 * (widths 5..30, minimum 17) is how many bits to skip when the next address bit is 1; MATCH's (widths
 * 1..8, minimum 2) holds, below its highest set bit, bits the address must continue with — else the
 * answer is the last DEFAULT's number (widths 15..24, minimum 1), or 0; running off the end is 0.
 *
 * <p>A file is checked when it is read, as Bitcoin Core does ({@code SanityCheckASMap}): every path
 * through the program must end in a RETURN without reading past 128 address bits, jumps must land on
 * an instruction after them and never cross, and at most 7 zero bits may pad the end. A map that
 * fails is refused with the reason; a map that passes answers every address without error.
 *
 * <p>Immutable and thread-safe. A lookup walks at most 128 address bits: a few hundred nanoseconds.
 */
public final class Asmap {

    /** The largest file read: Bitcoin Core's maps are about 1–2 MiB. */
    public static final int MAX_FILE_BYTES = 16 << 20;

    private static final long INVALID = -1;
    private static final int[] TYPE_BIT_SIZES = {0, 0, 1};
    private static final int[] ASN_BIT_SIZES = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH_BIT_SIZES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP_BIT_SIZES = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30};
    private static final int RETURN = 0;
    private static final int JUMP = 1;
    private static final int MATCH = 2;
    private static final int DEFAULT = 3;
    private static final int ADDRESS_BITS = 128;

    private final byte[] data;
    private final long end;

    private Asmap(byte[] data) {
        this.data = data;
        this.end = (long) data.length * 8;
    }

    /**
     * @param data a map in Bitcoin Core's asmap format
     * @return the map
     * @throws IllegalArgumentException if the map is malformed, naming what is wrong and where
     */
    public static Asmap parse(byte[] data) {
        requireNonNull(data, "data");
        Asmap map = new Asmap(data.clone());
        map.check();
        return map;
    }

    /**
     * Reads and checks a map file, at most {@link #MAX_FILE_BYTES}.
     *
     * @param file the file
     * @return the map
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is larger than {@link #MAX_FILE_BYTES} or malformed
     */
    public static Asmap read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        Asmap map = new Asmap(bytes);
        map.check();
        return map;
    }

    /**
     * @param ip an address
     * @return the AS number the map gives it, or 0 when it maps the address to none
     */
    public long asn(InetAddress ip) {
        byte[] b = requireNonNull(ip, "ip").getAddress();
        if (b.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(b, 0, mapped, 12, 4);
            b = mapped;
        }
        return interpret(b);
    }

    /** @return the size of the map, in bytes */
    public int size() {
        return data.length;
    }

    private boolean bit(long pos) {
        return ((data[(int) (pos >>> 3)] >>> (pos & 7)) & 1) != 0;
    }

    private static boolean addressBit(byte[] ip, int i) {
        return ((ip[i >>> 3] >>> (7 - (i & 7))) & 1) != 0;
    }

    /** Where the decoder is, in bits from the start. */
    private static final class Cursor {
        long pos;
    }

    private long decode(Cursor c, int min, int[] sizes) {
        long value = min;
        for (int k = 0; k < sizes.length; k++) {
            boolean more;
            if (k + 1 < sizes.length) {
                if (c.pos == end) {
                    return INVALID;
                }
                more = bit(c.pos++);
            } else {
                more = false;
            }
            if (more) {
                value += 1L << sizes[k];
            } else {
                for (int b = 0; b < sizes[k]; b++) {
                    if (c.pos == end) {
                        return INVALID;
                    }
                    if (bit(c.pos++)) {
                        value += 1L << (sizes[k] - 1 - b);
                    }
                }
                return value;
            }
        }
        return INVALID;
    }

    private long interpret(byte[] ip) {
        Cursor c = new Cursor();
        int left = ADDRESS_BITS;
        long defaultAsn = 0;
        while (c.pos != end) {
            long type = decode(c, 0, TYPE_BIT_SIZES);
            if (type == RETURN) {
                long asn = decode(c, 1, ASN_BIT_SIZES);
                return asn == INVALID ? 0 : asn;
            } else if (type == JUMP) {
                long jump = decode(c, 17, JUMP_BIT_SIZES);
                if (jump == INVALID || left == 0 || jump >= end - c.pos) {
                    return 0;
                }
                if (addressBit(ip, ADDRESS_BITS - left)) {
                    c.pos += jump;
                }
                left--;
            } else if (type == MATCH) {
                long match = decode(c, 2, MATCH_BIT_SIZES);
                if (match == INVALID) {
                    return 0;
                }
                int length = 63 - Long.numberOfLeadingZeros(match);
                if (left < length) {
                    return 0;
                }
                for (int b = 0; b < length; b++) {
                    boolean expected = ((match >>> (length - 1 - b)) & 1) != 0;
                    if (addressBit(ip, ADDRESS_BITS - left) != expected) {
                        return defaultAsn;
                    }
                    left--;
                }
            } else if (type == DEFAULT) {
                long asn = decode(c, 1, ASN_BIT_SIZES);
                if (asn == INVALID) {
                    return 0;
                }
                defaultAsn = asn;
            } else {
                return 0;
            }
        }
        return 0; // the end without a RETURN (a checked map never gets here)
    }

    /**
     * Bitcoin Core's {@code SanityCheckASMap}: walks the program once, as if every jump were taken
     * and not taken, keeping the jump targets still ahead on a stack.
     */
    private void check() {
        Cursor c = new Cursor();
        // jump targets ahead (bit offsets), innermost last, with the address bits left there
        Deque<long[]> jumps = new ArrayDeque<>();
        int left = ADDRESS_BITS;
        int previous = JUMP;
        boolean hadIncompleteMatch = false;
        while (c.pos != end) {
            long at = c.pos;
            if (!jumps.isEmpty() && at >= jumps.peek()[0]) {
                throw malformed(at, "a jump lands inside the previous instruction");
            }
            long type = decode(c, 0, TYPE_BIT_SIZES);
            if (type == RETURN) {
                if (previous == DEFAULT) {
                    throw malformed(at, "a RETURN right after a DEFAULT");
                }
                if (decode(c, 1, ASN_BIT_SIZES) == INVALID) {
                    throw malformed(at, "an AS number cut off by the end");
                }
                if (jumps.isEmpty()) {
                    if (end - c.pos > 7) {
                        throw malformed(c.pos, "more than 7 bits after the last instruction");
                    }
                    for (; c.pos != end; c.pos++) {
                        if (bit(c.pos)) {
                            throw malformed(c.pos, "padding bits that are not zero");
                        }
                    }
                    return;
                }
                long[] target = jumps.pop();
                if (c.pos != target[0]) {
                    throw malformed(c.pos, "unreachable instructions");
                }
                left = (int) target[1];
                previous = JUMP;
            } else if (type == JUMP) {
                long jump = decode(c, 17, JUMP_BIT_SIZES);
                if (jump == INVALID) {
                    throw malformed(at, "a jump cut off by the end");
                }
                if (jump > end - c.pos) {
                    throw malformed(at, "a jump past the end");
                }
                if (left == 0) {
                    throw malformed(at, "a jump after all 128 address bits are used");
                }
                left--;
                long target = c.pos + jump;
                if (!jumps.isEmpty() && target >= jumps.peek()[0]) {
                    throw malformed(at, "jumps that cross");
                }
                jumps.push(new long[] {target, left});
                previous = JUMP;
            } else if (type == MATCH) {
                long match = decode(c, 2, MATCH_BIT_SIZES);
                if (match == INVALID) {
                    throw malformed(at, "a match cut off by the end");
                }
                int length = 63 - Long.numberOfLeadingZeros(match);
                if (previous != MATCH) {
                    hadIncompleteMatch = false;
                }
                if (length < 8 && hadIncompleteMatch) {
                    throw malformed(at, "two short matches in a row");
                }
                hadIncompleteMatch = length < 8;
                if (left < length) {
                    throw malformed(at, "a match past the 128 address bits");
                }
                left -= length;
                previous = MATCH;
            } else if (type == DEFAULT) {
                if (previous == DEFAULT) {
                    throw malformed(at, "two DEFAULTs in a row");
                }
                if (decode(c, 1, ASN_BIT_SIZES) == INVALID) {
                    throw malformed(at, "an AS number cut off by the end");
                }
                previous = DEFAULT;
            } else {
                throw malformed(at, "an instruction cut off by the end");
            }
        }
        throw malformed(end, "no RETURN at the end");
    }

    private static IllegalArgumentException malformed(long bit, String what) {
        return new IllegalArgumentException("not a valid asmap: " + what + " (bit " + bit + ")");
    }

    /** Equal when they hold the same map. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Asmap a && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Asmap[" + data.length + " bytes]";
    }
}
