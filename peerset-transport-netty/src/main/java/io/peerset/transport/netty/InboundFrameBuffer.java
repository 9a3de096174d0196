package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.nio.ByteBuffer;

/**
 * The frame decoder adapter: holds one connection's received, not yet decoded bytes and turns them
 * into frames with the connection's {@link FrameCodec}, one frame per {@link #next()} call, so that
 * the caller decides when each frame is decoded (after a {@code verack} the codec's cap changes, and
 * the next frame must be decoded under the new cap).
 *
 * <p>Memory: the codec checks the announced length against its cap as soon as a header is
 * decoded, before any payload is buffered. A payload of at least
 * {@link NettyTransportConstants#OWNED_PAYLOAD_THRESHOLD} bytes is then read into an array of
 * exactly that length, which {@link FrameCodec#decodePayload(byte[])} takes over (a block shares
 * it: no second copy); smaller frames are decoded from the accumulation buffer. The array is made
 * only once a quarter of the payload has arrived
 * ({@link NettyTransportConstants#OWNED_PAYLOAD_START_DIVISOR}): a peer that announces 2 MiB and
 * then trickles bytes pins at most four times what it actually sent, not 2 MiB per 24-byte header.
 * So this buffer holds at most the frame being assembled plus the one socket read that completed it.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
final class InboundFrameBuffer {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Where the payload length sits in a header: after the 4-byte magic and the command. */
    private static final int LENGTH_FIELD_OFFSET = 4 + WireLimits.COMMAND_LENGTH;

    private final FrameCodec codec;
    private final ByteBufAllocator allocator;

    /** Received bytes not yet consumed by the codec; null when there are none. */
    private ByteBuf accumulated;
    /** The payload being assembled on the owned path, or null. */
    private byte[] ownedPayload;
    private int ownedFilled;
    private boolean released;

    /**
     * @param codec     the connection's codec
     * @param allocator where the accumulation buffer comes from
     */
    InboundFrameBuffer(FrameCodec codec, ByteBufAllocator allocator) {
        this.codec = requireNonNull(codec, "codec");
        this.allocator = requireNonNull(allocator, "allocator");
    }

    /**
     * Takes over bytes read from the socket (and releases the buffer).
     *
     * @param in the bytes; ownership passes to this buffer
     */
    void add(ByteBuf in) {
        if (released) {
            in.release();
            return;
        }
        if (ownedPayload != null && ownedFilled < ownedPayload.length) {
            // Invariant: while the owned payload is incomplete the accumulation buffer is empty,
            // so these bytes belong to it, in order.
            int n = Math.min(in.readableBytes(), ownedPayload.length - ownedFilled);
            in.readBytes(ownedPayload, ownedFilled, n);
            ownedFilled += n;
        }
        if (!in.isReadable()) {
            in.release();
            return;
        }
        if (accumulated == null) {
            accumulated = in;
            return;
        }
        append(in);
    }

    private void append(ByteBuf in) {
        try {
            accumulated.discardSomeReadBytes();
            if (accumulated.isReadOnly() || accumulated.refCnt() > 1
                    || accumulated.maxWritableBytes() < in.readableBytes()) {
                // A buffer we may not write into (shared, read-only or at its maximum): move to our own.
                ByteBuf bigger = allocator.buffer(accumulated.readableBytes() + in.readableBytes());
                bigger.writeBytes(accumulated);
                accumulated.release();
                accumulated = bigger;
            }
            accumulated.writeBytes(in);
        } finally {
            in.release();
        }
    }

    /**
     * Decodes the next frame if its bytes are all here.
     *
     * @return the decoded message or skipped unknown command; null when more bytes are needed
     * @throws WireFormatException if the bytes are not a valid frame (close the connection)
     */
    DecodeResult next() {
        if (released) {
            return null;
        }
        if (ownedPayload != null) {
            if (ownedFilled < ownedPayload.length) {
                return null;
            }
            byte[] payload = ownedPayload;
            ownedPayload = null;
            ownedFilled = 0;
            return codec.decodePayload(payload);
        }
        ByteBuffer view = accumulated == null ? EMPTY : accumulated.nioBuffer();
        int start = view.position();
        DecodeResult result;
        try {
            result = codec.decode(view);
        } finally {
            if (accumulated != null) {
                accumulated.skipBytes(view.position() - start);
            }
        }
        if (result instanceof DecodeResult.NeedMoreBytes) {
            if (codec.isAwaitingPayload() && codec.pendingPayloadLength() >= NettyTransportConstants.OWNED_PAYLOAD_THRESHOLD
                    && accumulated != null && accumulated.readableBytes()
                            >= codec.pendingPayloadLength() / NettyTransportConstants.OWNED_PAYLOAD_START_DIVISOR) {
                startOwnedPayload(codec.pendingPayloadLength());
                return next();
            }
            return null;
        }
        releaseIfDrained();
        return result;
    }

    /** Moves the start of the payload out of the accumulation buffer into an array of its own. */
    private void startOwnedPayload(int length) {
        ownedPayload = new byte[length];
        if (accumulated != null) {
            int n = Math.min(length, accumulated.readableBytes());
            accumulated.readBytes(ownedPayload, 0, n);
            ownedFilled = n;
            releaseIfDrained();
        }
    }

    private void releaseIfDrained() {
        if (accumulated != null && !accumulated.isReadable()) {
            accumulated.release();
            accumulated = null;
        }
    }

    /**
     * Whether a complete frame may be waiting here, judged without decoding (a peek at the announced
     * length): used after the peer closed, to decide whether its last frames can still be delivered.
     *
     * @return false when the bytes here cannot make a whole frame
     */
    boolean mayHoldCompleteFrame() {
        if (released) {
            return false;
        }
        if (ownedPayload != null) {
            return ownedFilled == ownedPayload.length;
        }
        int available = accumulated == null ? 0 : accumulated.readableBytes();
        if (codec.isAwaitingPayload()) {
            return available >= codec.pendingPayloadLength();
        }
        if (available < WireLimits.HEADER_LENGTH) {
            return false;
        }
        long announced = accumulated.getUnsignedIntLE(accumulated.readerIndex() + LENGTH_FIELD_OFFSET);
        return available >= WireLimits.HEADER_LENGTH + announced;
    }

    /** @return whether a large payload is being read into an array of its own (for tests) */
    boolean assemblingOwnedPayload() {
        return ownedPayload != null;
    }

    /** @return bytes received and not yet decoded */
    int bufferedBytes() {
        return (accumulated == null ? 0 : accumulated.readableBytes()) + (ownedPayload == null ? 0 : ownedFilled);
    }

    /** Frees the buffer; later bytes are dropped. Idempotent. */
    void release() {
        released = true;
        ownedPayload = null;
        if (accumulated != null) {
            accumulated.release();
            accumulated = null;
        }
    }
}
