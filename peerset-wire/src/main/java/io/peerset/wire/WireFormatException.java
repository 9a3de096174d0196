package io.peerset.wire;

/**
 * Bytes that are not a valid Zcash message, or a message that must not be sent: the one exception
 * the codec throws for any malformed, oversized or unsupported input.
 *
 * <p>The message names the command, the field, the offset and the limit broken, for example
 * {@code addrv2: addr length at offset 27: 513 (expected: <= 512)}. Offsets count from the start of
 * the input the decoder was given (the stream for {@link FrameCodec}, the payload for
 * {@link PayloadCodec}).
 *
 * <p>Unchecked. The wire module depends on {@code java.base} alone, so this is not a
 * {@code io.peerset.api.PeerSetException}; the connection layer reports it as a protocol error.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String field;
    private final long offset;
    private final String detail;

    /**
     * @param command the message's command, or {@code "frame"} for header errors
     * @param field   the field being read or written
     * @param offset  byte offset of the field; -1 when encoding
     * @param detail  the value and the limit, e.g. {@code 513 (expected: <= 512)}
     */
    public WireFormatException(String command, String field, long offset, String detail) {
        super(command + ": " + field + (offset >= 0 ? " at offset " + offset : "") + ": " + detail);
        this.command = command;
        this.field = field;
        this.offset = offset;
        this.detail = detail;
    }

    /** @return the command whose bytes were malformed, or {@code "frame"} */
    public String command() {
        return command;
    }

    /** @return the field */
    public String field() {
        return field;
    }

    /** @return the byte offset of the field, or -1 when encoding */
    public long offset() {
        return offset;
    }

    /** @return the value and the limit broken */
    public String detail() {
        return detail;
    }

    /**
     * @param base offset of the decoder's input within a larger stream
     * @return the same error with the offset moved by {@code base}
     */
    public WireFormatException shifted(long base) {
        return new WireFormatException(command, field, offset < 0 ? offset : offset + base, detail);
    }
}
