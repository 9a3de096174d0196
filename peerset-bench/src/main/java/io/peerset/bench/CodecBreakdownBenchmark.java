package io.peerset.bench;

import io.peerset.wire.Block;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.Bytes;
import io.peerset.wire.Message;
import io.peerset.wire.PayloadCodec;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of {@link CodecBenchmark#decode()}, through the public API, to show where its time
 * goes beyond the checksum:
 *
 * <ul>
 *   <li>{@link #payloadDecode(Payloads)}: {@link PayloadCodec#decode(String, ByteBuffer)}, the
 *       frame decode without the header and without the checksum;</li>
 *   <li>{@link #blockCopy(Blocks)}: {@link Bytes#copyOf(ByteBuffer)} of a block payload, the copy
 *       the decoder makes so the block owns its bytes (allocation of a 2 MiB array and a copy; the
 *       encoder's frame array costs the same);</li>
 *   <li>{@link #blockParse(Blocks)}: {@link Block#parse(Bytes)}, the structure walk and the objects
 *       it builds (header, transactions, inputs, outputs, hashes, byte slices), without the copy.</li>
 * </ul>
 *
 * <p>Same JVM settings as {@link CodecBenchmark} (fixed, pre-touched heap; see there why).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CodecBreakdownBenchmark {

    /** One payload per message. */
    @State(Scope.Thread)
    public static class Payloads {
        /** Which message; see {@link BenchMessages}. */
        @Param({BenchMessages.BLOCK_TRANSPARENT, BenchMessages.BLOCK_SHIELDED, BenchMessages.INV,
                BenchMessages.ADDR, BenchMessages.PING})
        public String message;

        String command;
        ByteBuffer payload;

        /** Builds the payload and checks that it decodes to the message. */
        @Setup(Level.Trial)
        public void setUp() {
            Message value = BenchMessages.message(message);
            command = value.command();
            payload = ByteBuffer.wrap(BenchMessages.payload(value));
            Optional<Message> decoded = PayloadCodec.decode(command, payload.duplicate());
            if (!decoded.orElseThrow().equals(value)) {
                throw new IllegalStateException(message + ": payload decodes to another message");
            }
        }
    }

    /** One block payload, as an array and as an immutable sequence. */
    @State(Scope.Thread)
    public static class Blocks {
        /** Which block; see {@link BenchMessages}. */
        @Param({BenchMessages.BLOCK_TRANSPARENT, BenchMessages.BLOCK_SHIELDED})
        public String block;

        ByteBuffer payload;
        Bytes bytes;

        /** Builds the block payload. */
        @Setup(Level.Trial)
        public void setUp() {
            BlockMessage value = (BlockMessage) BenchMessages.message(block);
            payload = ByteBuffer.wrap(BenchMessages.payload(value));
            bytes = value.block().bytes();
            if (!Block.parse(bytes).equals(value.block())) {
                throw new IllegalStateException(block + ": parses to another block");
            }
        }
    }

    /**
     * @param p the payload
     * @return the message
     */
    @Benchmark
    public Optional<Message> payloadDecode(Payloads p) {
        return PayloadCodec.decode(p.command, p.payload.duplicate());
    }

    /**
     * @param b the block
     * @return the copy
     */
    @Benchmark
    public Bytes blockCopy(Blocks b) {
        return Bytes.copyOf(b.payload.duplicate());
    }

    /**
     * @param b the block
     * @return the parsed block
     */
    @Benchmark
    public Block blockParse(Blocks b) {
        return Block.parse(b.bytes);
    }
}
