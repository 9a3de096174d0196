package io.peerset.bench.startup;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * The start-up baseline of {@code peerset-bench/scripts/startup.sh}: the least a Netty program does
 * before it can accept a connection. One NIO event loop, a {@link ServerBootstrap} bound to
 * {@code 127.0.0.1:0}, then the line {@code listening on 127.0.0.1:<port>} on standard error (the
 * line the script waits for, as it waits for {@code peerset run}'s), then it serves until killed.
 *
 * <p>NIO rather than epoll: a minimal server loads no native library; {@code peerset run} does
 * (it logs which transport runs), so the baseline errs on the fast side.
 */
public final class MinimalNettyServer {

    private MinimalNettyServer() {
    }

    /**
     * Binds and prints the listening line, then blocks until the process is killed.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        InetSocketAddress local = (InetSocketAddress) server.localAddress();
        System.err.println("listening on 127.0.0.1:" + local.getPort());
        server.closeFuture().sync();
    }
}
