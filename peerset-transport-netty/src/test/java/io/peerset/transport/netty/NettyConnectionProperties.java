package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.VerackMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests (QuickTheories) of the inbound path: however a stream of frames is cut into
 * reads, and however demand trickles in, the same messages come out in the same order, and
 * unknown commands never consume demand.
 */
class NettyConnectionProperties {

    private static final int EXAMPLES = 200;

    /** A frame to send: a message, or an unknown command (null message) with its payload size. */
    private record Item(Message message, int unknownPayload) {
        byte[] frame() {
            return message != null ? Frames.encode(message) : Frames.raw("xyz", new byte[unknownPayload]);
        }
    }

    private static Gen<Message> messages() {
        Gen<InventoryItem> items = Generate.byteArrays(Generate.constant(Hash32.LENGTH),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)).map(b -> new InventoryItem.Tx(Hash32.ofInternal(b)));
        return Generate.oneOf(
                longs().all().map(PingMessage::new),
                longs().all().map(PongMessage::new),
                Generate.constant(new VerackMessage()),
                Generate.constant(new GetAddrMessage()),
                // Up to 27 entries: 973 bytes, inside the pre-handshake cap.
                lists().of(items).ofSizeBetween(0, 27).map(InvMessage::new));
    }

    private static Gen<Item> items() {
        return Generate.frequency(
                Pair.of(9, messages().map(m -> new Item(m, 0))),
                Pair.of(1, integers().between(0, 200).map(n -> new Item(null, n))));
    }

    @Test
    void randomlyChunkedStreamsDecodeToTheSameMessages() {
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(items()).ofSizeBetween(0, 25),
                        lists().of(integers().between(1, 300)).ofSizeBetween(1, 40),
                        lists().of(integers().between(1, 4)).ofSizeBetween(1, 10))
                .checkAssert((items, chunkSizes, demandSteps) -> {
                    ByteArrayOutputStream stream = new ByteArrayOutputStream();
                    List<Message> expected = new ArrayList<>();
                    int unknown = 0;
                    for (Item item : items) {
                        stream.writeBytes(item.frame());
                        if (item.message() != null) {
                            expected.add(item.message());
                        } else {
                            unknown++;
                        }
                    }
                    byte[] bytes = stream.toByteArray();

                    EmbeddedConnection embedded = new EmbeddedConnection();
                    RecordingHandler handler = new RecordingHandler();
                    embedded.connection.attach(handler);
                    int from = 0;
                    int step = 0;
                    long requested = 0;
                    while (from < bytes.length) {
                        int to = Math.min(bytes.length, from + chunkSizes.get(step % chunkSizes.size()));
                        embedded.receive(bytes, from, to);
                        from = to;
                        int demand = demandSteps.get(step % demandSteps.size());
                        embedded.connection.request(demand);
                        requested += demand;
                        step++;
                        assertThat((long) handler.messages.size()).isLessThanOrEqualTo(requested);
                    }
                    embedded.connection.request(Long.MAX_VALUE);

                    assertThat(handler.messages).isEqualTo(expected);
                    assertThat(handler.unknownCommands).hasSize(unknown);
                    assertThat(handler.closes).isEmpty();
                    assertThat(embedded.connection.inboundFrames().bufferedBytes()).isZero();
                });
    }
}
