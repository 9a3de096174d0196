/**
 * The Zcash peer-to-peer protocol, on {@code java.base} alone: a sealed
 * {@link io.peerset.wire.Message} with one immutable record per command; the frame and payload
 * codecs ({@link io.peerset.wire.FrameCodec}, {@link io.peerset.wire.PayloadCodec}) over
 * {@link java.nio.ByteBuffer}, which check every size against {@link io.peerset.wire.WireLimits}
 * before allocating and report malformed input as one {@link io.peerset.wire.WireFormatException};
 * blocks, headers and transactions (v1–v5) and their identifiers ({@link io.peerset.wire.TransactionIds},
 * with its own {@link io.peerset.wire.Blake2b}); networks ({@link io.peerset.wire.Network}) and peer
 * addresses ({@link io.peerset.wire.PeerAddress}, {@link io.peerset.wire.PeerServices}).
 *
 * <p>Threading: messages and values are immutable; a codec instance is stateless unless its Javadoc
 * says otherwise.
 */
package io.peerset.wire;
