package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

class DecodeCommandTest {

    private static final String VERACK = "24e9276476657261636b000000000000000000005df6e0e2";
    private static final String PING = "24e9276470696e67000000000000000008000000019af1763892278908498290";

    record Result(int exit, String out, String err) {
    }

    static Result run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PeersetCommand.run(new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(new byte[0], args);
    }

    @Test
    void decodesConcatenatedFramesOneJsonObjectPerLine() {
        Result r = run("decode", "--hex", VERACK + PING);
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).containsExactly("{\"command\":\"verack\"}",
                "{\"command\":\"ping\",\"nonce\":\"9082490889279238\"}");
    }

    @Test
    void readsHexVectorFilesWithCommentLinesAndBinaryFromStdin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("frames.hex");
        Files.writeString(file, "# a comment line\n" + VERACK.substring(0, 30) + "\n" + VERACK.substring(30) + "\n");
        assertThat(run("decode", "--file", file.toString()).out()).isEqualTo("{\"command\":\"verack\"}\n");
        byte[] binary = java.util.HexFormat.of().parseHex(PING);
        Result r = run(binary, "decode", "-");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"nonce\":\"9082490889279238\"");
    }

    @Test
    void aGetblocksCarryingAnotherVersionThanProtocolVersionDecodesAndIsNamed() {
        // issue 14 §5: what bcoin sends on a connection negotiated at 170160
        java.nio.ByteBuffer frame = io.peerset.wire.FrameCodec.afterHandshake(io.peerset.wire.Network.MAINNET)
                .encode(new io.peerset.wire.GetBlocksMessage(70_015, java.util.List.of(),
                        io.peerset.wire.Hash32.ZERO));
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        Result r = run("decode", "--protocol-version", "170160", "--hex", VERACK + java.util.HexFormat.of().formatHex(bytes));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(2).last().asString().startsWith("{\"command\":\"getblocks\",\"version\":70015");
        assertThat(r.err()).isEqualTo("peerset decode: getblocks at offset 24: version 70015 (expected: the"
                + " negotiated version 170160; decoded anyway, as a live connection does)\n");
    }

    @Test
    void unknownCommandsAreReportedAsSkipped() {
        String sendheaders = "24e9276473656e646865616465727300000000005df6e0e2";
        Result r = run("decode", "--hex", sendheaders + VERACK);
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "{\"command\":\"sendheaders\",\"skipped\":true,\"length\":0}", "{\"command\":\"verack\"}");
    }

    @Test
    void errorsExitTwoWithOneLineNamingTheOffsetAfterPrintingWhatDecoded() {
        String badChecksum = VERACK.substring(0, 40) + "00000000";
        Result r = run("decode", "--hex", VERACK + badChecksum);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("{\"command\":\"verack\"}\n");
        assertThat(r.err().lines()).containsExactly(
                "peerset decode: verack: checksum at offset 44: 00000000 (expected: 5df6e0e2, the SHA-256d of the payload)");
    }

    @Test
    void truncatedInputAndWrongNetworkAreErrors() {
        Result truncated = run("decode", "--hex", PING.substring(0, PING.length() - 2));
        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.err()).isEqualTo("peerset decode: truncated frame at offset 0: needs 1 more bytes\n");
        Result testnet = run("decode", "--network", "testnet", "--hex", VERACK);
        assertThat(testnet.exit()).isEqualTo(2);
        assertThat(testnet.err()).isEqualTo(
                "peerset decode: frame: magic at offset 0: 24e92764 (expected: fa1af9bf for testnet)\n");
        Result magic = run("decode", "--magic", "24e92764", "--hex", VERACK);
        assertThat(magic.exit()).isZero();
        Result custom = run("decode", "--magic", "0b110907", "--hex", VERACK);
        assertThat(custom.err()).contains("expected: 0b110907 for custom");
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        assertThat(run("decode", "--hex", "xyz")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("peerset decode: --hex: ");
        });
        assertThat(run("decode", "--network", "simnet", "--hex", VERACK).err())
                .isEqualTo("peerset decode: --network simnet (expected: mainnet, testnet or regtest)\n");
        assertThat(run("decode", "--file", "/nonexistent/peerset").err())
                .isEqualTo("peerset decode: /nonexistent/peerset: no such file\n");
        assertThat(run("decode", "--payload", "sendheaders", "--hex", "").err()).startsWith("peerset decode: --payload sendheaders");
        assertThat(run("decode", "--hex", VERACK, "--file", "x").exit()).isEqualTo(2);
    }

    @Test
    void decodesBarePayloads() {
        Result r = run("decode", "--payload", "ping", "--hex", "3892278908498290");
        assertThat(r.out()).isEqualTo("{\"command\":\"ping\",\"nonce\":\"9082490889279238\"}\n");
        Result inv = run("decode", "--payload", "inv", "--hex", "0105000000" + "00".repeat(64));
        assertThat(inv.out()).contains("\"type\":\"wtx\"");
        Result huge = run("decode", "--payload", "inv", "--hex", "fe00000080");
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err()).isEqualTo("peerset decode: inv: count at offset 0: 2147483648 (expected: <= 50000)\n");
    }

    @Test
    void anyInputGivesJsonLinesOrExactlyOneErrorLine() {
        qt().withExamples(300).forAll(Generate.byteArrays(Generate.range(0, 120),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))).checkAssert(bytes -> {
                    byte[] input = new byte[bytes.length + 4];
                    System.arraycopy(java.util.HexFormat.of().parseHex("24e92764"), 0, input, 0, 4);
                    System.arraycopy(bytes, 0, input, 4, bytes.length);
                    Result r = run(input, "decode");
                    assertThat(r.exit()).isIn(0, 2);
                    if (r.exit() == 2) {
                        assertThat(r.err().lines()).hasSize(1);
                    } else {
                        assertThat(r.err()).isEmpty();
                    }
                    assertThat(r.out().lines()).allMatch(line -> line.startsWith("{\"command\":\"") && line.endsWith("}"));
                });
    }
}
