package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * What one call of {@link FrameCodec#decode(java.nio.ByteBuffer)} produced.
 */
public sealed interface DecodeResult {

    /**
     * Not enough bytes yet: call again once at least {@code bytesNeeded} more are available. The
     * codec never asks for more than the header or the announced (already size-checked) payload.
     *
     * @param bytesNeeded how many more bytes the next step needs, at least 1
     */
    record NeedMoreBytes(int bytesNeeded) implements DecodeResult {
    }

    /**
     * A complete frame with a known command.
     *
     * @param message       the message
     * @param payloadLength the payload length from the header
     */
    record Decoded(Message message, int payloadLength) implements DecodeResult {
        /** Checks for null. */
        public Decoded {
            requireNonNull(message, "message");
        }
    }

    /**
     * A complete frame with an unknown command, consumed and discarded (reference section 7.1:
     * disconnecting on unknown commands would let anyone make us drop peers). Reported so the
     * caller can count and log it.
     *
     * @param command       the command, non-printable bytes escaped as {@code \xNN}
     * @param payloadLength the payload length from the header
     */
    record Skipped(String command, int payloadLength) implements DecodeResult {
        /** Checks for null. */
        public Skipped {
            requireNonNull(command, "command");
        }
    }
}
