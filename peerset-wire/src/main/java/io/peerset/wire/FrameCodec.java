package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Frames messages for one connection: the 24-byte header (magic, command, length, checksum) around
 * each payload, reference section 7.1.
 *
 * <p>Decoding is incremental and never buffers: the caller accumulates bytes and calls
 * {@link #decode(ByteBuffer)}, which consumes the header as soon as 24 bytes are there, checks the
 * magic and the announced length against the current limit <em>before</em> the payload is
 * buffered, and then asks for exactly the payload. The limit is
 * {@value WireLimits#MAX_HANDSHAKE_PAYLOAD_LENGTH} bytes until {@link #completeHandshake(long)},
 * {@value WireLimits#MAX_PAYLOAD_LENGTH} after. The checksum is verified over every payload, known
 * or not. After the handshake, the {@code getblocks}/{@code getheaders} we send must carry the
 * negotiated version, as the reference requires; those we receive decode whatever version they carry
 * (bcoin writes its own: a deviation from reference 7.3, explained in {@link PayloadCodec}). Encoding
 * refuses every frame the decoding side would reject.
 *
 * <p>{@link #decode(ByteBuffer)} copies a payload it decodes into messages that keep bytes
 * (blocks, transactions, headers), since the caller's buffer is usually reused. A transport that
 * can read a payload into an array of its own instead calls {@link #decodePayload(byte[])} once
 * {@link #isAwaitingPayload()}: the message then shares that array, and the only copy of a 2 MiB
 * block is the one from the socket.
 *
 * <p>Offsets in errors count bytes from the first byte this codec decoded. After a
 * {@link WireFormatException} the stream is out of step: close the connection.
 *
 * <p>Not thread-safe: one instance per connection, used by one thread at a time.
 */
public final class FrameCodec {


    private final Network network;
    private final Sha256d sha256d = new Sha256d();
    private int maxPayloadLength;
    private long negotiatedVersion;

    private long streamOffset;
    /** The parsed header of the frame whose payload we wait for, or null while waiting for a header. */
    private Header pending;

    private FrameCodec(Network network, int maxPayloadLength, long negotiatedVersion) {
        this.network = network;
        this.maxPayloadLength = maxPayloadLength;
        this.negotiatedVersion = negotiatedVersion;
    }

    /**
     * A codec for a new connection: payloads are capped at
     * {@value WireLimits#MAX_HANDSHAKE_PAYLOAD_LENGTH} bytes until {@link #completeHandshake(long)}.
     *
     * @param network the network whose magic frames must carry
     * @return the codec
     */
    public static FrameCodec forHandshake(Network network) {
        return builder(network).build();
    }

    /**
     * A codec past the handshake with no negotiated version: 2 MiB payloads, any version in
     * {@code getblocks}/{@code getheaders}. For offline decoding (the {@code peerset decode} command).
     *
     * @param network the network whose magic frames must carry
     * @return the codec
     */
    public static FrameCodec afterHandshake(Network network) {
        return builder(network).maxPayloadLength(WireLimits.MAX_PAYLOAD_LENGTH).build();
    }

    /**
     * @param network the network whose magic frames must carry
     * @return a builder
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return the current payload limit in bytes */
    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    /**
     * Raises the payload limit to {@value WireLimits#MAX_PAYLOAD_LENGTH} and fixes the version that
     * the {@code getblocks}/{@code getheaders} we encode must carry (received ones may carry any).
     *
     * @param version the negotiated version, min(ours, theirs), u32
     */
    public void completeHandshake(long version) {
        this.negotiatedVersion = Checks.u32("version", version);
        this.maxPayloadLength = WireLimits.MAX_PAYLOAD_LENGTH;
    }

    /**
     * Decodes at most one frame from {@code in}, consuming the bytes it used. Call again while the
     * result is not {@link DecodeResult.NeedMoreBytes}.
     *
     * @param in bytes received, from its position to its limit
     * @return a message, a skipped unknown command, or how many more bytes are needed
     * @throws WireFormatException if the bytes are not a valid frame; close the connection
     */
    public DecodeResult decode(ByteBuffer in) {
        requireNonNull(in, "in");
        DecodeResult waiting = readHeaderIfNeeded(in);
        if (waiting != null) {
            return waiting;
        }
        Header header = pending;
        if (in.remaining() < header.length) {
            return new DecodeResult.NeedMoreBytes(header.length - in.remaining());
        }
        ByteBuffer payload = in.slice().limit(header.length);
        in.position(in.position() + header.length);
        long payloadOffset = completeFrame(header, payload);
        if (header.command == null) {
            return new DecodeResult.Skipped(header.displayCommand, header.length);
        }
        Message message = PayloadCodec.decodeAt(header.command, payload, payloadOffset)
                .orElseThrow();
        return new DecodeResult.Decoded(message, header.length);
    }

    /**
     * Whether a header has been decoded and its payload is awaited: then
     * {@link #pendingPayloadLength()} says how long it is and {@link #decodePayload(byte[])} may be
     * used instead of {@link #decode(ByteBuffer)}.
     *
     * @return whether a payload is awaited
     */
    public boolean isAwaitingPayload() {
        return pending != null;
    }

    /**
     * @return the length of the payload announced by the last decoded header (already checked
     *         against the limit), or -1 when no payload is awaited
     */
    public int pendingPayloadLength() {
        return pending == null ? -1 : pending.length;
    }

    /**
     * Decodes the awaited payload from an array the caller hands over and never touches again: a
     * transport that reads a large payload straight into a fresh array of
     * {@link #pendingPayloadLength()} bytes lets a block, its transactions and headers share that
     * array, with no second copy of up to 2 MiB.
     *
     * @param payload exactly the awaited payload; ownership passes to the codec
     * @return the message or the skipped unknown command
     * @throws IllegalStateException if no payload is awaited or the length differs
     * @throws WireFormatException   if the payload is invalid; close the connection
     */
    public DecodeResult decodePayload(byte[] payload) {
        requireNonNull(payload, "payload");
        Header header = pending;
        if (header == null || payload.length != header.length) {
            throw new IllegalStateException("payload: " + payload.length + " bytes (expected: "
                    + (header == null ? "no payload before a header" : header.length + " announced by the header") + ")");
        }
        long payloadOffset = completeFrame(header, ByteBuffer.wrap(payload));
        if (header.command == null) {
            return new DecodeResult.Skipped(header.displayCommand, header.length);
        }
        Message message = PayloadCodec.decodeOwned(header.command, Bytes.wrapOwned(payload), payloadOffset);
        return new DecodeResult.Decoded(message, header.length);
    }

    /** Reads a header when none is pending; returns a need-more result, or null when a header is pending. */
    private DecodeResult readHeaderIfNeeded(ByteBuffer in) {
        if (pending == null) {
            if (in.remaining() < WireLimits.HEADER_LENGTH) {
                return new DecodeResult.NeedMoreBytes(WireLimits.HEADER_LENGTH - in.remaining());
            }
            pending = readHeader(in);
        }
        return null;
    }

    /** Accounts for the payload's bytes and verifies its checksum; returns the payload's stream offset. */
    private long completeFrame(Header header, ByteBuffer payload) {
        long payloadOffset = streamOffset;
        streamOffset += header.length;
        pending = null;
        int checksum = sha256d.checksum(payload);
        if (checksum != header.checksum) {
            throw new WireFormatException(header.displayCommand, "checksum", payloadOffset - 4,
                    String.format("%08x (expected: %08x, the SHA-256d of the payload)", header.checksum, checksum));
        }
        return payloadOffset;
    }

    private Header readHeader(ByteBuffer in) {
        long start = streamOffset;
        ByteBuffer h = in.slice().limit(WireLimits.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic != network.magic()) {
            throw new WireFormatException("frame", "magic", start, HexFormat.of().toHexDigits(magic)
                    + " (expected: " + network.magicHex() + " for " + network.name() + ")");
        }
        h.order(ByteOrder.LITTLE_ENDIAN);
        byte[] commandBytes = new byte[WireLimits.COMMAND_LENGTH];
        h.get(4, commandBytes);
        String command = knownCommand(commandBytes);
        String display = command != null ? command : displayCommand(commandBytes);
        long length = h.getInt(16) & 0xffff_ffffL;
        if (length > maxPayloadLength) {
            throw new WireFormatException(display, "payload length", start + 16, length
                    + " (expected: <= " + maxPayloadLength + (maxPayloadLength == WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH
                    ? " before the handshake completes)" : ")"));
        }
        int checksum = h.order(ByteOrder.BIG_ENDIAN).getInt(20);
        in.position(in.position() + WireLimits.HEADER_LENGTH);
        streamOffset += WireLimits.HEADER_LENGTH;
        return new Header(command, display, (int) length, checksum);
    }

    /** The command if it is known and correctly NUL-padded, else null. */
    private static String knownCommand(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        for (int i = end; i < raw.length; i++) {
            if (raw[i] != 0) {
                return null;
            }
        }
        for (int i = 0; i < end; i++) {
            if (raw[i] < 'a' || raw[i] > 'z') {
                if (raw[i] < '0' || raw[i] > '9') {
                    return null;
                }
            }
        }
        String command = new String(raw, 0, end, StandardCharsets.US_ASCII);
        return PayloadCodec.COMMANDS.contains(command) ? command : null;
    }

    /** Printable ASCII up to the padding; anything else escaped, so logs stay one readable line. */
    private static String displayCommand(byte[] raw) {
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        StringBuilder text = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            int b = raw[i] & 0xff;
            if (b >= 0x21 && b <= 0x7e && b != '\\' && b != '"') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }

    /**
     * Encodes one complete frame.
     *
     * @param message the message
     * @return a heap buffer holding exactly the frame, positioned at 0
     * @throws WireFormatException if the payload exceeds the current limit, or a
     *                             {@code getblocks}/{@code getheaders} version differs from the
     *                             negotiated one
     */
    public ByteBuffer encode(Message message) {
        requireNonNull(message, "message");
        checkVersion(message);
        WireWriter w = new WireWriter(WireLimits.HEADER_LENGTH, PayloadCodec.sizeHint(message));
        PayloadCodec.encode(message, w);
        int length = w.position() - WireLimits.HEADER_LENGTH;
        if (length > maxPayloadLength) {
            throw new WireFormatException(message.command(), "payload length", -1, length
                    + " (expected: <= " + maxPayloadLength + ")");
        }
        ByteBuffer frame = ByteBuffer.wrap(w.array(), 0, w.position());
        ByteBuffer payload = ByteBuffer.wrap(w.array(), WireLimits.HEADER_LENGTH, length);
        frame.order(ByteOrder.BIG_ENDIAN).putInt(0, network.magic());
        byte[] command = message.command().getBytes(StandardCharsets.US_ASCII);
        frame.put(4, command);
        frame.order(ByteOrder.LITTLE_ENDIAN).putInt(16, length);
        frame.order(ByteOrder.BIG_ENDIAN).putInt(20, sha256d.checksum(payload));
        return frame.order(ByteOrder.BIG_ENDIAN);
    }

    private void checkVersion(Message message) {
        if (!(message instanceof LocatorMessage locator)) {
            return;
        }
        long version = locator.version();
        if (negotiatedVersion != PayloadCodec.ANY_VERSION && version != negotiatedVersion) {
            throw new WireFormatException(message.command(), "version", -1, version
                    + " (expected: the negotiated version " + negotiatedVersion + ")");
        }
    }

    private record Header(String command, String displayCommand, int length, int checksum) {
    }

    /**
     * Configures a {@link FrameCodec}. Not thread-safe.
     */
    public static final class Builder {
        private final Network network;
        private int maxPayloadLength = WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH;
        private long negotiatedVersion = PayloadCodec.ANY_VERSION;

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param length the payload limit; default {@value WireLimits#MAX_HANDSHAKE_PAYLOAD_LENGTH};
         *               range 0..{@value WireLimits#MAX_PAYLOAD_LENGTH}
         * @return this builder
         */
        public Builder maxPayloadLength(int length) {
            if (length < 0 || length > WireLimits.MAX_PAYLOAD_LENGTH) {
                throw new IllegalArgumentException("maxPayloadLength: " + length + " (expected: 0.."
                        + WireLimits.MAX_PAYLOAD_LENGTH + ")");
            }
            this.maxPayloadLength = length;
            return this;
        }

        /**
         * @param version the version encoded {@code getblocks}/{@code getheaders} must carry (decoded
         *                ones may carry any); default: any
         * @return this builder
         */
        public Builder negotiatedVersion(long version) {
            this.negotiatedVersion = Checks.u32("negotiatedVersion", version);
            return this;
        }

        /** @return the codec */
        public FrameCodec build() {
            return new FrameCodec(network, maxPayloadLength, negotiatedVersion);
        }
    }
}
