package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetException;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link Connection} of the in-memory transport. It behaves like the TCP one where it matters to
 * the code above it: real frames through {@link FrameCodec} (so caps, magics and checksums apply),
 * delivery only against demand, bytes left undecoded while there is none (and the close behind
 * them), writability from the bytes the peer has not consumed yet, close after what was sent.
 *
 * <p>Threading: all state is confined to the network's {@link VirtualScheduler}, which is also
 * {@link #executor()}; {@link #send}, {@link #close} and {@link #attach} may be called from any
 * thread and hand over to it.
 */
final class InMemoryConnection implements Connection, Endpoint {

    private final InMemoryNetwork network;
    private final InMemoryTransport transport;
    private final TransportConfig config;
    private final PeerAddress local;
    private final PeerAddress remote;
    private final boolean inbound;
    private final FrameCodec codec;
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private Endpoint peer;
    private volatile ConnectionHandler handler;
    private ConnectionHandler toldOfClose;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private long demand;
    private boolean pumping;
    private boolean remoteEof;
    private CloseReason closed;
    private long unconsumedByPeer;
    /** One-way delay of what this end sends: the network's, or the link's when it has its own. */
    private Duration latency;
    private boolean writable = true;
    private volatile long bytesReceived;
    private volatile long bytesSent;

    InMemoryConnection(InMemoryNetwork network, InMemoryTransport transport, TransportConfig config,
                       PeerAddress local, PeerAddress remote, boolean inbound) {
        this.network = network;
        this.transport = transport;
        this.config = config;
        this.local = local;
        this.remote = remote;
        this.inbound = inbound;
        this.codec = FrameCodec.forHandshake(config.network());
        this.latency = network.latency();
    }

    void peer(Endpoint peer) {
        this.peer = peer;
    }

    /** @param oneWay the delay of every delivery to the peer, from now on (the link's latency) */
    void latency(Duration oneWay) {
        this.latency = oneWay;
    }

    @Override
    public Network network() {
        return config.network();
    }

    @Override
    public PeerAddress remoteAddress() {
        return remote;
    }

    @Override
    public PeerAddress localAddress() {
        return local;
    }

    @Override
    public boolean isInbound() {
        return inbound;
    }

    @Override
    public Executor executor() {
        return network.scheduler();
    }

    @Override
    public boolean inExecutor() {
        return network.scheduler().inExecutor();
    }

    @Override
    public void attach(ConnectionHandler newHandler) {
        requireNonNull(newHandler, "handler");
        // Set at once: a replacement happens on the executor and must own the very next delivery.
        handler = newHandler;
        network.scheduler().execute(() -> {
            if (handler != newHandler) {
                return;
            }
            if (closed != null) {
                if (toldOfClose != newHandler) {
                    toldOfClose = newHandler;
                    newHandler.onClosed(closed);
                }
            } else {
                pump();
            }
        });
    }

    @Override
    public void request(long n) {
        Checks.atLeast("n", n, 1);
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        pump();
    }

    @Override
    public void completeHandshake(long negotiatedVersion) {
        codec.completeHandshake(negotiatedVersion);
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        requireNonNull(message, "message");
        CompletableFuture<Void> result = new CompletableFuture<>();
        // On the scheduler's thread the write happens at once, as a socket write from its own event
        // loop does in Netty; from another thread it is handed over. (A task per frame was a third of
        // the simulator's scheduler work.)
        if (inExecutor()) {
            sendNow(message, result);
        } else {
            network.scheduler().execute(() -> sendNow(message, result));
        }
        return result;
    }

    private void sendNow(Message message, CompletableFuture<Void> result) {
        if (closed != null) {
            result.completeExceptionally(new PeerSetException("cannot send " + message.command()
                    + " to " + remote + ": connection closed (" + closed + ")"));
            return;
        }
        ByteBuffer frame;
        try {
            frame = codec.encode(message);
        } catch (WireFormatException e) {
            result.completeExceptionally(e);
            return;
        }
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        unconsumedByPeer += bytes.length;
        if (!held.isEmpty() || network.isStalled(local)) {
            if (held.isEmpty()) {
                network.holds(this);
            }
            held.add(new Held(message.command(), bytes, result));
            updateWritability();
            return;
        }
        write(message.command(), bytes, result);
    }

    private void write(String command, byte[] bytes, CompletableFuture<Void> result) {
        bytesSent += bytes.length;
        transport.trafficCounter().sent(command, bytes.length);
        network.send(peer, bytes, latency);
        updateWritability();
        result.complete(null);
    }

    /** Runs on the scheduler when a test resumes the stalled writes of this connection's local address. */
    void resume() {
        while (!held.isEmpty() && closed == null) {
            Held h = held.poll();
            write(h.command, h.bytes, h.result);
        }
    }

    /** A frame a stalled connection holds, and the future its sender waits on. */
    private static final class Held {
        final String command;
        final byte[] bytes;
        final CompletableFuture<Void> result;

        Held(String command, byte[] bytes, CompletableFuture<Void> result) {
            this.command = command;
            this.bytes = bytes;
            this.result = result;
        }
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void close(String reason) {
        requireNonNull(reason, "reason");
        network.scheduler().execute(() -> closeNow(CloseReason.local(reason)));
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return !closeFuture.isDone();
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
    public void deliver(byte[] bytes) {
        if (closed != null) {
            return;
        }
        bytesReceived += bytes.length;
        ByteBuffer grown = ByteBuffer.allocate(buffer.remaining() + bytes.length);
        grown.put(buffer).put(bytes).flip();
        buffer = grown;
        pump();
    }

    @Override
    public void deliverEof() {
        remoteEof = true;
        pump();
    }

    @Override
    public void peerConsumed(int bytes) {
        unconsumedByPeer -= bytes;
        // Called inside the peer's delivery: a writability change is this end's own event, told to
        // its handler from a task of its own (as Netty fires it from the channel's loop), never
        // re-entrantly from the peer's handler. Only a write buffer above its high mark can change.
        if (!writable && unconsumedByPeer < config.writeBufferLowWaterMark()) {
            network.scheduler().execute(this::updateWritability);
        }
    }

    /** Decodes and delivers what demand allows; re-entrant calls (from a handler) just return. */
    private void pump() {
        if (pumping || handler == null || closed != null) {
            return;
        }
        pumping = true;
        try {
            while (closed == null && demand > 0) {
                int before = buffer.position();
                DecodeResult result;
                try {
                    result = codec.decode(buffer);
                } catch (WireFormatException e) {
                    closeNow(CloseReason.decodeError(e));
                    return;
                }
                consumed(buffer.position() - before);
                if (result instanceof DecodeResult.NeedMoreBytes) {
                    break;
                }
                if (result instanceof DecodeResult.Skipped skipped) {
                    transport.trafficCounter().received(skipped.command(), WireLimits.HEADER_LENGTH + skipped.payloadLength());
                    handler.onUnknownCommand(skipped.command(), skipped.payloadLength());
                } else {
                    DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
                    transport.trafficCounter().received(decoded.message().command(),
                            WireLimits.HEADER_LENGTH + decoded.payloadLength());
                    demand = demand == Long.MAX_VALUE ? demand : demand - 1;
                    handler.onMessage(decoded.message());
                }
            }
            if (closed == null && remoteEof && demand > 0) {
                // As with TCP read on demand: the peer's close is seen only once what it sent before
                // has been read, and only while the handler asks for more.
                closeNow(CloseReason.remote());
            }
        } finally {
            pumping = false;
        }
    }

    private void consumed(int bytes) {
        if (bytes > 0 && peer != null) {
            // counted at once (a task per frame was a tenth of a simulation's tasks); a change of
            // the sender's writability still reaches its handler in a task of its own
            peer.peerConsumed(bytes);
        }
    }

    private void updateWritability() {
        boolean now = writable;
        if (writable && unconsumedByPeer > config.writeBufferHighWaterMark()) {
            now = false;
        } else if (!writable && unconsumedByPeer < config.writeBufferLowWaterMark()) {
            now = true;
        }
        if (now != writable) {
            writable = now;
            if (handler != null && closed == null) {
                handler.onWritabilityChanged(now);
            }
        }
    }

    private void closeNow(CloseReason reason) {
        if (closed != null) {
            return;
        }
        closed = reason;
        if (buffer.capacity() > 0) {
            buffer = ByteBuffer.allocate(0);
        }
        if (!held.isEmpty()) {
            network.released(this);
        }
        while (!held.isEmpty()) {
            held.poll().result.completeExceptionally(new PeerSetException("cannot send to " + remote
                    + ": connection closed (" + reason + ")"));
        }
        if (peer != null) {
            network.sendEof(peer, latency);
        }
        transport.forget(this);
        if (handler != null) {
            toldOfClose = handler;
            handler.onClosed(reason);
        }
        closeFuture.complete(reason);
    }
}
