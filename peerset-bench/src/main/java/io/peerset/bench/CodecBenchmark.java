package io.peerset.bench;

import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.WireLimits;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 * Frame codec throughput against its floor, per message.
 *
 * <ul>
 *   <li>{@link #decode()}: {@link FrameCodec#decode(ByteBuffer)} of one complete, pre-encoded
 *       frame (header checks, SHA-256d checksum, payload decode);</li>
 *   <li>{@link #decodeOwned()}: the same frame through the path a transport uses for payloads it
 *       reads into an array of its own ({@link FrameCodec#decodePayload(byte[])} after the
 *       header): no copy of the payload. The array is reused across ops, because filling it is
 *       the socket read, which every design pays and the floor excludes too;</li>
 *   <li>{@link #encode()}: {@link FrameCodec#encode(Message)} of the message;</li>
 *   <li>{@link #sha256d()}: SHA-256(SHA-256(payload)) with the JDK {@link MessageDigest}, the
 *       checksum both directions must compute: the unavoidable work, measured in the same run.</li>
 * </ul>
 *
 * <p>Throughput in ops/s; one op is one message, so MB/s = ops/s x payload bytes (printed at setup,
 * and by {@code java -cp benchmarks.jar io.peerset.bench.BenchMessages}). Run with
 * {@code -prof gc} for allocation per op.
 *
 * <p>The heap is fixed (2 GiB, so G1's region size is 1 MiB on every machine and every 2 MiB
 * payload array is a humongous object, as on a node with a heap of that order) and pre-touched:
 * on a freshly booted virtual machine the first write to each page of the heap costs a fault in
 * the guest and one in the host, and without {@code -XX:+AlwaysPreTouch} a 2 MiB-per-op benchmark
 * measures those faults (seen here: copying 2 MiB took 8 ms instead of 0.17 ms) rather than the
 * steady state of a running node.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CodecBenchmark {

    /** Which message; see {@link BenchMessages}. */
    @Param({BenchMessages.BLOCK_TRANSPARENT, BenchMessages.BLOCK_SHIELDED, BenchMessages.INV,
            BenchMessages.ADDR, BenchMessages.PING})
    public String message;

    private Message value;
    /** The encoded frame, exactly its bytes; decode reads a duplicate each time. */
    private ByteBuffer frame;

    /** The payload as a transport would hand it over ({@link #decodeOwned()}). */
    private byte[] ownedPayload;
    private byte[] frameBytes;
    private int payloadLength;

    private FrameCodec decoder;
    private FrameCodec encoder;

    private MessageDigest sha256;
    private final byte[] first = new byte[32];
    private final byte[] second = new byte[32];

    /** Builds the message and its frame, and checks that both directions agree on them. */
    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException, DigestException {
        value = BenchMessages.message(message);
        encoder = FrameCodec.afterHandshake(Network.MAINNET);
        decoder = FrameCodec.afterHandshake(Network.MAINNET);
        ByteBuffer encoded = encoder.encode(value);
        frameBytes = new byte[encoded.remaining()];
        encoded.get(frameBytes);
        frame = ByteBuffer.wrap(frameBytes);
        payloadLength = frameBytes.length - WireLimits.HEADER_LENGTH;
        ownedPayload = Arrays.copyOfRange(frameBytes, WireLimits.HEADER_LENGTH, frameBytes.length);
        if (!decodeOwned().equals(decoder.decode(frame.duplicate()))) {
            throw new IllegalStateException(message + ": the owned-payload path decodes differently");
        }

        DecodeResult result = decoder.decode(frame.duplicate());
        if (!(result instanceof DecodeResult.Decoded d) || !d.message().equals(value)
                || d.payloadLength() != payloadLength) {
            throw new IllegalStateException(message + ": decoding the encoded frame gave " + result);
        }
        ByteBuffer again = encoder.encode(d.message());
        byte[] reencoded = new byte[again.remaining()];
        again.get(reencoded);
        if (!Arrays.equals(reencoded, frameBytes)) {
            throw new IllegalStateException(message + ": re-encoding the decoded message changed its bytes");
        }

        sha256 = MessageDigest.getInstance("SHA-256");
        sha256d();
        int checksum = ((second[0] & 0xff) << 24) | ((second[1] & 0xff) << 16) | ((second[2] & 0xff) << 8) | (second[3] & 0xff);
        if (checksum != ByteBuffer.wrap(frameBytes, 20, 4).getInt()) {
            throw new IllegalStateException(message + ": the floor's SHA-256d is not the frame checksum");
        }
        System.out.printf("%n[setup] %s: payload %,d bytes, frame %,d bytes, %s%n", message, payloadLength,
                frameBytes.length, describe(value));
    }

    static String describe(Message m) {
        String text = m.toString();
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** @return the decoded message (checked once at setup) */
    @Benchmark
    public DecodeResult decode() {
        return decoder.decode(frame.duplicate());
    }

    /** @return the decoded message, from the header buffer plus a handed-over payload array */
    @Benchmark
    public DecodeResult decodeOwned() {
        decoder.decode(ByteBuffer.wrap(frameBytes, 0, WireLimits.HEADER_LENGTH));
        return decoder.decodePayload(ownedPayload);
    }

    /** @return the encoded frame */
    @Benchmark
    public ByteBuffer encode() {
        return encoder.encode(value);
    }

    /**
     * The floor: SHA-256d over the payload, two JDK SHA-256 passes (the second over 32 bytes),
     * no allocation.
     *
     * @return the digest
     */
    @Benchmark
    public byte[] sha256d() throws DigestException {
        sha256.update(frameBytes, WireLimits.HEADER_LENGTH, payloadLength);
        sha256.digest(first, 0, first.length);
        sha256.update(first);
        sha256.digest(second, 0, second.length);
        return second;
    }
}
