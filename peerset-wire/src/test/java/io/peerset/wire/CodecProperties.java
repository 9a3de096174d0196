package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests of the codec (QuickTheories): every message type round-trips, and no input,
 * however malformed, makes the decoder do anything but return a result or throw
 * {@link WireFormatException}.
 */
class CodecProperties {

    private static final int EXAMPLES = 300;

    static Gen<byte[]> bytes(int min, int max) {
        return Generate.byteArrays(Generate.range(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    static Gen<Hash32> hashes() {
        return bytes(32, 32).map(b -> Hash32.ofInternal(b));
    }

    static Gen<Long> u32() {
        return Generate.longRange(0, 0xffff_ffffL);
    }

    static Gen<PeerServices> services() {
        return longs().all().map(b -> new PeerServices(b));
    }

    static Gen<PeerAddress> addresses() {
        return Generate.oneOf(bytes(4, 4), bytes(16, 16)).zip(Generate.range(0, 65_535), PeerAddress::of);
    }

    static Gen<AddressEntry> addressEntries() {
        return u32().map(s -> Instant.ofEpochSecond(s)).zip(services(), addresses(), AddressEntry::new);
    }

    static Gen<AddrV2Entry> addrV2Entries() {
        Gen<Bytes> address = Generate.range(0, 255).flatMap(id -> {
            int length = AddrV2Entry.expectedLength(id);
            Gen<byte[]> raw = length >= 0 ? bytes(length, length) : bytes(0, 64);
            return raw.map(b -> new Object[] {id, Bytes.copyOf(b)}).map(o -> encodeId(o));
        });
        return u32().map(s -> Instant.ofEpochSecond(s)).zip(services(), address, Generate.range(0, 65_535),
                (time, services, idAndAddress, port) -> new AddrV2Entry(time, services, idAndAddress.get(0) & 0xff,
                        idAndAddress.slice(1, idAndAddress.length()), port));
    }

    /** Packs a network id in front of its address so one generator carries both. */
    private static Bytes encodeId(Object[] idAndBytes) {
        Bytes b = (Bytes) idAndBytes[1];
        byte[] packed = new byte[b.length() + 1];
        packed[0] = (byte) (int) (Integer) idAndBytes[0];
        b.copyTo(packed, 1);
        return Bytes.copyOf(packed);
    }

    static Gen<InventoryItem> inventoryItems() {
        return Generate.oneOf(hashes().map(InventoryItem.Error::new), hashes().map(InventoryItem.Tx::new),
                hashes().map(InventoryItem.Block::new), hashes().map(InventoryItem.FilteredBlock::new),
                hashes().zip(hashes(), InventoryItem.Wtx::new));
    }

    static Gen<String> text(int maxChars) {
        return strings().basicLatinAlphabet().ofLengthBetween(0, maxChars);
    }

    static Gen<Message> versions() {
        Gen<NetworkAddress> netAddresses = services().zip(addresses(), NetworkAddress::new);
        Gen<Instant> timestamps = longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .map(s -> Instant.ofEpochSecond(s));
        return u32().zip(services(), timestamps, netAddresses, (v, s, t, recv) -> new Object[] {v, s, t, recv})
                .zip(netAddresses, longs().all(), text(256), (a, from, nonce, agent) ->
                        new Object[] {a[0], a[1], a[2], a[3], from, nonce, agent})
                .zip(u32(), Generate.booleans(), (a, height, relay) -> new VersionMessage((Long) a[0],
                        (PeerServices) a[1], (Instant) a[2], (NetworkAddress) a[3], (NetworkAddress) a[4],
                        (Long) a[5], (String) a[6], height, relay));
    }

    static List<Message> vectorMessages() {
        List<Message> messages = new ArrayList<>();
        messages.add(VectorsTest.body("block", "block_mainnet_genesis.body.hex"));
        messages.add(VectorsTest.body("tx", "tx_dummy_tx1.body.hex"));
        messages.add(VectorsTest.body("tx", "tx_generic_testnet_280003.body.hex"));
        return messages;
    }

    static Gen<Message> messages() {
        BlockHeader genesis = ((BlockMessage) VectorsTest.body("block", "block_mainnet_genesis.body.hex")).block().header();
        Gen<List<Hash32>> locators = lists().of(hashes()).ofSizeBetween(0, WireLimits.MAX_LOCATOR_HASHES);
        return Generate.oneOf(versions(),
                Generate.constant(new VerackMessage()),
                longs().all().map(PingMessage::new),
                longs().all().map(PongMessage::new),
                text(12).zip(Generate.enumValues(RejectCode.class), text(111),
                        Generate.oneOf(Generate.constant(Bytes.EMPTY), bytes(32, 32).map(b -> Bytes.copyOf(b))),
                        RejectMessage::new),
                lists().of(addressEntries()).ofSizeBetween(0, 40).map(AddrMessage::new),
                lists().of(addrV2Entries()).ofSizeBetween(0, 40).map(AddrV2Message::new),
                Generate.constant(new GetAddrMessage()),
                lists().of(inventoryItems()).ofSizeBetween(0, 60).map(InvMessage::new),
                lists().of(inventoryItems()).ofSizeBetween(0, 60).map(GetDataMessage::new),
                lists().of(inventoryItems()).ofSizeBetween(0, 60).map(NotFoundMessage::new),
                u32().zip(locators, hashes(), GetBlocksMessage::new),
                u32().zip(locators, hashes(), GetHeadersMessage::new),
                Generate.range(0, 12).map(n -> new HeadersMessage(java.util.Collections.nCopies(n, genesis))),
                Generate.pick(vectorMessages()),
                Generate.constant(new MempoolMessage()),
                bytes(0, 2000).zip(u32(), u32(), Generate.range(0, 255),
                        (filter, n, tweak, flags) -> new FilterLoadMessage(Bytes.copyOf(filter), n, tweak, flags)),
                bytes(0, WireLimits.MAX_FILTERADD_DATA_LENGTH).map(b -> new FilterAddMessage(Bytes.copyOf(b))),
                Generate.constant(new FilterClearMessage()));
    }

    @Test
    void everyMessageRoundTripsThroughFrames() {
        qt().withExamples(EXAMPLES).forAll(messages()).checkAssert(message -> {
            ByteBuffer frame = FrameCodec.afterHandshake(Network.MAINNET).encode(message);
            DecodeResult result = FrameCodec.afterHandshake(Network.MAINNET).decode(frame);
            assertThat(result).isEqualTo(new DecodeResult.Decoded(message, frame.limit() - 24));
            assertThat(frame.remaining()).isZero();
        });
    }

    /** Frames a payload for {@code command} with a correct header, so the payload decoder is reached. */
    static ByteBuffer frame(String command, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(24 + payload.length);
        frame.putInt(Network.MAINNET.magic());
        byte[] name = command.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        frame.put(name).put(new byte[12 - name.length]);
        frame.order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length).order(ByteOrder.BIG_ENDIAN);
        frame.putInt(new Sha256d().checksum(ByteBuffer.wrap(payload)));
        frame.put(payload);
        return frame.flip();
    }

    /** The only allowed outcomes: a result, or the codec's own exception. */
    static void decodeSafely(ByteBuffer in) {
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        try {
            DecodeResult r;
            int guard = 0;
            while (!((r = codec.decode(in)) instanceof DecodeResult.NeedMoreBytes)) {
                assertThat(r).isNotNull();
                assertThat(++guard).isLessThan(10_000);
            }
        } catch (WireFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** The same through the owned-payload path a transport uses for large frames. */
    static void decodeOwnedSafely(ByteBuffer frame) {
        FrameCodec codec = FrameCodec.afterHandshake(Network.MAINNET);
        try {
            if (!(codec.decode(frame.slice().limit(24)) instanceof DecodeResult.NeedMoreBytes)) {
                assertThat(codec.isAwaitingPayload()).isFalse(); // an empty payload completes with its header
                return;
            }
            byte[] payload = new byte[codec.pendingPayloadLength()];
            frame.position(24).get(payload);
            assertThat(codec.decodePayload(payload)).isNotNull();
        } catch (WireFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void arbitraryPayloadsOfKnownCommandsNeverEscapeTheCodecsException() {
        List<String> commands = List.copyOf(new java.util.TreeSet<>(PayloadCodec.COMMANDS));
        qt().withExamples(2000).forAll(Generate.pick(commands), bytes(0, 400))
                .checkAssert((command, payload) -> {
                    decodeSafely(frame(command, payload));
                    decodeOwnedSafely(frame(command, payload));
                });
    }

    @Test
    void arbitraryStreamsNeverEscapeTheCodecsException() {
        qt().withExamples(1000).forAll(bytes(0, 200)).checkAssert(b -> {
            ByteBuffer in = ByteBuffer.allocate(4 + b.length).putInt(Network.MAINNET.magic()).put(b).flip();
            decodeSafely(in);
        });
    }

    /** One mutation of a valid frame's payload: a bit flip, a truncation, or a huge count/length. */
    static byte[] mutate(byte[] payload, int kind, int position, int value) {
        if (payload.length == 0) {
            return new byte[] {(byte) value};
        }
        int at = Math.floorMod(position, payload.length);
        switch (kind) {
            case 0 -> {
                byte[] flipped = payload.clone();
                flipped[at] ^= (byte) (1 << (value & 7));
                return flipped;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(payload, at);
            }
            default -> {
                // Overwrite with a CompactSize claiming 2^31 (or 2^32-1, or 2^63) items.
                byte[] huge = payload.clone();
                byte[] claim = switch (value & 3) {
                    case 0 -> new byte[] {(byte) 0xfe, 0, 0, 0, (byte) 0x80};
                    case 1 -> new byte[] {(byte) 0xfe, -1, -1, -1, -1};
                    case 2 -> new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80};
                    default -> new byte[] {(byte) 0xfd, -1, -1};
                };
                System.arraycopy(claim, 0, huge, at, Math.min(claim.length, huge.length - at));
                return huge;
            }
        }
    }

    @Test
    void mutatedValidFramesNeverEscapeTheCodecsException() {
        qt().withExamples(3000).forAll(messages(), Generate.range(0, 2), integers().all(), integers().all())
                .checkAssert((message, kind, position, value) -> {
                    byte[] payload = PayloadCodec.encode(message).toByteArray();
                    byte[] mutated = mutate(payload, kind, position, value);
                    decodeSafely(frame(message.command(), mutated));
                    decodeOwnedSafely(frame(message.command(), mutated));
                    // And with the checksum left stale: must fail cleanly too (unless unchanged).
                    ByteBuffer stale = frame(message.command(), mutated);
                    stale.put(20, (byte) (stale.get(20) ^ 1));
                    decodeSafely(stale);
                });
    }

    @Test
    void hugeCountsFailFastWithoutAllocatingThem() {
        byte[] claim = {(byte) 0xfe, 0, 0, 0, (byte) 0x80};
        for (String command : List.of("addr", "addrv2", "inv", "getdata", "notfound", "headers")) {
            qt().withExamples(50).forAll(bytes(0, 64)).checkAssert(tail -> assertThatThrownBy(() ->
                    PayloadCodec.decode(command, ByteBuffer.wrap(concat(new byte[0], claim, tail))))
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("2147483648 (expected: <= "));
        }
        // Locators after the version, transaction inputs after the tx header, block transactions after the header.
        byte[] genesisHeader = ((BlockMessage) VectorsTest.body("block", "block_mainnet_genesis.body.hex"))
                .block().header().bytes().toByteArray();
        assertThatThrownBy(() -> PayloadCodec.decode("getheaders", ByteBuffer.wrap(concat(new byte[4], claim, new byte[0]))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("locator count at offset 4");
        assertThatThrownBy(() -> PayloadCodec.decode("tx", ByteBuffer.wrap(concat(new byte[] {1, 0, 0, 0}, claim, new byte[64]))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("tx_in count at offset 4");
        assertThatThrownBy(() -> PayloadCodec.decode("block", ByteBuffer.wrap(concat(genesisHeader, claim, new byte[64]))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("transaction count at offset 1487");
        assertThatThrownBy(() -> PayloadCodec.decode("version", ByteBuffer.wrap(concat(new byte[80], claim, new byte[8]))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("user_agent length at offset 80");
    }

    static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    @Test
    void addressesRoundTripThroughTheirText() {
        qt().withExamples(EXAMPLES).forAll(addresses()).checkAssert(a -> assertThat(PeerAddress.parse(a.toString())).isEqualTo(a));
    }
}
