package io.peerset.core;

import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A peer on a plain blocking {@link Socket}, for what no well-behaved transport would send: raw
 * bytes, garbage, oversized frames. It can also speak proper frames (with the API's
 * {@link FrameCodec}) to get through a handshake first. Every read is bounded by the socket's read
 * timeout. Used from the test thread only.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final FrameCodec codec;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    RawPeer(Network network, PeerAddress address, Duration readTimeout) throws IOException {
        this.socket = new Socket(address.ip(), address.port());
        this.socket.setSoTimeout((int) readTimeout.toMillis());
        this.socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.codec = FrameCodec.forHandshake(network);
    }

    /** Writes bytes as they are. */
    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Writes one properly framed message. */
    void send(Message message) throws IOException {
        ByteBuffer frame = codec.encode(message);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        write(bytes);
    }

    /** Switches the codec to the negotiated version and the 2 MiB payload cap. */
    void completeHandshake(long negotiatedVersion) {
        codec.completeHandshake(negotiatedVersion);
    }

    /**
     * Reads the next known message, skipping unknown commands.
     *
     * @throws SocketTimeoutException if none arrives within the read timeout
     * @throws IOException            if the stream ends first
     */
    Message read() throws IOException {
        while (true) {
            DecodeResult result = codec.decode(buffer);
            if (result instanceof DecodeResult.Decoded decoded) {
                return decoded.message();
            }
            if (result instanceof DecodeResult.NeedMoreBytes need) {
                fill(need.bytesNeeded());
            }
        }
    }

    /** Reads the next message of {@code type}, skipping others. */
    <T extends Message> T read(Class<T> type) throws IOException {
        while (true) {
            Message message = read();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    /**
     * Reads and discards until the peer closes the stream.
     *
     * @return true if the stream ended (orderly close or reset) within the read timeout
     */
    boolean awaitClosedByPeer() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // discard what the peer sent before closing (its version, for example)
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed as well
        }
    }

    private void fill(int atLeast) throws IOException {
        buffer.compact();
        if (buffer.remaining() < atLeast) {
            ByteBuffer bigger = ByteBuffer.allocate(buffer.position() + atLeast);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        int target = buffer.position() + atLeast;
        while (buffer.position() < target) {
            int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            if (n < 0) {
                throw new IOException("stream ended");
            }
            buffer.position(buffer.position() + n);
        }
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
