package io.peerset.api.spi;

import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One established stream to a peer, carrying decoded {@link Message}s. Framing lives in the
 * transport, with the API's {@link io.peerset.wire.FrameCodec}: payloads are capped at
 * {@value io.peerset.wire.WireLimits#MAX_HANDSHAKE_PAYLOAD_LENGTH} bytes until
 * {@link #completeHandshake(long)} and at {@value io.peerset.wire.WireLimits#MAX_PAYLOAD_LENGTH}
 * afterwards.
 *
 * <h2>Inbound: pull, with demand</h2>
 * Nothing is delivered before {@link #attach(ConnectionHandler)}. Messages are then delivered only
 * against demand signalled with {@link #request(long)}. Without demand a transport reads at most a
 * small, bounded amount ahead (the Netty transport: 64 KiB) and then stops reading the socket, so a
 * flooding peer is held back by TCP flow control instead of filling memory.
 * Frames already received stay undecoded until demand arrives, which is what lets the handshake
 * switch the codec (after {@code verack}) before the next frame is decoded. The same holds for the
 * end of the stream: frames the peer sent before closing are delivered first, and a close (or a
 * reset) may go unnoticed while there is no demand, until demand returns or a send fails.
 *
 * <h2>Outbound: futures and water marks</h2>
 * {@link #send(Message)} may be called from any thread; frames go out in call order. Its future
 * completes, on {@link #executor()}, when the frame has been handed to the operating system,
 * exceptionally when the message cannot be encoded or the connection is closed.
 * {@link #isWritable()} turns false while the bytes waiting to be written exceed the high water
 * mark, and the handler hears each change; it counts only sends the executor has already taken, so
 * producers should read it on the executor.
 *
 * <h2>Close</h2>
 * {@link #close(String)} flushes what was already sent, then closes; it is idempotent and may be
 * called from any thread. A decode error or an I/O error closes the connection too. In every case
 * the handler's {@link ConnectionHandler#onClosed(CloseReason)} runs exactly once (if one is attached) and
 * {@link #closeFuture()} completes with the same reason. {@link #isOpen()} turns false as soon as
 * a close is requested. A handler that throws closes the connection (kind {@code LOCAL}, reason
 * "handler failed: ..."): handlers should not throw.
 *
 * <h2>Threading</h2>
 * Every handler call for this connection runs on {@link #executor()}, one at a time. Components that
 * keep per-connection state run their own work on the same executor and need no locks.
 * {@link #request(long)} and {@link #completeHandshake(long)} should be called on it (an
 * implementation may hand a call from elsewhere over to it, which delays its effect). Once the
 * connection and its transport are closed, the executor may reject tasks.
 */
public interface Connection {

    /** @return the network whose magic frames this connection */
    Network network();

    /** @return the remote peer's address */
    PeerAddress remoteAddress();

    /** @return this side's address of the stream */
    PeerAddress localAddress();

    /** @return whether the remote peer opened this connection */
    boolean isInbound();

    /**
     * @return the serial executor on which handler calls run; tasks submitted to it run one at a
     *         time, in order, and never concurrently with a handler call
     */
    Executor executor();

    /**
     * Whether the calling thread is the one {@link #executor()} runs tasks on, so that code confined
     * to it can assert so, as Netty's pipeline does ({@code assert connection.inExecutor()}).
     *
     * @return whether the caller runs on this connection's executor; the default, for transports
     *         that cannot tell, is {@code true} (no check)
     */
    default boolean inExecutor() {
        return true;
    }

    /**
     * Installs the handler that receives this connection's events. The first call allows delivery;
     * later calls, made on {@link #executor()}, replace the handler, so that the handshake and the
     * connection state machine can each own the stream in turn (demand carries over, so the phase
     * that hands over should leave none outstanding). If the connection is already closed, the new
     * handler's {@link ConnectionHandler#onClosed(CloseReason)} is called on the executor, so a
     * close is never missed.
     *
     * @param handler receives messages, writability changes and the close
     */
    void attach(ConnectionHandler handler);

    /**
     * Adds demand for {@code n} more messages. Call on {@link #executor()}.
     *
     * @param n how many more messages may be delivered, at least 1 ({@link Long#MAX_VALUE} means
     *          unbounded)
     * @throws IllegalArgumentException if {@code n < 1}
     */
    void request(long n);

    /**
     * Switches the codec to the negotiated version and the full payload cap. Call on
     * {@link #executor()}, before adding demand for the first message after the handshake.
     *
     * @param negotiatedVersion min(our version, the remote version), which {@code getblocks} and
     *                          {@code getheaders} must carry both ways
     */
    void completeHandshake(long negotiatedVersion);

    /**
     * Encodes and writes {@code message}. Thread-safe; frames go out in call order.
     *
     * @param message the message
     * @return completes when the frame was handed to the operating system; exceptionally with a
     *         {@link io.peerset.wire.WireFormatException} if it cannot be encoded (the
     *         connection stays open), or a {@link io.peerset.api.PeerSetException} if the
     *         connection is closed
     */
    CompletableFuture<Void> send(Message message);

    /** @return whether the bytes waiting to be written are below the high water mark */
    boolean isWritable();

    /**
     * Flushes what was sent, then closes. Idempotent; thread-safe.
     *
     * @param reason why, for logs and the handler's {@link CloseReason}
     */
    void close(String reason);

    /** @return completes (normally) with the reason once the connection is closed */
    CompletableFuture<CloseReason> closeFuture();

    /** @return whether the connection is still open */
    boolean isOpen();

    /** @return bytes received from the peer so far, framing included */
    long bytesReceived();

    /** @return bytes written to the peer so far, framing included */
    long bytesSent();
}
