package io.peerset.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical baselines the connection benchmarks are reported against: plain Netty, on the same
 * I/O flavour (epoll when available) and the same thread counts as the peerset transport, doing
 * the least work that moves the same bytes: an echo of a frame-sized buffer, and an accept that
 * closes at once.
 *
 * <p>Not thread-safe; one instance per measurement.
 */
final class RawNetty implements AutoCloseable {

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup serverGroup;
    private final EventLoopGroup clientGroup;
    private Channel server;

    RawNetty(int serverThreads, int clientThreads) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.serverGroup = new MultiThreadIoEventLoopGroup(serverThreads, factory);
        this.clientGroup = new MultiThreadIoEventLoopGroup(clientThreads, factory);
    }

    String flavour() {
        return epoll ? "epoll" : "nio";
    }

    private Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private Class<? extends SocketChannel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Starts an echo server: every byte received is written back. */
    InetSocketAddress startEcho() {
        server = new ServerBootstrap().group(serverGroup).channel(serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** Starts a server that closes every connection as soon as it is accepted, counting them. */
    InetSocketAddress startAcceptAndClose(LongAdder accepted) {
        server = new ServerBootstrap().group(serverGroup).channel(serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.increment();
                        ch.close();
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Opens a client that sends {@code frame}, waits for as many bytes back, counts a round trip,
     * and sends again, until {@code running} turns false.
     */
    Channel echoClient(InetSocketAddress address, byte[] frame, LongAdder roundTrips, java.util.function.BooleanSupplier running) {
        ByteBuf template = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
        ChannelFuture f = new Bootstrap().group(clientGroup).channel(clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    private int received;

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(template.duplicate());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        received += b.readableBytes();
                        b.release();
                        while (received >= frame.length) {
                            received -= frame.length;
                            roundTrips.increment();
                            if (running.getAsBoolean()) {
                                ctx.writeAndFlush(template.duplicate());
                            }
                        }
                    }
                }).connect(address);
        return f.syncUninterruptibly().channel();
    }

    /** Connects, and completes when the server has closed the connection. */
    ChannelFuture connectAndAwaitClose(InetSocketAddress address) {
        return new Bootstrap().group(clientGroup).channel(clientChannel())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address);
    }

    /** Opens an idle connection (for the heap baseline). */
    Channel idleClient(InetSocketAddress address) {
        return new Bootstrap().group(clientGroup).channel(clientChannel())
                .handler(new ChannelInboundHandlerAdapter()).connect(address).syncUninterruptibly().channel();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        clientGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
