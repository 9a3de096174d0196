package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.internal.Checks;
import io.peerset.wire.Network;

/**
 * What a {@link TransportProvider} needs to create a {@link Transport}. Immutable; build with
 * {@link #builder(Network)}, or take a node's with {@link #from(NodeConfig)} (what a node gives
 * the provider it chooses, whichever it is). The defaults and ranges are those of the options in
 * {@link NodeOptions}.
 */
public final class TransportConfig {

    /** Default high water mark: {@link PeerSetConstants#DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK}. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = PeerSetConstants.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;

    /** Default low water mark: {@link PeerSetConstants#DEFAULT_WRITE_BUFFER_LOW_WATER_MARK}. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = PeerSetConstants.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;

    private final Network network;
    private final int ioThreads;
    private final int writeBufferLowWaterMark;
    private final int writeBufferHighWaterMark;
    private final boolean preferNative;

    private TransportConfig(Builder b) {
        this.network = b.network;
        this.ioThreads = b.ioThreads;
        this.writeBufferLowWaterMark = b.writeBufferLowWaterMark;
        this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
        this.preferNative = b.preferNative;
    }

    /**
     * @param network the network whose magic frames every connection
     * @return a builder with the defaults
     */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /**
     * @param node a node's settings
     * @return the transport's settings of that node: its network, {@code ioThreads}, write buffer
     *         water marks and {@code preferNative}
     */
    public static TransportConfig from(NodeConfig node) {
        requireNonNull(node, "node");
        return new Builder(node.network()).ioThreads(node.ioThreads())
                .writeBufferWaterMarks(node.writeBufferLowWaterMark(), node.writeBufferHighWaterMark())
                .preferNative(node.preferNative()).build();
    }

    /** @return the network whose magic frames every connection */
    public Network network() {
        return network;
    }

    /** @return I/O threads; 0 means one per available processor */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return outbound bytes below which a connection becomes writable again */
    public int writeBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    /** @return outbound bytes above which a connection reports it is not writable */
    public int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** @return whether a native I/O implementation (epoll) is used when the platform has one */
    public boolean preferNative() {
        return preferNative;
    }

    @Override
    public String toString() {
        return "TransportConfig[network=" + network.name() + ", ioThreads=" + ioThreads
                + ", writeBufferWaterMarks=" + writeBufferLowWaterMark + ".." + writeBufferHighWaterMark
                + ", preferNative=" + preferNative + "]";
    }

    /** Builds a {@link TransportConfig}. Not thread-safe. */
    public static final class Builder {
        private final Network network;
        private int ioThreads = NodeOptions.IO_THREADS.defaultValue();
        private int writeBufferLowWaterMark = NodeOptions.WRITE_BUFFER_LOW_WATER_MARK.defaultValue();
        private int writeBufferHighWaterMark = NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK.defaultValue();
        private boolean preferNative = NodeOptions.PREFER_NATIVE.defaultValue();

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param threads I/O threads shared by listeners and dialers; default 0 = one per
         *                available processor; valid range 0..1024
         * @return this
         */
        public Builder ioThreads(int threads) {
            this.ioThreads = NodeOptions.IO_THREADS.check(threads);
            return this;
        }

        /**
         * @param low  default {@value #DEFAULT_WRITE_BUFFER_LOW_WATER_MARK}; at least 1
         * @param high default {@value #DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK}; at least {@code low}
         * @return this
         */
        public Builder writeBufferWaterMarks(int low, int high) {
            NodeOptions.WRITE_BUFFER_LOW_WATER_MARK.check(low);
            NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK.check(high);
            Checks.checkArgument(low <= high, "writeBufferWaterMarks: %s..%s (expected: 1 <= low <= high)", low, high);
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        /**
         * @param prefer default true: use epoll when available, NIO otherwise
         * @return this
         */
        public Builder preferNative(boolean prefer) {
            this.preferNative = prefer;
            return this;
        }

        /** @return the config */
        public TransportConfig build() {
            return new TransportConfig(this);
        }
    }
}
