package io.peerset.examples;

import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Hash32;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PingMessage;
import io.peerset.wire.Transaction;
import io.peerset.wire.TransactionIds;
import java.nio.ByteBuffer;

/** README, "Using the library": the wire codec. */
final class WireExample {

    private WireExample() {
    }

    static Hash32 codec(ByteBuffer received, Transaction transaction) {
        // tag::wire-codec[]
        FrameCodec codec = FrameCodec.forHandshake(Network.MAINNET);   // one per connection
        ByteBuffer frame = codec.encode(new PingMessage(42));
        DecodeResult r = codec.decode(received);                        // consumes what it used
        if (r instanceof DecodeResult.Decoded d) { handle(d.message()); }
        codec.completeHandshake(170_160);                               // 2 MiB cap, negotiated version

        Hash32 txid = TransactionIds.txid(transaction);                 // ZIP-244 for v5
        // end::wire-codec[]
        return frame.hasRemaining() ? txid : Hash32.ZERO;
    }

    private static void handle(Message message) {
        System.out.println(message);
    }
}
