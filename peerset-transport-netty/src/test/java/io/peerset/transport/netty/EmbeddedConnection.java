package io.peerset.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.peerset.wire.PeerAddress;
import java.io.ByteArrayOutputStream;

/**
 * A {@link NettyConnection} on Netty's {@link EmbeddedChannel}: everything runs on the test thread,
 * bytes are pushed in with {@link #receive(byte[])}, and socket reads the connection asks for are
 * counted.
 */
final class EmbeddedConnection {

    static final PeerAddress PEER = PeerAddress.parse("192.0.2.7:8233");

    final EmbeddedChannel channel;
    final NettyConnection connection;
    /** What the connection counted, as its transport would. */
    final io.peerset.api.spi.TrafficCounter traffic = new io.peerset.api.spi.TrafficCounter();
    private final ReadCounter reads = new ReadCounter();

    EmbeddedConnection() {
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(reads);
        connection = new NettyConnection(channel, Frames.NETWORK, true, PEER, traffic);
        channel.pipeline().addLast(connection.channelHandler());
        reads.count = 0;
    }

    /** Delivers bytes as if read from the socket. */
    void receive(byte[] bytes) {
        receive(bytes, 0, bytes.length);
    }

    void receive(byte[] bytes, int from, int to) {
        if (to > from) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes, from, to - from));
        }
    }

    /** @return how many times the connection asked the socket for bytes */
    int reads() {
        return reads.count;
    }

    /** Runs queued tasks (flushes, hops) and returns everything written since the last call. */
    byte[] written() {
        channel.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }
}
