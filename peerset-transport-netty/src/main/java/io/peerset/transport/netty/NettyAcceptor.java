package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.wire.PeerAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Acceptor} over a Netty server channel that runs with {@code AUTO_READ} off: each
 * {@link #accept()} asks the channel for one read, so connections the caller has not asked for
 * wait in the operating system's backlog and the caller paces accepts (reference section 2.2).
 *
 * <p>Netty may still hand over more connections than were asked for; they wait in a queue of at
 * most {@link NettyTransportConstants#MAX_UNCLAIMED_INBOUND_CONNECTIONS} for the next
 * {@code accept()}, and any beyond it are closed. A failed accept (out of file descriptors) is
 * retried after {@link NettyTransportConstants#ACCEPT_RETRY_DELAY} while an accept is outstanding.
 *
 * <p>Thread-safe: the accept state is guarded by a lock; Netty's events arrive on the server
 * channel's event loop, connections on their own loops.
 */
final class NettyAcceptor implements Acceptor {

    /** The most {@link #close()} waits for the listening socket to close (it takes microseconds). */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(NettyAcceptor.class);

    private final Consumer<NettyAcceptor> onClose;
    private final AcceptEvents events = new AcceptEvents();
    private final Object lock = new Object();

    private volatile Channel serverChannel;
    private volatile PeerAddress localAddress;

    // Guarded by lock.
    private CompletableFuture<Connection> pendingAccept;
    private final ArrayDeque<NettyConnection> unclaimed = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param onClose called once when this acceptor closes (the transport stops tracking it)
     */
    NettyAcceptor(Consumer<NettyAcceptor> onClose) {
        this.onClose = requireNonNull(onClose, "onClose");
    }

    /** @return the handler for the server channel's pipeline */
    ChannelHandler serverChannelHandler() {
        return events;
    }

    /**
     * Completes the set-up once the server channel is bound.
     *
     * @param channel the bound server channel
     */
    void bound(Channel channel) {
        this.serverChannel = channel;
        this.localAddress = PeerAddress.of((InetSocketAddress) channel.localAddress());
        // The channel may also close without us (an unexpected error): fail the accept then too.
        channel.closeFuture().addListener(f -> close());
    }

    @Override
    public PeerAddress localAddress() {
        return localAddress;
    }

    @Override
    public CompletableFuture<Connection> accept() {
        CompletableFuture<Connection> accepted;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            if (pendingAccept != null) {
                throw new IllegalStateException("accept: an accept is already outstanding on " + localAddress);
            }
            NettyConnection waiting = unclaimed.poll();
            if (waiting != null) {
                return CompletableFuture.completedFuture(waiting);
            }
            accepted = new CompletableFuture<>();
            pendingAccept = accepted;
        }
        serverChannel.read();
        return accepted;
    }

    /**
     * Hands a newly accepted connection to the outstanding accept, or queues it, or closes it.
     * Called on the connection's event loop, once its pipeline is ready.
     *
     * @param connection the new inbound connection
     */
    void offer(NettyConnection connection) {
        CompletableFuture<Connection> accepted;
        synchronized (lock) {
            if (closed) {
                accepted = null;
            } else if (pendingAccept != null) {
                accepted = pendingAccept;
                pendingAccept = null;
            } else if (unclaimed.size() < NettyTransportConstants.MAX_UNCLAIMED_INBOUND_CONNECTIONS) {
                unclaimed.add(connection);
                return;
            } else {
                log.debug("{}: {} connections already wait for accept(); closing {}", localAddress,
                        unclaimed.size(), connection.remoteAddress());
                accepted = null;
            }
        }
        if (accepted == null) {
            connection.close("not accepted: listener closed or too many unclaimed connections");
        } else {
            accepted.complete(connection);
        }
    }

    @Override
    public void close() {
        CompletableFuture<Connection> accepted;
        List<NettyConnection> neverClaimed;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            accepted = pendingAccept;
            pendingAccept = null;
            neverClaimed = new ArrayList<>(unclaimed);
            unclaimed.clear();
        }
        Channel channel = serverChannel;
        if (channel != null) {
            ChannelFuture closing = channel.close();
            // "stops listening" means the port no longer accepts when close returns: Netty closes the
            // socket on the channel's loop, later, and a connect in between was accepted (a flaky
            // test showed it). Waiting is bounded and never done on the loop itself (it would deadlock).
            if (!channel.eventLoop().inEventLoop()) {
                closing.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            }
        }
        if (accepted != null) {
            accepted.completeExceptionally(closedError());
        }
        // Nobody owns these yet: they go with the listener. Handed-out connections stay open.
        neverClaimed.forEach(c -> c.close("listener closed"));
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "NettyAcceptor[" + localAddress + "]";
    }

    private PeerSetException closedError() {
        return new PeerSetException("listener on " + localAddress + " is closed");
    }

    private boolean awaitsConnection() {
        synchronized (lock) {
            return pendingAccept != null && !closed;
        }
    }

    /** The server channel's events (on its event loop), ahead of Netty's own acceptor handler. */
    private final class AcceptEvents extends ChannelInboundHandlerAdapter {
        private int acceptedThisRead;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            acceptedThisRead++;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // A read that accepted nothing still ends here: ask again, or the accept would hang.
            if (acceptedThisRead == 0 && awaitsConnection()) {
                ctx.channel().read();
            }
            acceptedThisRead = 0;
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("accept failed on {}: {}; retrying in {} ms", localAddress, cause.toString(),
                    NettyTransportConstants.ACCEPT_RETRY_DELAY.toMillis());
            ctx.channel().eventLoop().schedule(() -> {
                if (awaitsConnection()) {
                    ctx.channel().read();
                }
            }, NettyTransportConstants.ACCEPT_RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
