package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.peerset.api.PeerSetException;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.TrafficCounter;
import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over one Netty channel: the channel handler that owns the connection's
 * {@link FrameCodec}, delivers decoded messages against demand, encodes what is sent, and reports
 * the close exactly once.
 *
 * <h2>Inbound</h2>
 * The channel runs with {@code AUTO_READ} off: the socket is read only while the handler has demand
 * and no complete frame is buffered, so a peer that floods us is held back by TCP flow control.
 * Frames are decoded one at a time, just before delivery, which is what lets a handler call
 * {@link #completeHandshake(long)} inside {@code onMessage(verack)} and have the next, already
 * buffered frame decoded with the new cap. Unknown commands are reported without using demand. A
 * decode error closes the connection with {@link CloseReason.Kind#DECODE_ERROR}.
 *
 * <h2>Remote close</h2>
 * When the peer ends the stream, the complete frames it sent before are still delivered (against
 * demand) and {@link ConnectionHandler#onClosed(CloseReason)} follows them. This keeps NIO and epoll
 * alike: epoll may read the rest of the stream and the end together, NIO only on demand. A
 * consequence of reading only on demand: a peer that goes away while this side asks for nothing is
 * noticed when demand returns or a send fails (the heartbeat's job, reference section 6.10).
 *
 * <h2>Handler failures</h2>
 * A handler that throws is a bug on this side; the exception is logged and the connection closed
 * ({@link CloseReason.Kind#LOCAL}, "handler failed: ..."), so a half-processed stream is not read on.
 *
 * <h2>Outbound</h2>
 * {@link #send(Message)} encodes on the event loop (the codec is not thread-safe) and writes; a
 * flush is scheduled once per burst rather than per frame, which saves a system call per message
 * when a handler answers many at once. Frames go out in call order: a send from the event loop
 * itself is written at once only when no send from another thread is still queued to it. Send
 * futures complete on the event loop. {@link #isWritable()} counts the bytes the loop has taken:
 * sends still queued to it from other threads are not counted yet, so producers off the loop
 * should check writability from {@link #executor()}.
 *
 * <h2>Threading</h2>
 * Every field without a lock or an atomic is touched on the channel's event loop only; every
 * handler call runs there, one at a time. Public methods may be called from any thread: those that
 * touch loop state hop to the loop ({@link #request(long)} and {@link #completeHandshake(long)}
 * should be called on it, as the contract says, and run immediately there).
 */
final class NettyConnection implements Connection {

    private static final Logger log = LoggerFactory.getLogger(NettyConnection.class);

    /** The local address reported when the channel has no IP address (an embedded test channel). */
    private static final PeerAddress UNSPECIFIED_ADDRESS =
            new PeerAddress(InetAddress.getLoopbackAddress(), 0);

    private final Channel channel;
    private final Network network;
    private final boolean inbound;
    private final PeerAddress remoteAddress;
    private final FrameCodec codec;
    private final InboundFrameBuffer inboundFrames;
    private final ChannelEvents events = new ChannelEvents();
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();

    /** Set once by the first close request, from any thread: later sends fail at once. */
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    /** The first reason the connection ends for wins; the others are ignored. */
    private final AtomicReference<CloseReason> reason = new AtomicReference<>();
    /** Sends handed to the event loop from other threads and not yet written (ordering, see class doc). */
    private final AtomicInteger queuedSends = new AtomicInteger();
    private volatile String localCloseReason = "closed";
    private volatile PeerAddress localAddress;
    /** Written on the event loop only; volatile so other threads read a whole value. */
    private volatile long bytesReceived;
    private volatile long bytesSent;
    private final TrafficCounter traffic;

    // Event-loop confined.
    private ConnectionHandler handler;
    private long demand;
    private boolean delivering;
    /** This side closes (request or decode error): nothing more is delivered. */
    private boolean inputStopped;
    /** The peer ended the stream; complete frames received before may still be delivered. */
    private boolean inputEnded;
    private boolean channelInactive;
    private boolean closedReported;
    private boolean flushScheduled;
    private ScheduledFuture<?> forcedClose;

    /** One flush per burst of writes (see class doc). */
    private final Runnable flushTask = this::flushScheduledWrites;

    /**
     * @param channel       the channel, with {@code AUTO_READ} off; add {@link #channelHandler()} to
     *                      its pipeline
     * @param network       whose magic frames the stream
     * @param inbound       whether the peer opened the connection
     * @param remoteAddress the peer
     * @param traffic       counts this connection's frames by command, with its transport's others
     */
    NettyConnection(Channel channel, Network network, boolean inbound, PeerAddress remoteAddress,
                    TrafficCounter traffic) {
        this.channel = requireNonNull(channel, "channel");
        this.traffic = requireNonNull(traffic, "traffic");
        this.network = requireNonNull(network, "network");
        this.inbound = inbound;
        this.remoteAddress = requireNonNull(remoteAddress, "remoteAddress");
        this.codec = FrameCodec.forHandshake(network);
        this.inboundFrames = new InboundFrameBuffer(codec, channel.alloc());
        captureLocalAddress();
    }

    /** @return the handler to put in the channel's pipeline (one per connection) */
    ChannelHandler channelHandler() {
        return events;
    }

    /** Records the local address once the channel has one (after connect for outbound channels). */
    void captureLocalAddress() {
        if (localAddress == null) {
            SocketAddress local = channel.localAddress();
            if (local instanceof InetSocketAddress inet && !inet.isUnresolved()) {
                localAddress = PeerAddress.of(inet);
            }
        }
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public PeerAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public PeerAddress localAddress() {
        PeerAddress local = localAddress;
        return local != null ? local : UNSPECIFIED_ADDRESS;
    }

    @Override
    public boolean isInbound() {
        return inbound;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean inExecutor() {
        return channel.eventLoop().inEventLoop();
    }

    @Override
    public void attach(ConnectionHandler newHandler) {
        requireNonNull(newHandler, "handler");
        boolean scheduled = runOnLoop(() -> {
            handler = newHandler;
            if (closedReported) {
                // A close is never missed: the new owner hears it as the old one did.
                callHandler(h -> h.onClosed(reason.get()));
            } else {
                deliver();
            }
        });
        if (!scheduled) {
            // The event loop is gone (the transport was closed), so the channel is closed too.
            newHandler.onClosed(closeFuture.getNow(CloseReason.local("transport closed")));
        }
    }

    @Override
    public void request(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 1)");
        }
        if (channel.eventLoop().inEventLoop()) {
            // The usual caller (a handler asking for the next message): no task, no capture.
            addDemand(n);
        } else {
            runOnLoop(() -> addDemand(n));
        }
    }

    private void addDemand(long n) {
        demand = Long.MAX_VALUE - demand < n ? Long.MAX_VALUE : demand + n;
        deliver();
    }

    @Override
    public void completeHandshake(long negotiatedVersion) {
        if (negotiatedVersion < 0 || negotiatedVersion > 0xffff_ffffL) {
            throw new IllegalArgumentException("negotiatedVersion: " + negotiatedVersion + " (expected: 0..4294967295)");
        }
        runOnLoop(() -> codec.completeHandshake(negotiatedVersion));
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        requireNonNull(message, "message");
        CompletableFuture<Void> sent = new CompletableFuture<>();
        // Counted before the close check, so that a close that does not see this send queued has
        // made this check fail (see closeAfterFlush).
        queuedSends.incrementAndGet();
        if (closeRequested.get() || closeFuture.isDone()) {
            queuedSends.decrementAndGet();
            sent.completeExceptionally(closedError(null));
            return sent;
        }
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop() && queuedSends.get() == 1) {
            queuedSends.decrementAndGet();
            write(message, sent);
            return sent;
        }
        try {
            loop.execute(() -> {
                queuedSends.decrementAndGet();
                write(message, sent);
            });
        } catch (RejectedExecutionException e) {
            queuedSends.decrementAndGet();
            sent.completeExceptionally(closedError(e));
        }
        return sent;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void close(String why) {
        requireNonNull(why, "reason");
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        localCloseReason = why;
        // If the loop is gone, shutting it down closed the channel: nothing left to do.
        runOnLoop(this::closeAfterFlush);
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return !closeRequested.get() && !closeFuture.isDone() && channel.isActive();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String toString() {
        return "NettyConnection[" + (inbound ? "inbound from " : "outbound to ") + remoteAddress + "]";
    }

    /** @return the frame buffer, for pipeline tests (event loop only) */
    InboundFrameBuffer inboundFrames() {
        return inboundFrames;
    }

    // ---- event loop only below ----

    /** Delivers buffered frames while there is demand, then reads more if demand is left. */
    private void deliver() {
        if (delivering) {
            // request() from inside a handler call: the loop below sees the new demand.
            return;
        }
        delivering = true;
        try {
            while (!closedReported && !inputStopped && !closeRequested.get() && handler != null && demand > 0) {
                DecodeResult result;
                try {
                    result = inboundFrames.next();
                } catch (WireFormatException e) {
                    onDecodeError(e);
                    return;
                }
                if (result == null) {
                    break;
                }
                if (result instanceof DecodeResult.Decoded decoded) {
                    traffic.received(decoded.message().command(), WireLimits.HEADER_LENGTH + decoded.payloadLength());
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                    deliverMessage(decoded.message());
                } else if (result instanceof DecodeResult.Skipped skipped) {
                    traffic.received(skipped.command(), WireLimits.HEADER_LENGTH + skipped.payloadLength());
                    log.debug("{}: skipped unknown command \"{}\" ({} bytes)", remoteAddress,
                            skipped.command(), skipped.payloadLength());
                    callHandler(h -> h.onUnknownCommand(skipped.command(), skipped.payloadLength()));
                }
            }
        } finally {
            delivering = false;
        }
        if (inputEnded && !closedReported && (inputStopped || !inboundFrames.mayHoldCompleteFrame())) {
            reportClosed();
            return;
        }
        readIfDemanded();
    }

    /**
     * Asks the socket for more bytes when the handler wants messages that are not buffered, or
     * while less than {@link NettyTransportConstants#READ_AHEAD_LIMIT} waits undecoded. Reading a
     * little ahead keeps the read interest armed between messages (with AUTO_READ off, Netty would
     * otherwise disarm and re-arm it around every message: two system calls each); beyond the
     * limit, a peer that sends faster than the handler asks meets TCP flow control.
     */
    private void readIfDemanded() {
        if (handler != null && !closedReported && !inputStopped && !closeRequested.get() && !inputEnded
                && channel.isActive()
                && (demand > 0 || inboundFrames.bufferedBytes() < NettyTransportConstants.READ_AHEAD_LIMIT)) {
            channel.read();
        }
    }

    private void onDecodeError(WireFormatException error) {
        log.debug("{}: closing the connection, invalid input: {}", remoteAddress, error.getMessage());
        reason.compareAndSet(null, CloseReason.decodeError(error));
        closeRequested.set(true);
        closeAfterFlush();
    }

    /**
     * Stops delivery, writes what was sent, then closes; closes anyway after
     * {@link NettyTransportConstants#CLOSE_FLUSH_TIMEOUT} if the peer takes no bytes.
     */
    private void closeAfterFlush() {
        if (queuedSends.get() > 0 && runLater(this::closeAfterFlush)) {
            // Sends made before the close are still queued to this loop: close after them.
            return;
        }
        if (closedReported || forcedClose != null) {
            return;
        }
        inputStopped = true;
        if (inputEnded) {
            reason.compareAndSet(null, CloseReason.remote());
        }
        reason.compareAndSet(null, CloseReason.local(localCloseReason));
        if (channelInactive) {
            reportClosed();
            return;
        }
        forcedClose = channel.eventLoop().schedule(() -> {
            log.debug("{}: frames not taken within {}; closing without them", remoteAddress,
                    NettyTransportConstants.CLOSE_FLUSH_TIMEOUT);
            channel.close();
        }, NettyTransportConstants.CLOSE_FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Writes complete in order: this empty one completes once everything before it is written.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void onChannelInactive() {
        channelInactive = true;
        if (closeRequested.get()) {
            reason.compareAndSet(null, CloseReason.local(localCloseReason));
        }
        if (reason.get() != null) {
            reportClosed();
            return;
        }
        // The peer ended the stream: deliver what it sent before, then report (see deliver).
        inputEnded = true;
        deliver();
    }

    private void reportClosed() {
        if (closedReported) {
            return;
        }
        closedReported = true;
        reason.compareAndSet(null, CloseReason.remote());
        CloseReason closed = reason.get();
        inboundFrames.release();
        if (forcedClose != null) {
            forcedClose.cancel(false);
        }
        if (channel.isOpen()) {
            channel.close();
        }
        log.debug("{}: connection closed ({})", remoteAddress, closed);
        if (handler != null) {
            callHandler(h -> h.onClosed(closed));
        }
        closeFuture.complete(closed);
    }

    private void write(Message message, CompletableFuture<Void> sent) {
        if (closedReported || !channel.isActive()) {
            sent.completeExceptionally(closedError(null));
            return;
        }
        ByteBuffer frame;
        try {
            frame = codec.encode(message);
        } catch (RuntimeException e) {
            // WireFormatException: this message cannot be sent; the connection is not affected.
            sent.completeExceptionally(e);
            return;
        }
        int length = frame.remaining();
        channel.write(Unpooled.wrappedBuffer(frame)).addListener(f -> {
            if (f.isSuccess()) {
                bytesSent += length;
                traffic.sent(message.command(), length);
                sent.complete(null);
            } else {
                Throwable cause = f.cause();
                if (cause instanceof IOException && !(cause instanceof ClosedChannelException)) {
                    // A write error closes the channel without an exceptionCaught event.
                    reason.compareAndSet(null, CloseReason.ioError(cause));
                }
                sent.completeExceptionally(closedError(cause));
            }
        });
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flushScheduledWrites() {
        flushScheduled = false;
        channel.flush();
    }

    private PeerSetException closedError(Throwable cause) {
        CloseReason closed = reason.get();
        return new PeerSetException("connection to " + remoteAddress + " is closed"
                + (closed != null ? " (" + closed + ")" : ""), cause);
    }

    /** {@link #callHandler} for a message, without a capturing lambda per message. */
    private void deliverMessage(Message message) {
        ConnectionHandler current = handler;
        try {
            current.onMessage(message);
        } catch (RuntimeException e) {
            log.warn("{}: connection handler {} failed; closing the connection", remoteAddress.redacted(),
                    current.getClass().getName(), e);
            close("handler failed: " + e);
        }
    }

    /** Calls the current handler; a handler that throws is logged and the connection closed. */
    private void callHandler(Consumer<ConnectionHandler> call) {
        ConnectionHandler current = handler;
        try {
            call.accept(current);
        } catch (RuntimeException e) {
            log.warn("{}: connection handler {} failed; closing the connection", remoteAddress.redacted(),
                    current.getClass().getName(), e);
            close("handler failed: " + e);
        }
    }

    /** Runs on the event loop: at once when already there. @return false if the loop is shut down */
    private boolean runOnLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Queues a task behind the ones already on the loop. @return false if the loop is shut down */
    private boolean runLater(Runnable task) {
        try {
            channel.eventLoop().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The channel's events, forwarded to the connection (on the event loop). */
    private final class ChannelEvents extends ChannelDuplexHandler {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            captureLocalAddress();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf bytes)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            bytesReceived += bytes.readableBytes();
            if (closedReported || inputStopped) {
                bytes.release();
                return;
            }
            inboundFrames.add(bytes);
            deliver();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // A read that produced no bytes still ends here: ask again, or demand would stall.
            readIfDemanded();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (handler != null && !closedReported) {
                boolean writable = channel.isWritable();
                callHandler(h -> h.onWritabilityChanged(writable));
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{}: I/O error, closing: {}", remoteAddress, cause.toString());
            reason.compareAndSet(null, CloseReason.ioError(cause));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onChannelInactive();
            ctx.fireChannelInactive();
        }
    }
}
