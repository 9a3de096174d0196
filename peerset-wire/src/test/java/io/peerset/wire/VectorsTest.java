package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every vector of shared/vectors/README.md decodes to the fields it gives, and re-encodes. */
class VectorsTest {

    private static final Instant T2009 = Instant.parse("2009-01-09T02:54:25Z");
    private static final Instant T2039 = Instant.parse("2039-11-22T11:22:33Z");

    static Message frame(String name, Network network) {
        byte[] bytes = Vectors.load(name);
        FrameCodec codec = FrameCodec.afterHandshake(network);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        DecodeResult result = codec.decode(in);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(in.remaining()).isZero();
        Message message = ((DecodeResult.Decoded) result).message();
        assertThat(toArray(FrameCodec.afterHandshake(network).encode(message)))
                .as("re-encoding " + name).isEqualTo(bytes);
        return message;
    }

    static Message body(String command, String name) {
        byte[] bytes = Vectors.load(name);
        return PayloadCodec.decode(command, ByteBuffer.wrap(bytes)).orElseThrow();
    }

    static Message canonicalBody(String command, String name) {
        Message message = body(command, name);
        assertThat(PayloadCodec.encode(message).toByteArray()).as("re-encoding " + name)
                .isEqualTo(Vectors.load(name));
        return message;
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    static AddressEntry entry(Instant time, long services, String address) {
        return new AddressEntry(time, new PeerServices(services), PeerAddress.parse(address));
    }

    @Test
    void addrV1() {
        assertThat(((AddrMessage) canonicalBody("addr", "addr_v1_ip_case0.body.hex")).entries()).containsExactly(
                entry(T2009, 0, "[::1]:0"), entry(T2039, 1, "[::1]:241"));
        assertThat(((AddrMessage) canonicalBody("addr", "addr_v1_ip_case1_torv3_as_v1.body.hex")).entries())
                .containsExactly(entry(T2039, 1, "[::]:9050"));
        AddrMessage all = (AddrMessage) canonicalBody("addr", "addr_v1_ip_case2_all_services.body.hex");
        assertThat(all.entries()).hasSize(1);
        assertThat(all.entries().get(0).services().bits()).isEqualTo(-1L);
        assertThat(all.entries().get(0).services().knownOnly()).isEqualTo(PeerServices.NETWORK);
        assertThat(all.entries().get(0).address()).isEqualTo(PeerAddress.parse("[::1]:0"));
        // IPv4-mapped is canonicalised, so the re-encoding is the same 16 mapped bytes.
        assertThat(((AddrMessage) canonicalBody("addr", "addr_v1_ip_case3_ipv4_mapped.body.hex")).entries())
                .containsExactly(entry(T2009, 1, "127.0.0.1:0"));
        assertThat(((AddrMessage) canonicalBody("addr", "addr_v1_empty.body.hex")).entries()).isEmpty();
        assertThat(((AddrMessage) frame("addr_v1_ip_case0.mainnet.msg.hex", Network.MAINNET)).entries())
                .containsExactly(entry(T2009, 0, "[::1]:0"), entry(T2039, 1, "[::1]:241"));
    }

    @Test
    void addrV2() {
        AddrV2Message case0 = (AddrV2Message) canonicalBody("addrv2", "addrv2_ip_case0_ipv6_and_torv3.body.hex");
        assertThat(case0.entries()).hasSize(3);
        assertThat(case0.entries().get(2).networkId()).isEqualTo(AddrV2Entry.TORV3);
        assertThat(case0.addresses()).containsExactly(entry(T2009, 0, "[::1]:0"), entry(T2039, 1, "[::1]:241"));
        assertThat(((AddrV2Message) canonicalBody("addrv2", "addrv2_ip_case1_ipv4_ipv6.body.hex")).addresses())
                .containsExactly(entry(T2039, 1, "127.0.0.1:1"), entry(T2039, 1, "[::1]:241"));
        AddrV2Message all = (AddrV2Message) canonicalBody("addrv2", "addrv2_ip_case2_all_services.body.hex");
        assertThat(all.addresses()).hasSize(1);
        assertThat(all.addresses().get(0).services().knownOnly()).isEqualTo(PeerServices.NETWORK);
        assertThat(all.addresses().get(0).address()).isEqualTo(PeerAddress.parse("[::1]:0"));
        for (String name : List.of("addrv2_ip_case3_unknown_netid_8byte.body.hex",
                "addrv2_ip_case4_unknown_netid_0byte.body.hex", "addrv2_ip_case5_unknown_netid_512byte.body.hex")) {
            AddrV2Message m = (AddrV2Message) canonicalBody("addrv2", name);
            assertThat(m.addresses()).as(name).containsExactly(entry(T2039, 1, "[::1]:241"));
        }
        assertThat(((AddrV2Message) canonicalBody("addrv2", "addrv2_ip_case5_unknown_netid_512byte.body.hex"))
                .entries().get(0).address().length()).isEqualTo(512);
        assertThat(((AddrV2Message) canonicalBody("addrv2", "addrv2_empty_case0_torv3_only.body.hex")).addresses()).isEmpty();
        assertThat(((AddrV2Message) canonicalBody("addrv2", "addrv2_empty_case1_zero_entries.body.hex")).entries()).isEmpty();
        assertThat(((AddrV2Message) frame("addrv2_ip_case0.mainnet.msg.hex", Network.MAINNET)).addresses()).hasSize(2);
    }

    @Test
    void addrV2Invalid() {
        assertThatThrownBy(() -> body("addrv2", "addrv2_invalid_case0_addr_513_bytes.body.hex"))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("addr length").hasMessageContaining("513 (expected: <= 512)");
        assertThatThrownBy(() -> body("addrv2", "addrv2_invalid_case1_addr_len_2pow31.body.hex"))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("addr length").hasMessageContaining("2147483647 (expected: <= 512)");
    }

    @Test
    void transactions() {
        TxMessage dummy = (TxMessage) canonicalBody("tx", "tx_dummy_tx1.body.hex");
        assertThat(dummy.transaction().version()).isEqualTo(1);
        assertThat(dummy.transaction().bytes().length()).isEqualTo(85);
        assertThat(dummy.transaction().inputs()).hasSize(1);
        assertThat(dummy.transaction().outputs()).hasSize(1);
        assertThat(dummy.transaction().outputs().get(0).value()).isEqualTo(1_000_000);
        assertThat(Sha256d.hash(dummy.transaction().bytes()).toDisplayHex())
                .isEqualTo("5ada6b87c22f9fdb424663d79c31d712225d5256445ddd36e179e0dcf550c680");
        assertThat(frame("tx_dummy_tx1.mainnet.msg.hex", Network.MAINNET)).isEqualTo(dummy);

        TxMessage generic = (TxMessage) canonicalBody("tx", "tx_generic_testnet_280003.body.hex");
        assertThat(generic.transaction().version()).isEqualTo(4);
        assertThat(generic.transaction().isOverwintered()).isTrue();
        assertThat(generic.transaction().bytes().length()).isEqualTo(2005);
        assertThat(Sha256d.hash(generic.transaction().bytes()).toDisplayHex())
                .isEqualTo("64f0bd7fe30ce23753358fe3a2dc835b8fba9c0274c4e2c54a6f73114cb55639");
        assertThat(frame("tx_generic_testnet_280003.testnet.msg.hex", Network.TESTNET)).isEqualTo(generic);
    }

    @Test
    void maxBodyLengthBoundaryOf85ByteTransaction() {
        byte[] frame = Vectors.load("tx_dummy_tx1.mainnet.msg.hex");
        Message tx = body("tx", "tx_dummy_tx1.body.hex");
        FrameCodec tight = FrameCodec.builder(Network.MAINNET).maxPayloadLength(84).build();
        assertThatThrownBy(() -> tight.decode(ByteBuffer.wrap(frame))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("payload length").hasMessageContaining("85 (expected: <= 84)");
        assertThatThrownBy(() -> FrameCodec.builder(Network.MAINNET).maxPayloadLength(84).build().encode(tx))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("85 (expected: <= 84)");
        FrameCodec exact = FrameCodec.builder(Network.MAINNET).maxPayloadLength(85).build();
        assertThat(exact.decode(ByteBuffer.wrap(frame))).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(toArray(exact.encode(tx))).isEqualTo(frame);
    }

    @Test
    void genesisBlocks() {
        BlockMessage main = (BlockMessage) canonicalBody("block", "block_mainnet_genesis.body.hex");
        BlockHeader h = main.block().header();
        assertThat(main.block().hash().toDisplayHex())
                .isEqualTo("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08");
        assertThat(h.version()).isEqualTo(4);
        assertThat(h.time()).isEqualTo(1477641360);
        assertThat(h.bits()).isEqualTo(0x1f07ffffL);
        assertThat(h.solution().length()).isEqualTo(1344);
        assertThat(h.bytes().length()).isEqualTo(1487);
        assertThat(main.block().transactions()).hasSize(1);
        assertThat(main.block().transactions().get(0).isCoinbase()).isTrue();
        assertThat(main.block().bytes().length()).isEqualTo(1692);
        assertThat(frame("block_mainnet_genesis.mainnet.msg.hex", Network.MAINNET)).isEqualTo(main);

        BlockMessage test = (BlockMessage) frame("block_testnet_genesis.testnet.msg.hex", Network.TESTNET);
        assertThat(test.block().hash().toDisplayHex())
                .isEqualTo("05a60a92d99d85997cce3b87616c089f6124d7342af37106edc76126334a2c38");

        HeadersMessage headers = (HeadersMessage) frame("headers_mainnet_genesis.mainnet.msg.hex", Network.MAINNET);
        assertThat(headers.headers()).containsExactly(h);
    }

    @Test
    void version() {
        VersionMessage v = (VersionMessage) frame("version_codec_test_vector.mainnet.msg.hex", Network.MAINNET);
        NetworkAddress address = new NetworkAddress(PeerServices.NETWORK, PeerAddress.parse("203.0.113.6:8233"));
        assertThat(v).isEqualTo(new VersionMessage(170_160, PeerServices.NETWORK,
                Instant.ofEpochSecond(1_568_000_000), address, address, 0x9082490889279238L, "Zebra",
                540_000, true));
        VersionMessage noRelay = (VersionMessage) body("version", "version_codec_test_vector_no_relay.body.hex");
        assertThat(noRelay).isEqualTo(v);

        byte[] wrongMagic = Vectors.load("version_codec_test_vector.testnet_magic.msg.hex");
        assertThatThrownBy(() -> FrameCodec.afterHandshake(Network.MAINNET).decode(ByteBuffer.wrap(wrongMagic)))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("frame: magic at offset 0: fa1af9bf (expected: 24e92764 for mainnet)");
    }

    @Test
    void rejects() {
        assertThat(frame("reject_no_data.mainnet.msg.hex", Network.MAINNET)).isEqualTo(new RejectMessage(
                "experimental", RejectCode.MALFORMED, "message could not be decoded", Bytes.EMPTY));
        RejectMessage withData = (RejectMessage) frame("reject_with_data.mainnet.msg.hex", Network.MAINNET);
        assertThat(withData.message()).isEqualTo("block");
        assertThat(withData.code()).isEqualTo(RejectCode.INVALID);
        assertThat(withData.reason()).isEqualTo("invalid block difficulty");
        assertThat(withData.data().toHex()).isEqualTo("ff".repeat(32));
    }

    @Test
    void wtxInventory() {
        InvMessage inv = (InvMessage) canonicalBody("inv", "inv_msg_wtx.body.hex");
        assertThat(inv.items()).containsExactly(new InventoryItem.Wtx(Hash32.ZERO, Hash32.ZERO));
    }

    @ParameterizedTest
    @CsvSource({"verack.mainnet.msg.hex,mainnet", "verack.testnet.msg.hex,testnet", "verack.regtest.msg.hex,regtest"})
    void veracks(String name, String network) {
        assertThat(frame(name, Network.builtIn(network).orElseThrow())).isEqualTo(new VerackMessage());
        assertThat(Vectors.load(name)).endsWith(0x5d, 0xf6, 0xe0, 0xe2);
    }

    @Test
    void controlMessages() {
        assertThat(frame("getaddr.mainnet.msg.hex", Network.MAINNET)).isEqualTo(new GetAddrMessage());
        assertThat(frame("mempool.mainnet.msg.hex", Network.MAINNET)).isEqualTo(new MempoolMessage());
        assertThat(frame("ping.mainnet.msg.hex", Network.MAINNET)).isEqualTo(new PingMessage(0x9082490889279238L));
        assertThat(frame("pong.mainnet.msg.hex", Network.MAINNET)).isEqualTo(new PongMessage(0x9082490889279238L));
    }

    @Test
    void getHeaders() {
        GetHeadersMessage m = (GetHeadersMessage) frame("getheaders_genesis_locator.mainnet.msg.hex", Network.MAINNET);
        assertThat(m.version()).isEqualTo(170_160);
        assertThat(m.locator()).containsExactly(
                Hash32.fromDisplayHex("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08"));
        assertThat(m.stopHash()).isEmpty();
        // A codec that negotiated another version decodes it as it is (bcoin writes its own version,
        // issue 14 §5), but never sends one other than the negotiated version.
        FrameCodec negotiated = FrameCodec.afterHandshake(Network.MAINNET);
        negotiated.completeHandshake(170_150);
        byte[] bytes = Vectors.load("getheaders_genesis_locator.mainnet.msg.hex");
        assertThat(negotiated.decode(ByteBuffer.wrap(bytes))).isEqualTo(new DecodeResult.Decoded(m, bytes.length - 24));
        assertThatThrownBy(() -> negotiated.encode(m)).isInstanceOf(WireFormatException.class)
                .hasMessage("getheaders: version: 170160 (expected: the negotiated version 170150)");
    }

    @Test
    void aGetblocksCarryingAnotherVersionThanTheNegotiatedOneDecodes() {
        // What bcoin sends on a connection negotiated at 170160: its own protocol version, 70015.
        Hash32 genesis = Hash32.fromDisplayHex("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08");
        GetBlocksMessage bcoin = new GetBlocksMessage(70_015, List.of(genesis), Hash32.ZERO);
        ByteBuffer frame = FrameCodec.afterHandshake(Network.MAINNET).encode(bcoin); // no negotiated version: any
        FrameCodec live = FrameCodec.forHandshake(Network.MAINNET);
        live.completeHandshake(170_160);
        assertThat(live.decode(frame)).isEqualTo(new DecodeResult.Decoded(bcoin, frame.limit() - 24));
        assertThat(PayloadCodec.decode("getblocks", ByteBuffer.wrap(payloadOf(bcoin)), 170_160)).contains(bcoin);
    }

    private static byte[] payloadOf(Message message) {
        ByteBuffer frame = FrameCodec.afterHandshake(Network.MAINNET).encode(message);
        byte[] payload = new byte[frame.remaining() - WireLimits.HEADER_LENGTH];
        frame.position(WireLimits.HEADER_LENGTH).get(payload);
        return payload;
    }

    @Test
    void unknownCommandIsSkippedAndTheNextFrameDecodes() {
        byte[] unknown = Vectors.load("unknown_command_sendheaders.mainnet.msg.hex");
        byte[] verack = Vectors.load("verack.mainnet.msg.hex");
        ByteBuffer in = ByteBuffer.allocate(unknown.length + verack.length).put(unknown).put(verack).flip();
        FrameCodec codec = FrameCodec.forHandshake(Network.MAINNET);
        assertThat(codec.decode(in)).isEqualTo(new DecodeResult.Skipped("sendheaders", unknown.length - 24));
        // No stall (reference Appendix A.8): the buffered verack decodes without more input.
        assertThat(codec.decode(in)).isEqualTo(new DecodeResult.Decoded(new VerackMessage(), 0));
        assertThat(in.remaining()).isZero();
    }

    @Test
    void badChecksumFails() {
        byte[] bytes = Vectors.load("verack_bad_checksum.mainnet.msg.hex");
        assertThatThrownBy(() -> FrameCodec.forHandshake(Network.MAINNET).decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("verack: checksum at offset 20: 00000000 (expected: 5df6e0e2, the SHA-256d of the payload)");
    }
}
