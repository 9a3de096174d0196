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

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // resets at shutdown are expected
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
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
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
                .handler(new Quiet())
                .connect(address);
    }

    /**
     * Connects, writes {@code hello} (a version and a verack, pre-encoded), reads until the
     * server's {@code verack} command arrives, and closes: the least a dialer can do to make a
     * listener run a whole handshake. The future completes when the connection is closed.
     */
    ChannelFuture handshakeAndClose(InetSocketAddress address, byte[] hello) {
        ByteBuf template = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(hello));
        byte[] verack = "verack".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new Bootstrap().group(clientGroup).channel(clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    private final java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(template.duplicate());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        byte[] bytes = new byte[b.readableBytes()];
                        b.readBytes(bytes);
                        b.release();
                        seen.writeBytes(bytes);
                        if (indexOf(seen.toByteArray(), verack) >= 0) {
                            ctx.close();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                }).connect(address);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Opens an idle connection (for the heap baseline). */
    Channel idleClient(InetSocketAddress address) {
        return new Bootstrap().group(clientGroup).channel(clientChannel())
                .handler(new Quiet()).connect(address).syncUninterruptibly().channel();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        clientGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Closes on any error: connection resets while the harness shuts down are expected. */
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
