package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.peerset.api.PeerSetException;
import io.peerset.api.Traffic;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.TrafficCounter;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.PeerAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} over TCP with Netty: one event-loop group, sized to the configured I/O
 * threads (one per core by default), shared by every listener and dialer; epoll when available
 * and preferred, NIO otherwise (see {@link IoFlavor}).
 *
 * <p>Nothing is bound and no thread starts until the first {@link #listen}, {@link #connect} or
 * {@link #sharedExecutor()}: the group is created then, and the choice of I/O implementation is
 * logged once at INFO. The shared executor is one of the group's event loops (the first), which
 * also serves connections.
 * Every socket gets {@code TCP_NODELAY} (small protocol messages such as {@code ping} must not
 * wait for Nagle's algorithm), the configured write-buffer water marks (which drive
 * {@link Connection#isWritable()}) and {@code AUTO_READ} off (reads follow demand).
 *
 * <p>Thread-safe. {@link #close()} closes listeners and connections, waits briefly for them to
 * flush, and stops the event loops; it blocks for at most
 * {@link NettyTransportConstants#TRANSPORT_CLOSE_GRACE} plus
 * {@link NettyTransportConstants#EVENT_LOOP_SHUTDOWN_TIMEOUT}, and not at all when called on one of
 * the transport's own event loops (waiting there would wait for itself).
 */
final class NettyTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final TransportConfig config;
    private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
    private final TrafficCounter traffic = new TrafficCounter();
    private final Set<NettyAcceptor> acceptors = ConcurrentHashMap.newKeySet();

    // Guarded by this.
    private IoFlavor.Choice choice;
    private EventLoopGroup group;
    private boolean closed;

    /**
     * @param config the network and I/O settings
     */
    NettyTransport(TransportConfig config) {
        this.config = requireNonNull(config, "config");
    }

    @Override
    public Traffic traffic() {
        return traffic.snapshot();
    }

    @Override
    public String name() {
        return choice().flavor().transportName();
    }

    private synchronized IoFlavor.Choice choice() {
        if (choice == null) {
            choice = IoFlavor.choose(config.preferNative());
        }
        return choice;
    }

    /** The shared group, created on first use. */
    private synchronized EventLoopGroup group() {
        if (closed) {
            throw new PeerSetException("transport " + name() + " is closed");
        }
        if (group == null) {
            IoFlavor.Choice chosen = choice();
            int threads = config.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.ioThreads();
            // Daemon threads: a transport the application forgot to close must not keep the JVM alive.
            group = new MultiThreadIoEventLoopGroup(threads,
                    new DefaultThreadFactory(NettyTransportConstants.THREAD_NAME_PREFIX + "-"
                            + chosen.flavor().name().toLowerCase(Locale.ROOT), true),
                    chosen.flavor().ioHandlerFactory());
            log.info("peerset transport {} started: {} I/O threads ({})", chosen.flavor().transportName(), threads,
                    chosen.why());
        }
        return group;
    }

    @Override
    public Optional<Executor> sharedExecutor() {
        try {
            // The first loop, always the same one: next() is round-robin, and each call would both
            // name another loop and shift where the next connection lands.
            return Optional.of(group().iterator().next());
        } catch (PeerSetException closed) {
            return Optional.empty();
        }
    }

    @Override
    public CompletableFuture<Acceptor> listen(PeerAddress address) {
        requireNonNull(address, "address");
        EventLoopGroup loops;
        try {
            loops = group();
        } catch (PeerSetException e) {
            return CompletableFuture.failedFuture(e);
        }
        NettyAcceptor acceptor = new NettyAcceptor(acceptors::remove);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(choice().flavor().serverChannelClass())
                .option(ChannelOption.AUTO_READ, false)
                .handler(acceptor.serverChannelHandler())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, readBuffers())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SocketAddress remote = channel.remoteAddress();
                        if (!(remote instanceof InetSocketAddress inet) || inet.isUnresolved()) {
                            // Reset before we saw it: nothing to hand over.
                            channel.close();
                            return;
                        }
                        NettyConnection connection = newConnection(channel, true, PeerAddress.of(inet));
                        acceptor.offer(connection);
                    }
                });
        CompletableFuture<Acceptor> result = new CompletableFuture<>();
        ChannelFuture bind = bootstrap.bind(address.toSocketAddress());
        bind.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(NettyErrors.bindFailed(address, f.cause()));
                return;
            }
            acceptor.bound(bind.channel());
            acceptors.add(acceptor);
            if (isClosed()) {
                acceptor.close();
                result.completeExceptionally(new PeerSetException("transport " + name() + " is closed"));
                return;
            }
            log.debug("listening on {}", acceptor.localAddress());
            result.complete(acceptor);
        });
        return result;
    }

    @Override
    public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
        requireNonNull(address, "address");
        Checks.positive("timeout", timeout);
        EventLoopGroup loops;
        try {
            loops = group();
        } catch (PeerSetException e) {
            return CompletableFuture.failedFuture(e);
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        NettyConnection[] created = new NettyConnection[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(choice().flavor().socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.RECVBUF_ALLOCATOR, readBuffers())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        // Runs on the channel's loop, before the connect completes; the listener
                        // below runs on the same loop, after it.
                        created[0] = new NettyConnection(channel, config.network(), false, address, traffic);
                        channel.pipeline().addLast(created[0].channelHandler());
                    }
                });
        CompletableFuture<Connection> result = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.connect(address.toSocketAddress());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("connect to {} failed: {}", address, f.cause().toString());
                result.completeExceptionally(NettyErrors.connectFailed(address, timeout, f.cause()));
                return;
            }
            NettyConnection connection = created[0];
            connection.captureLocalAddress();
            track(connection);
            if (isClosed()) {
                connection.close("transport closed");
                result.completeExceptionally(new PeerSetException("transport " + name() + " is closed"));
                return;
            }
            result.complete(connection);
        });
        return result;
    }

    /** Builds and tracks an inbound connection; called on its channel's loop. */
    private NettyConnection newConnection(Channel channel, boolean inbound, PeerAddress remote) {
        NettyConnection connection = new NettyConnection(channel, config.network(), inbound, remote, traffic);
        channel.pipeline().addLast(connection.channelHandler());
        track(connection);
        return connection;
    }

    private void track(NettyConnection connection) {
        connections.add(connection);
        connection.closeFuture().whenComplete((reason, error) -> connections.remove(connection));
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
    }

    private static RecvByteBufAllocator readBuffers() {
        return new AdaptiveRecvByteBufAllocator(NettyTransportConstants.MIN_READ_BUFFER_SIZE,
                NettyTransportConstants.INITIAL_READ_BUFFER_SIZE, NettyTransportConstants.MAX_READ_BUFFER_SIZE);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        EventLoopGroup loops;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            loops = group;
        }
        List.copyOf(acceptors).forEach(NettyAcceptor::close);
        List<NettyConnection> open = List.copyOf(connections);
        open.forEach(c -> c.close("transport closed"));
        if (loops == null) {
            return;
        }
        boolean onOwnLoop = false;
        for (EventExecutor executor : loops) {
            onOwnLoop |= executor.inEventLoop();
        }
        if (!onOwnLoop) {
            awaitClosed(open);
        }
        long timeoutMillis = NettyTransportConstants.EVENT_LOOP_SHUTDOWN_TIMEOUT.toMillis();
        io.netty.util.concurrent.Future<?> terminated = loops.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS);
        if (!onOwnLoop && !terminated.awaitUninterruptibly(timeoutMillis + 1000)) {
            log.warn("transport {}: I/O threads still running {} ms after close", name(), timeoutMillis);
        }
    }

    /** Waits up to the grace period for the connections to finish flushing and closing. */
    private void awaitClosed(List<NettyConnection> closing) {
        CompletableFuture<?>[] closes = closing.stream().map(NettyConnection::closeFuture)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closes).get(NettyTransportConstants.TRANSPORT_CLOSE_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("transport {}: connections still flushing after {}; stopping anyway", name(),
                    NettyTransportConstants.TRANSPORT_CLOSE_GRACE);
        } catch (ExecutionException e) {
            // Close futures complete normally; nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NettyTransport[" + config + "]";
    }
}
