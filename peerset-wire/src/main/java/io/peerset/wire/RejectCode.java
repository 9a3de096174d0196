package io.peerset.wire;

import java.util.Optional;

/** The {@code ccode} of a {@code reject} message; any other byte is a decode error. */
public enum RejectCode {
    /** 0x01 */
    MALFORMED(0x01),
    /** 0x10 */
    INVALID(0x10),
    /** 0x11 */
    OBSOLETE(0x11),
    /** 0x12 */
    DUPLICATE(0x12),
    /** 0x40 */
    NONSTANDARD(0x40),
    /** 0x41 */
    DUST(0x41),
    /** 0x42 */
    INSUFFICIENT_FEE(0x42),
    /** 0x43 */
    CHECKPOINT(0x43),
    /** 0x50 */
    OTHER(0x50);

    private final int code;

    RejectCode(int code) {
        this.code = code;
    }

    /** @return the wire byte */
    public int code() {
        return code;
    }

    /**
     * @param code a wire byte
     * @return the code, or empty if the byte is not a known code
     */
    public static Optional<RejectCode> of(int code) {
        for (RejectCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
