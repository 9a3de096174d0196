/**
 * The Zcash peer-to-peer wire protocol: the message model (a sealed {@link io.peerset.wire.Message}
 * with one record per command), a pure, transport-neutral frame and payload codec over
 * {@link java.nio.ByteBuffer} that checks every size before allocating, block, header and
 * transaction structure, and the network parameters and peer addresses the codec needs.
 *
 * <p>This module depends on {@code java.base} only, so that a decoder, a fuzzer or a benchmark can
 * use the protocol without the rest of peerset, and every other module can build on it.
 */
module io.peerset.wire {
    exports io.peerset.wire;
}
