package io.peerset.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The I/O implementation under a {@link NettyTransport}: native epoll when the platform has it and
 * the configuration prefers it, NIO otherwise. Both behave the same to the transport; epoll saves
 * a copy and a wake-up per read on Linux.
 *
 * <p>Epoll needs its native library module ({@code io.netty.transport.epoll.linux.x86_64}) resolved,
 * which on a module path takes {@code --add-modules ALL-MODULE-PATH}: nothing requires it, so
 * without that flag {@link Epoll#isAvailable()} is false and NIO is used (TOOLCHAIN.md).
 */
enum IoFlavor {
    /** Linux native epoll. */
    EPOLL("netty-epoll") {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends Channel> socketChannelClass() {
            return EpollSocketChannel.class;
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }
    },
    /** The JDK's selector-based NIO: works everywhere. */
    NIO("netty-nio") {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends Channel> socketChannelClass() {
            return NioSocketChannel.class;
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }
    };

    private final String transportName;

    IoFlavor(String transportName) {
        this.transportName = transportName;
    }

    /** @return the name {@link NettyTransport#name()} reports */
    String transportName() {
        return transportName;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends Channel> socketChannelClass();

    abstract Class<? extends ServerChannel> serverChannelClass();

    /**
     * The flavor to use and why, for the one log line that says which transport runs.
     *
     * @param flavor the choice
     * @param why    a short reason, e.g. {@code "native epoll available"}
     */
    record Choice(IoFlavor flavor, String why) {
    }

    /**
     * @param preferNative whether the configuration asks for epoll where available
     * @return epoll if preferred and available, else NIO; with the reason
     */
    static Choice choose(boolean preferNative) {
        if (!preferNative) {
            return new Choice(NIO, "native transport not preferred by the configuration");
        }
        if (Epoll.isAvailable()) {
            return new Choice(EPOLL, "native epoll available");
        }
        Throwable cause = Epoll.unavailabilityCause();
        return new Choice(NIO, "native epoll unavailable: " + (cause == null ? "unknown reason" : cause.getMessage()));
    }
}
