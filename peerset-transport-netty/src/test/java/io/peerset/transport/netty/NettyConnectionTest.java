package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.PeerSetException;
import io.peerset.api.spi.CloseReason;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.Message;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Pipeline tests of {@link NettyConnection} on Netty's {@code EmbeddedChannel}: framing, demand,
 * the handshake cap, hostile input, sends and the close, without sockets or threads.
 */
class NettyConnectionTest {

    private static final long NEGOTIATED_VERSION = 170_100;

    private final EmbeddedConnection embedded = new EmbeddedConnection();
    private final NettyConnection connection = embedded.connection;

    @Test
    void framesSplitAtEveryByteBoundaryDecodeTheSame() {
        List<Message> messages = List.of(new VerackMessage(), new PingMessage(7), Frames.inv(3),
                new GetAddrMessage(), new PongMessage(-1));
        byte[] unknown = Frames.raw("zzz", new byte[] {1, 2, 3});
        byte[] stream = Frames.concat(Frames.encodeAll(messages.subList(0, 2)), unknown,
                Frames.encodeAll(messages.subList(2, messages.size())));

        for (int cut = 0; cut <= stream.length; cut++) {
            EmbeddedConnection split = new EmbeddedConnection();
            RecordingHandler handler = new RecordingHandler();
            split.connection.attach(handler);
            split.connection.request(Long.MAX_VALUE);
            split.receive(stream, 0, cut);
            split.receive(stream, cut, stream.length);

            assertThat(handler.messages).as("split at %d", cut).isEqualTo(messages);
            assertThat(handler.unknownCommands).as("split at %d", cut).containsExactly("zzz/3");
            assertThat(handler.closes).isEmpty();
        }
    }

    @Test
    void nothingIsDeliveredWithoutDemand() {
        RecordingHandler handler = new RecordingHandler();
        embedded.receive(Frames.encodeAll(List.of(new PingMessage(1), new PingMessage(2), new PingMessage(3))));
        connection.attach(handler);

        assertThat(handler.messages).isEmpty();

        connection.request(1);
        assertThat(handler.messages).containsExactly(new PingMessage(1));
        assertThat(connection.inboundFrames().bufferedBytes()).isEqualTo(2 * (WireLimits.HEADER_LENGTH + 8));

        connection.request(5);
        assertThat(handler.messages).containsExactly(new PingMessage(1), new PingMessage(2), new PingMessage(3));
        assertThat(embedded.reads()).isPositive();
    }

    @Test
    void readsAheadOfDemandOnlyUpToTheLimit() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        // With nothing buffered the read interest stays armed, demand or not.
        assertThat(embedded.reads()).isPositive();

        List<Message> flood = new java.util.ArrayList<>();
        int frames = NettyTransportConstants.READ_AHEAD_LIMIT / (WireLimits.HEADER_LENGTH + 8) + 1;
        for (int i = 0; i < frames; i++) {
            flood.add(new PingMessage(i));
        }
        embedded.receive(Frames.encodeAll(flood));
        int readsWhenFull = embedded.reads();
        embedded.receive(Frames.encode(new PingMessage(-1)));
        // The limit is reached and nothing is demanded: no further read is asked for.
        assertThat(embedded.reads()).isEqualTo(readsWhenFull);
        assertThat(handler.messages).isEmpty();

        connection.request(Long.MAX_VALUE);
        assertThat(handler.messages).hasSize(frames + 1);
        assertThat(embedded.reads()).isGreaterThan(readsWhenFull);
    }

    @Test
    void demandBeforeAttachWaitsForTheHandler() {
        embedded.receive(Frames.encode(new PingMessage(1)));
        connection.request(1);
        assertThat(embedded.reads()).isZero();

        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        assertThat(handler.messages).containsExactly(new PingMessage(1));
    }

    @Test
    void demandIsCountedExactly() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.request(2);
        for (int i = 0; i < 5; i++) {
            embedded.receive(Frames.encode(new PingMessage(i)));
        }
        assertThat(handler.messages).containsExactly(new PingMessage(0), new PingMessage(1));
        connection.request(1);
        assertThat(handler.messages).hasSize(3);
    }

    @Test
    void requestOfLessThanOneIsRefused() {
        assertThatThrownBy(() -> connection.request(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: >= 1)");
    }

    @Test
    void unknownCommandIsSkippedWithoutUsingDemand() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        embedded.receive(Frames.concat(Frames.raw("foo", new byte[10]), Frames.encode(new PingMessage(1)),
                Frames.encode(new PingMessage(2))));

        connection.request(1);

        assertThat(handler.unknownCommands).containsExactly("foo/10");
        assertThat(handler.messages).containsExactly(new PingMessage(1));
        assertThat(handler.closes).isEmpty();
    }

    @Test
    void payloadAboveTheHandshakeCapClosesBeforeTheHandshake() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.request(Long.MAX_VALUE);

        embedded.receive(Frames.raw("big", new byte[WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH + 1]));

        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.DECODE_ERROR);
            assertThat(reason.message()).contains("payload length", "1025", "before the handshake completes");
            assertThat(reason.cause()).containsInstanceOf(WireFormatException.class);
        });
        assertThat(connection.closeFuture()).isCompletedWithValue(handler.closes.get(0));
        assertThat(connection.isOpen()).isFalse();
        assertThat(embedded.channel.isOpen()).isFalse();
    }

    @Test
    void handshakeCompletedInsideVerackAppliesToTheNextBufferedFrame() {
        RecordingHandler handler = new RecordingHandler(m -> {
            if (m instanceof VerackMessage) {
                connection.completeHandshake(NEGOTIATED_VERSION);
            }
        });
        connection.attach(handler);
        // Both frames arrive in one read: the second must not be decoded before the verack is handled.
        embedded.receive(Frames.concat(Frames.encode(new VerackMessage()),
                Frames.raw("big", new byte[WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH + 1])));

        connection.request(Long.MAX_VALUE);

        assertThat(handler.messages).containsExactly(new VerackMessage());
        assertThat(handler.unknownCommands).containsExactly("big/1025");
        assertThat(handler.closes).isEmpty();
    }

    @Test
    void lengthAboveTwoMebibytesClosesOnTheHeaderAlone() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.completeHandshake(NEGOTIATED_VERSION);
        connection.request(1);

        embedded.receive(Frames.headerOnly("block", WireLimits.MAX_PAYLOAD_LENGTH + 1L));

        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.DECODE_ERROR);
            assertThat(reason.message()).contains("payload length", String.valueOf(WireLimits.MAX_PAYLOAD_LENGTH + 1));
        });
        assertThat(connection.inboundFrames().assemblingOwnedPayload()).isFalse();
        assertThat(connection.inboundFrames().bufferedBytes()).isZero();
    }

    @Test
    void aHeaderAloneAllocatesNoPayloadArray() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.completeHandshake(NEGOTIATED_VERSION);
        connection.request(1);

        embedded.receive(Frames.headerOnly("block", WireLimits.MAX_PAYLOAD_LENGTH));

        assertThat(handler.closes).isEmpty();
        assertThat(connection.inboundFrames().assemblingOwnedPayload()).isFalse();
        assertThat(connection.inboundFrames().bufferedBytes()).isZero();
    }

    @Test
    void garbageMagicClosesWithTheReason() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.request(1);
        byte[] garbage = new byte[WireLimits.HEADER_LENGTH];
        Arrays.fill(garbage, (byte) 0x41);

        embedded.receive(garbage);

        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.DECODE_ERROR);
            assertThat(reason.message()).contains("magic", "41414141", Frames.NETWORK.magicHex());
        });
        assertThat(handler.messages).isEmpty();
    }

    @Test
    void badChecksumClosesWithTheReason() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.request(1);
        byte[] frame = Frames.encode(new PingMessage(3));
        frame[frame.length - 1] ^= 1;

        embedded.receive(frame);

        assertThat(handler.closes).singleElement()
                .satisfies(reason -> assertThat(reason.message()).contains("checksum"));
    }

    @Test
    void blockSizedPayloadIsAssembledInAnArrayOfItsOwn() {
        InvMessage big = Frames.inv(43_000); // 1,548,003 bytes of payload
        byte[] frame = Frames.encode(big);
        assertThat(frame.length).isGreaterThan(1_500_000);
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.completeHandshake(NEGOTIATED_VERSION);
        connection.request(1);

        int chunk = NettyTransportConstants.MAX_READ_BUFFER_SIZE;
        int payload = frame.length - WireLimits.HEADER_LENGTH;
        for (int from = 0; from < frame.length; from += chunk) {
            embedded.receive(frame, from, Math.min(frame.length, from + chunk));
            int received = Math.min(frame.length, from + chunk) - WireLimits.HEADER_LENGTH;
            if (from + chunk < frame.length) {
                assertThat(handler.messages).isEmpty();
                // The array of its own is made once a quarter of the payload is here, not on the header.
                assertThat(connection.inboundFrames().assemblingOwnedPayload())
                        .isEqualTo(received >= payload / NettyTransportConstants.OWNED_PAYLOAD_START_DIVISOR);
            }
        }

        assertThat(handler.messages).containsExactly(big);
        assertThat(connection.inboundFrames().assemblingOwnedPayload()).isFalse();
        assertThat(connection.inboundFrames().bufferedBytes()).isZero();
        assertThat(connection.bytesReceived()).isEqualTo(frame.length);
    }

    @Test
    void framesAfterALargePayloadInTheSameReadAreKept() {
        InvMessage big = Frames.inv(2_000);
        byte[] stream = Frames.concat(Frames.encode(big), Frames.encode(new PingMessage(9)));
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        connection.completeHandshake(NEGOTIATED_VERSION);
        connection.request(2);

        embedded.receive(stream);

        assertThat(handler.messages).containsExactly(big, new PingMessage(9));
    }

    @Test
    void encodeErrorFailsOnlyThatSend() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        // Before the handshake our own codec refuses payloads above 1,024 bytes, as the peer's would.
        CompletableFuture<Void> tooBig = connection.send(Frames.inv(40));
        CompletableFuture<Void> ping = connection.send(new PingMessage(5));

        assertThat(embedded.written()).isEqualTo(Frames.encode(new PingMessage(5)));
        assertThat(tooBig).isCompletedExceptionally();
        assertThatThrownBy(tooBig::join).hasCauseInstanceOf(WireFormatException.class);
        assertThat(ping).isCompleted();
        assertThat(connection.isOpen()).isTrue();
        assertThat(handler.closes).isEmpty();
    }

    @Test
    void sendsGoOutInCallOrderAndAreCounted() {
        List<Message> sent = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(new PingMessage(i));
            futures.add(connection.send(sent.get(i)));
        }
        byte[] expected = Frames.encodeAll(sent);

        assertThat(embedded.written()).isEqualTo(expected);
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(connection.bytesSent()).isEqualTo(expected.length);
    }

    @Test
    void closeFlushesWhatWasSentThenCloses() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        CompletableFuture<Void> first = connection.send(new PingMessage(1));
        CompletableFuture<Void> second = connection.send(new PingMessage(2));

        connection.close("done");
        CompletableFuture<Void> late = connection.send(new PingMessage(3));

        assertThat(embedded.written()).isEqualTo(Frames.encodeAll(List.of(new PingMessage(1), new PingMessage(2))));
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThatThrownBy(late::join).hasCauseInstanceOf(PeerSetException.class)
                .hasMessageContaining(EmbeddedConnection.PEER.toString());
        assertThat(embedded.channel.isOpen()).isFalse();
        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(reason.message()).isEqualTo("done");
        });
    }

    @Test
    void onClosedRunsOnceAndALateHandlerStillHearsIt() {
        RecordingHandler first = new RecordingHandler();
        connection.attach(first);
        connection.close("one");
        connection.close("two");
        embedded.channel.runPendingTasks();
        embedded.channel.close();

        assertThat(first.closes).hasSize(1);
        CloseReason reason = first.closes.get(0);
        assertThat(reason.message()).isEqualTo("one");
        assertThat(connection.closeFuture()).isCompletedWithValue(reason);

        RecordingHandler late = new RecordingHandler();
        connection.attach(late);
        assertThat(late.closes).containsExactly(reason);
        assertThat(first.closes).hasSize(1);
    }

    @Test
    void replacedHandlerHearsNothingMore() {
        RecordingHandler handshake = new RecordingHandler();
        RecordingHandler session = new RecordingHandler();
        connection.attach(handshake);
        embedded.receive(Frames.encodeAll(List.of(new PingMessage(1), new PingMessage(2))));
        connection.request(1);

        connection.attach(session);
        connection.request(1);
        embedded.channel.close();

        assertThat(handshake.messages).containsExactly(new PingMessage(1));
        assertThat(handshake.closes).isEmpty();
        assertThat(session.messages).containsExactly(new PingMessage(2));
        assertThat(session.closes).hasSize(1);
    }

    @Test
    void remoteCloseIsReportedAfterTheFramesReceivedBeforeIt() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        embedded.receive(Frames.encodeAll(List.of(new PingMessage(1), new PingMessage(2))));
        embedded.channel.close(); // as if the peer ended the stream: no close was requested here

        assertThat(handler.closes).isEmpty();
        connection.request(1);
        assertThat(handler.closes).isEmpty();
        connection.request(1);

        assertThat(handler.messages).containsExactly(new PingMessage(1), new PingMessage(2));
        assertThat(handler.closes).singleElement()
                .satisfies(reason -> assertThat(reason.kind()).isEqualTo(CloseReason.Kind.REMOTE));
    }

    @Test
    void remoteCloseWithAPartialFrameIsReportedAtOnce() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        byte[] frame = Frames.encode(new PingMessage(1));
        embedded.receive(frame, 0, frame.length - 1);
        embedded.channel.close();

        assertThat(handler.closes).singleElement()
                .satisfies(reason -> assertThat(reason.kind()).isEqualTo(CloseReason.Kind.REMOTE));
    }

    @Test
    void ioErrorClosesWithTheCause() {
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);
        IOException reset = new IOException("Connection reset by peer");

        embedded.channel.pipeline().fireExceptionCaught(reset);

        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.IO_ERROR);
            assertThat(reason.cause()).contains(reset);
        });
    }

    @Test
    void throwingHandlerClosesTheConnection() {
        RecordingHandler handler = new RecordingHandler(m -> {
            throw new IllegalStateException("bug in handler");
        });
        connection.attach(handler);
        connection.request(Long.MAX_VALUE);

        embedded.receive(Frames.encodeAll(List.of(new PingMessage(1), new PingMessage(2))));
        embedded.channel.runPendingTasks();

        assertThat(handler.messages).containsExactly(new PingMessage(1));
        assertThat(handler.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(reason.message()).contains("bug in handler");
        });
    }

    @Test
    void writabilityFollowsTheWaterMarks() {
        embedded.channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(100, 200));
        RecordingHandler handler = new RecordingHandler();
        connection.attach(handler);

        connection.send(Frames.inv(10)); // 385 bytes, not yet flushed
        assertThat(connection.isWritable()).isFalse();
        assertThat(handler.writabilityChanges).containsExactly(false);

        embedded.written();
        assertThat(connection.isWritable()).isTrue();
        assertThat(handler.writabilityChanges).containsExactly(false, true);
    }

    @Test
    void receivedBytesCountFraming() {
        byte[] stream = Frames.encodeAll(List.of(new PingMessage(1), new VerackMessage()));
        connection.attach(new RecordingHandler());
        connection.request(2);
        embedded.receive(stream);

        assertThat(connection.bytesReceived()).isEqualTo(stream.length);
    }
}
