package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits of reference sections 7 and 9.9, at and just past each boundary. */
class CodecLimitsTest {

    private static final NetworkAddress ADDRESS =
            new NetworkAddress(PeerServices.NETWORK, PeerAddress.parse("203.0.113.6:8233"));

    static VersionMessage version(String userAgent, Instant timestamp) {
        return new VersionMessage(170_160, PeerServices.NETWORK, timestamp, ADDRESS, ADDRESS, 1, userAgent, 0, true);
    }

    static Message decode(String command, Consumer<WireWriter> payload) {
        WireWriter w = new WireWriter(0, 64);
        payload.accept(w);
        return PayloadCodec.decode(command, ByteBuffer.wrap(w.array(), 0, w.position())).orElseThrow();
    }

    static byte[] versionWithUserAgentLength(int length, long timestamp) {
        WireWriter w = new WireWriter(0, 64);
        w.u32(170_160);
        w.i64(1);
        w.i64(timestamp);
        for (int i = 0; i < 2; i++) {
            w.i64(1);
            w.bytes(new byte[16]);
            w.u16be(8233);
        }
        w.i64(7);
        w.string("a".repeat(length));
        w.u32(0);
        return java.util.Arrays.copyOf(w.array(), w.position());
    }

    @Test
    void userAgentOf256BytesIsAcceptedAnd257Rejected() {
        VersionMessage ok = version("a".repeat(256), Instant.EPOCH);
        assertThat(PayloadCodec.decode("version", ByteBuffer.wrap(PayloadCodec.encode(ok).toByteArray())))
                .contains(ok);
        assertThatThrownBy(() -> version("a".repeat(257), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("userAgent: 257 bytes (expected: <= 256)");
        assertThatThrownBy(() -> PayloadCodec.decode("version", ByteBuffer.wrap(versionWithUserAgentLength(257, 0))))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("version: user_agent length at offset 80: 257 (expected: <= 256)");
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, 31556889864403200L})
    void unrepresentableTimestampsAreRejected(long seconds) {
        assertThatThrownBy(() -> PayloadCodec.decode("version", ByteBuffer.wrap(versionWithUserAgentLength(0, seconds))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("timestamp at offset 12");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_620_777_600L, -31557014167219200L, 31556889864403199L})
    void representableTimestampsRoundTrip(long seconds) {
        VersionMessage v = version("", Instant.ofEpochSecond(seconds));
        assertThat(PayloadCodec.decode("version", ByteBuffer.wrap(PayloadCodec.encode(v).toByteArray()))).contains(v);
    }

    @Test
    void relayByteIsOptionalAndBoolean() {
        byte[] base = versionWithUserAgentLength(0, 0);
        assertThat(((VersionMessage) PayloadCodec.decode("version", ByteBuffer.wrap(base)).orElseThrow()).relay()).isTrue();
        for (int b = 0; b <= 2; b++) {
            byte[] withRelay = java.util.Arrays.copyOf(base, base.length + 1);
            withRelay[base.length] = (byte) b;
            if (b < 2) {
                assertThat(((VersionMessage) PayloadCodec.decode("version", ByteBuffer.wrap(withRelay))
                        .orElseThrow()).relay()).isEqualTo(b == 1);
            } else {
                assertThatThrownBy(() -> PayloadCodec.decode("version", ByteBuffer.wrap(withRelay)))
                        .isInstanceOf(WireFormatException.class).hasMessageContaining("relay at offset 85: 2 (expected: 0 or 1)");
            }
        }
    }

    @Test
    void missingFieldsBeforeRelayAreErrors() {
        byte[] base = versionWithUserAgentLength(0, 0);
        assertThatThrownBy(() -> PayloadCodec.decode("version", ByteBuffer.wrap(base, 0, base.length - 1)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("start_height");
    }

    @Test
    void rejectFieldLimits() {
        assertThatThrownBy(() -> new RejectMessage("x".repeat(13), RejectCode.OTHER, "", Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RejectMessage("tx", RejectCode.OTHER, "r".repeat(112), Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("reject", w -> w.string("x".repeat(13))))
                .isInstanceOf(WireFormatException.class).hasMessage("reject: message length at offset 0: 13 (expected: <= 12)");
        assertThatThrownBy(() -> decode("reject", w -> {
            w.string("tx");
            w.u8(0x10);
            w.string("r".repeat(112));
        })).isInstanceOf(WireFormatException.class).hasMessageContaining("reason length at offset 4: 112 (expected: <= 111)");
        assertThatThrownBy(() -> decode("reject", w -> {
            w.string("tx");
            w.u8(0x13);
            w.string("");
        })).isInstanceOf(WireFormatException.class).hasMessageContaining("ccode at offset 3: 13");
        // Fewer than 32 trailing bytes: no data, the rest is tolerated as extra bytes.
        RejectMessage shortData = (RejectMessage) decode("reject", w -> {
            w.string("tx");
            w.u8(0x10);
            w.string("bad");
            w.bytes(new byte[31]);
        });
        assertThat(shortData.data().isEmpty()).isTrue();
    }

    @Test
    void headersCapIs160() {
        BlockHeader genesis = ((BlockMessage) VectorsTest.body("block", "block_mainnet_genesis.body.hex")).block().header();
        HeadersMessage max = new HeadersMessage(Collections.nCopies(160, genesis));
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        assertThat(codec.decode(codec.encode(max))).isEqualTo(new DecodeResult.Decoded(max,
                PayloadCodec.encode(max).length()));
        assertThatThrownBy(() -> new HeadersMessage(Collections.nCopies(161, genesis)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("headers", w -> {
            w.compactSize(161);
            for (int i = 0; i < 161; i++) {
                w.bytes(genesis.bytes());
                w.u8(0);
            }
        })).isInstanceOf(WireFormatException.class).hasMessage("headers: count at offset 0: 161 (expected: <= 160)");
    }

    @Test
    void filterLoadLimits() {
        FilterLoadMessage ok = new FilterLoadMessage(Bytes.copyOf(new byte[35_999]), 11, 5, 1);
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        assertThat(((DecodeResult.Decoded) codec.decode(codec.encode(ok))).message()).isEqualTo(ok);
        assertThatThrownBy(() -> decode("filterload", w -> w.bytes(new byte[40_000])))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("filterload: payload at offset 0: 40000 bytes (expected: 9..36009)");
        assertThatThrownBy(() -> decode("filterload", w -> w.bytes(new byte[8])))
                .isInstanceOf(WireFormatException.class);
        FilterAddMessage add = (FilterAddMessage) decode("filteradd", w -> w.bytes(new byte[600]));
        assertThat(add.data().length()).isEqualTo(520);
    }

    @Test
    void oversizedAddrV2IsRejectedOnItsCountBeforeAllocating() {
        // ~2 MiB of minimal entries (reference 9.9): 233,016 claimed entries.
        WireWriter w = new WireWriter(0, 2 * 1024 * 1024);
        w.compactSize(233_016);
        for (int i = 0; i < 233_016; i++) {
            w.u32(0);
            w.u8(0);
            w.u8(AddrV2Entry.TORV3);
            w.u8(0);
            w.u16be(0);
        }
        assertThat(w.position()).isLessThanOrEqualTo(WireLimits.MAX_PAYLOAD_LENGTH);
        assertThatThrownBy(() -> PayloadCodec.decode("addrv2", ByteBuffer.wrap(w.array(), 0, w.position())))
                .isInstanceOf(WireFormatException.class).hasMessage("addrv2: count at offset 0: 233016 (expected: <= 1000)");
    }

    @Test
    void nonCanonicalCompactSizeIsRejected() {
        assertThatThrownBy(() -> decode("inv", w -> {
            w.u8(0xfd);
            w.u8(1);
            w.u8(0);
        })).isInstanceOf(WireFormatException.class)
                .hasMessage("inv: count at offset 0: non-canonical CompactSize 1 (expected: the shortest encoding)");
    }

    @Test
    void unknownInventoryTypeIsAnError() {
        assertThatThrownBy(() -> decode("getdata", w -> {
            w.compactSize(1);
            w.u32(4);
            w.bytes(new byte[32]);
        })).isInstanceOf(WireFormatException.class).hasMessage("getdata: inventory type at offset 1: 4 (expected: 0, 1, 2, 3 or 5)");
    }

    @Test
    void nonceLessPingIsAnError() {
        assertThatThrownBy(() -> decode("ping", w -> { }))
                .isInstanceOf(WireFormatException.class).hasMessage("ping: nonce at offset 0: needs 8 bytes, 0 remain");
    }

    @Test
    void handshakeCapIsCheckedOnTheHeaderBeforeThePayloadArrives() {
        FrameCodec sender = FrameCodec.afterHandshake(Network.MAINNET);
        ByteBuffer frame = sender.encode(new FilterAddMessage(Bytes.EMPTY));
        ByteBuffer header = ByteBuffer.allocate(24).put(frame.array(), 0, 24).flip();
        header.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16, 1025);
        FrameCodec receiver = FrameCodec.forHandshake(Network.MAINNET);
        assertThatThrownBy(() -> receiver.decode(header)).isInstanceOf(WireFormatException.class)
                .hasMessage("filteradd: payload length at offset 16: 1025 (expected: <= 1024 before the handshake completes)");
        FrameCodec after = FrameCodec.forHandshake(Network.MAINNET);
        after.completeHandshake(170_160);
        header.rewind();
        assertThat(after.decode(header)).isEqualTo(new DecodeResult.NeedMoreBytes(1025));
        ByteBuffer huge = ByteBuffer.allocate(24).put(frame.array(), 0, 24).flip();
        huge.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16, WireLimits.MAX_PAYLOAD_LENGTH + 1);
        assertThatThrownBy(() -> FrameCodec.afterHandshake(Network.MAINNET).decode(huge))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("2097153 (expected: <= 2097152)");
    }

    @Test
    void encoderRefusesPayloadsOverTheHandshakeCap() {
        FilterLoadMessage big = new FilterLoadMessage(Bytes.copyOf(new byte[2000]), 1, 1, 0);
        assertThatThrownBy(() -> FrameCodec.forHandshake(Network.MAINNET).encode(big))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("filterload: payload length: 2009 (expected: <= 1024)");
    }

    @Test
    void decodesOneByteAtATime() {
        List<Message> messages = List.of(new PingMessage(42), new VerackMessage(),
                version("/peerset:0.1/", Instant.ofEpochSecond(1_700_000_100)));
        FrameCodec sender = FrameCodec.forHandshake(Network.REGTEST);
        ByteBuffer all = ByteBuffer.allocate(4096);
        for (Message m : messages) {
            all.put(sender.encode(m));
        }
        all.flip();
        FrameCodec receiver = FrameCodec.forHandshake(Network.REGTEST);
        ByteBuffer window = ByteBuffer.allocate(4096);
        List<Message> decoded = new java.util.ArrayList<>();
        while (all.hasRemaining()) {
            window.put(all.get());
            window.flip();
            DecodeResult r;
            while (!((r = receiver.decode(window)) instanceof DecodeResult.NeedMoreBytes)) {
                decoded.add(((DecodeResult.Decoded) r).message());
            }
            assertThat(((DecodeResult.NeedMoreBytes) r).bytesNeeded()).isPositive();
            window.compact();
        }
        assertThat(decoded).isEqualTo(messages);
    }

    @Test
    void errorsReportStreamOffsets() {
        FrameCodec codec = FrameCodec.forHandshake(Network.MAINNET);
        ByteBuffer two = ByteBuffer.allocate(64).put(codec.encode(new VerackMessage()))
                .put(codec.encode(new VerackMessage())).flip();
        two.put(24 + 5, (byte) 0x41); // corrupt the second frame's command padding... and checksum stays valid
        FrameCodec receiver = FrameCodec.forHandshake(Network.MAINNET);
        assertThat(receiver.decode(two)).isInstanceOf(DecodeResult.Decoded.class);
        two.put(24, (byte) 0);
        assertThatThrownBy(() -> receiver.decode(two)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("frame: magic at offset 24:");
    }

    @Test
    void ownedPayloadsDecodeLikeBufferedOnesAndShareTheArray() {
        byte[] frame = Vectors.load("block_mainnet_genesis.mainnet.msg.hex");
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        assertThat(codec.isAwaitingPayload()).isFalse();
        assertThat(codec.pendingPayloadLength()).isEqualTo(-1);
        assertThat(codec.decode(ByteBuffer.wrap(frame, 0, 24))).isEqualTo(new DecodeResult.NeedMoreBytes(1692));
        assertThat(codec.isAwaitingPayload()).isTrue();
        assertThatThrownBy(() -> codec.decodePayload(new byte[10])).isInstanceOf(IllegalStateException.class)
                .hasMessage("payload: 10 bytes (expected: 1692 announced by the header)");
        byte[] payload = java.util.Arrays.copyOfRange(frame, 24, frame.length);
        DecodeResult owned = codec.decodePayload(payload);
        DecodeResult buffered = FrameCodec.afterHandshake(Network.MAINNET).decode(ByteBuffer.wrap(frame));
        assertThat(owned).isEqualTo(buffered);
        // The block shares the handed-over array (no copy): changing it would change the block.
        Block block = ((BlockMessage) ((DecodeResult.Decoded) owned).message()).block();
        payload[payload.length - 1] ^= 1;
        assertThat(block.bytes()).isNotEqualTo(((BlockMessage) ((DecodeResult.Decoded) buffered).message()).block().bytes());
        assertThat(codec.isAwaitingPayload()).isFalse();
        assertThatThrownBy(() -> codec.decodePayload(payload)).isInstanceOf(IllegalStateException.class);
        // Checksums are verified on owned payloads too, with the stream offset of the checksum field.
        FrameCodec second = FrameCodec.afterHandshake(Network.MAINNET);
        second.decode(ByteBuffer.wrap(frame, 0, 24));
        assertThatThrownBy(() -> second.decodePayload(payload)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("block: checksum at offset 20:");
    }

    /** v1 tx: an input with a 1-byte script, one with a 70,000-byte script (5-byte CompactSize), two outputs. */
    static byte[] transparentTx(long secondValue) {
        WireWriter w = new WireWriter(0, 80_000);
        w.u32(1);
        w.compactSize(2);
        w.bytes(new byte[36]);
        w.varBytes(Bytes.copyOf(new byte[] {0x51}));
        w.u32(0xffff_ffffL);
        w.bytes(new byte[36]);
        w.varBytes(Bytes.copyOf(new byte[70_000]));
        w.u32(0xffff_ffffL);
        w.compactSize(2);
        w.i64(5);
        w.varBytes(Bytes.EMPTY);
        w.i64(secondValue);
        w.varBytes(Bytes.copyOf(new byte[300]));
        w.u32(0);
        return java.util.Arrays.copyOf(w.array(), w.position());
    }

    @Test
    void transparentFastPathDefersAnomaliesToTheCheckedPath() {
        Transaction tx = Transaction.parse(Bytes.copyOf(transparentTx(Transaction.MAX_MONEY)));
        assertThat(tx.inputs()).extracting(i -> i.scriptSig().length()).containsExactly(1, 70_000);
        assertThat(tx.outputs()).extracting(Transaction.TransparentOutput::value).containsExactly(5L, Transaction.MAX_MONEY);
        int secondValueAt = 4 + 1 + (36 + 1 + 1 + 4) + (36 + 5 + 70_000 + 4) + 1 + (8 + 1);
        assertThatThrownBy(() -> Transaction.parse(Bytes.copyOf(transparentTx(Transaction.MAX_MONEY + 1))))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("tx: output value at offset " + secondValueAt + ": 2100000000000001 (expected: 0..2100000000000000)");
        byte[] truncated = transparentTx(1);
        assertThatThrownBy(() -> Transaction.parse(Bytes.copyOf(java.util.Arrays.copyOf(truncated, 100))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("script_sig at offset 88: needs 70000 bytes, 12 remain");
    }
}
