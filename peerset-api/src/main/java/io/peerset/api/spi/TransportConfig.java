package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Network;

/**
 * What a {@link TransportProvider} needs to create a {@link Transport}. Immutable; build with
 * {@link #builder(Network)}.
 */
public final class TransportConfig {

    /** Default high water mark: two full payloads may wait before a sender is told to hold back. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK =
            2 * io.peerset.wire.WireLimits.MAX_PAYLOAD_LENGTH + 2 * io.peerset.wire.WireLimits.HEADER_LENGTH;

    /** Default low water mark: writable again once at most one payload waits. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK =
            io.peerset.wire.WireLimits.MAX_PAYLOAD_LENGTH + io.peerset.wire.WireLimits.HEADER_LENGTH;

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
        private int ioThreads;
        private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
        private boolean preferNative = true;

        private Builder(Network network) {
            this.network = requireNonNull(network, "network");
        }

        /**
         * @param threads I/O threads shared by listeners and dialers; default 0 = one per
         *                available processor; valid range 0..1024
         * @return this
         */
        public Builder ioThreads(int threads) {
            if (threads < 0 || threads > 1024) {
                throw new IllegalArgumentException("ioThreads: " + threads + " (expected: 0..1024)");
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * @param low  default {@value #DEFAULT_WRITE_BUFFER_LOW_WATER_MARK}; at least 1
         * @param high default {@value #DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK}; at least {@code low}
         * @return this
         */
        public Builder writeBufferWaterMarks(int low, int high) {
            if (low < 1 || high < low) {
                throw new IllegalArgumentException("writeBufferWaterMarks: " + low + ".." + high
                        + " (expected: 1 <= low <= high)");
            }
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
