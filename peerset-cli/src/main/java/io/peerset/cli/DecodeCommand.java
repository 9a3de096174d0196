package io.peerset.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.peerset.api.internal.Checks;
import io.peerset.wire.DecodeResult;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.GetBlocksMessage;
import io.peerset.wire.GetHeadersMessage;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PayloadCodec;
import io.peerset.wire.WireFormatException;
import io.peerset.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerset decode}: decodes Zcash peer-to-peer frames (or one bare payload) and prints one
 * JSON object per message.
 *
 * <p>Input is hex (whitespace and {@code #} comment lines allowed, as in the project's vector
 * files) or raw binary, told apart automatically. Exit status: 0 when every frame decoded, 2 with
 * one line on stderr naming the offset and the reason otherwise (messages before the bad one are
 * still printed). Runs on the calling thread.
 */
@Command(name = "decode", sortOptions = false,
        description = {"Decode Zcash peer-to-peer frames (or a bare payload) into JSON, one object per line.",
                "Input: --hex, --file or '-' (stdin); hex text (with optional '#' comment lines) or raw bytes."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 2)
final class DecodeCommand implements Callable<Integer> {

    /** Input larger than this is refused: a stream of maximal frames this big is already unusual. */
    static final int MAX_INPUT_BYTES = 64 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ArgGroup(exclusive = true)
    NetworkChoice networkChoice = new NetworkChoice();

    static final class NetworkChoice {
        @Option(names = "--network", paramLabel = "NAME",
                description = "mainnet (default), testnet or regtest: selects the expected magic.")
        String network = "mainnet";

        @Option(names = "--magic", paramLabel = "HEX8",
                description = "Expect this 4-byte magic instead (8 hex digits, wire order), e.g. for a custom testnet.")
        String magic;
    }

    @ArgGroup(exclusive = true)
    InputChoice input = new InputChoice();

    static final class InputChoice {
        @Option(names = "--hex", paramLabel = "HEX", description = "The bytes, as hex.")
        String hex;

        @Option(names = "--file", paramLabel = "PATH", description = "Read the bytes from a file (hex text or binary).")
        Path file;

        @Parameters(arity = "0..1", paramLabel = "-", description = "'-' reads standard input (the default).")
        String stdin;
    }

    @Option(names = "--payload", paramLabel = "COMMAND",
            description = "Decode the input as one bare payload of COMMAND (no 24-byte header).")
    String payloadCommand;

    @Option(names = "--protocol-version", paramLabel = "N",
            description = "Decode as a connection that negotiated N: a getblocks/getheaders carrying another"
                    + " version still decodes (as on a live connection), and standard error names it (default: none).")
    Long protocolVersion;

    @Option(names = "--pre-handshake",
            description = "Apply the 1,024-byte payload cap of a connection still in its handshake (default: 2 MiB).")
    boolean preHandshake;

    private final InputStream in;

    DecodeCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        Network network;
        try {
            network = network();
            bytes = readInput();
        } catch (IllegalArgumentException | IOException e) {
            err.println("peerset decode: " + e.getMessage());
            err.flush();
            return 2;
        }
        JsonFactory json = new JsonFactory();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.setPrettyPrinter(new MinimalPrettyPrinter(""));
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            this.out = out;
            int status = payloadCommand != null ? decodePayload(g, bytes) : decodeFrames(g, network, bytes);
            out.flush();
            for (String note : notes) {
                err.println(note);
            }
            if (errorLine != null) {
                err.println(errorLine);
            }
            err.flush();
            return status;
        } catch (IOException e) {
            err.println("peerset decode: cannot write output: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private PrintWriter out;
    private String errorLine;
    /** Lines for standard error that do not fail the decoding. */
    private final List<String> notes = new ArrayList<>();

    /**
     * A {@code getblocks}/{@code getheaders} whose version is not {@code --protocol-version} decodes,
     * as on a live connection (bcoin writes its own version; see {@code PayloadCodec}), and is named.
     */
    private void noteVersion(Message message, long offset) {
        long version;
        if (message instanceof GetBlocksMessage m) {
            version = m.version();
        } else if (message instanceof GetHeadersMessage m) {
            version = m.version();
        } else {
            return;
        }
        if (protocolVersion != null && version != protocolVersion) {
            notes.add("peerset decode: " + message.command() + " at offset " + offset + ": version " + version
                    + " (expected: the negotiated version " + protocolVersion
                    + "; decoded anyway, as a live connection does)");
        }
    }

    /** Ends one JSON object with a newline, so output is one object per line (JSON Lines). */
    private void endLine(JsonGenerator g) throws IOException {
        g.flush();
        out.println();
    }

    private int decodeFrames(JsonGenerator g, Network network, byte[] bytes) throws IOException {
        FrameCodec.Builder builder = FrameCodec.builder(network)
                .maxPayloadLength(preHandshake ? WireLimits.MAX_HANDSHAKE_PAYLOAD_LENGTH : WireLimits.MAX_PAYLOAD_LENGTH);
        if (protocolVersion != null) {
            builder.negotiatedVersion(protocolVersion);
        }
        FrameCodec codec = builder.build();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (!buffer.hasRemaining()) {
            errorLine = "peerset decode: no input (expected: at least one frame)";
            return 2;
        }
        try {
            while (true) {
                int frameStart = buffer.position();
                DecodeResult r = codec.decode(buffer);
                if (r instanceof DecodeResult.NeedMoreBytes more) {
                    if (buffer.position() == bytes.length && frameStart == bytes.length) {
                        return 0;
                    }
                    errorLine = "peerset decode: truncated frame at offset " + frameStart + ": needs "
                            + more.bytesNeeded() + " more bytes";
                    return 2;
                }
                if (r instanceof DecodeResult.Skipped s) {
                    MessageJson.skipped(g, s.command(), s.payloadLength());
                } else {
                    Message message = ((DecodeResult.Decoded) r).message();
                    MessageJson.write(g, message);
                    noteVersion(message, frameStart);
                }
                endLine(g);
            }
        } catch (WireFormatException e) {
            errorLine = "peerset decode: " + e.getMessage();
            return 2;
        }
    }

    private int decodePayload(JsonGenerator g, byte[] bytes) throws IOException {
        if (!PayloadCodec.COMMANDS.contains(payloadCommand)) {
            errorLine = "peerset decode: --payload " + payloadCommand + " (expected: one of "
                    + new TreeSet<>(PayloadCodec.COMMANDS) + ")";
            return 2;
        }
        if (bytes.length > WireLimits.MAX_PAYLOAD_LENGTH) {
            errorLine = "peerset decode: payload of " + bytes.length + " bytes (expected: <= "
                    + WireLimits.MAX_PAYLOAD_LENGTH + ")";
            return 2;
        }
        try {
            Optional<Message> m = protocolVersion == null
                    ? PayloadCodec.decode(payloadCommand, ByteBuffer.wrap(bytes))
                    : PayloadCodec.decode(payloadCommand, ByteBuffer.wrap(bytes), protocolVersion);
            MessageJson.write(g, m.orElseThrow());
            endLine(g);
            noteVersion(m.get(), 0);
            return 0;
        } catch (WireFormatException e) {
            errorLine = "peerset decode: " + e.getMessage();
            return 2;
        }
    }

    private Network network() {
        if (networkChoice.magic != null) {
            String hex = networkChoice.magic.startsWith("0x") ? networkChoice.magic.substring(2) : networkChoice.magic;
            Checks.checkArgument(hex.matches("[0-9a-fA-F]{8}"), "--magic %s (expected: 8 hex digits)",
                    networkChoice.magic);
            int magic = Integer.parseUnsignedInt(hex, 16);
            return Network.builtIns().stream().filter(n -> n.magic() == magic).findFirst()
                    .orElseGet(() -> Network.custom("custom", magic).build());
        }
        return Network.builtIn(networkChoice.network).orElseThrow(() -> new IllegalArgumentException(
                "--network " + networkChoice.network + " (expected: mainnet, testnet or regtest)"));
    }

    private byte[] readInput() throws IOException {
        if (input.hex != null) {
            return parseHex(input.hex, "--hex");
        }
        byte[] raw;
        String source;
        if (input.file != null) {
            source = input.file.toString();
            try {
                long size = Files.size(input.file);
                Checks.checkArgument(size <= MAX_INPUT_BYTES, "%s: %s bytes (expected: <= %s)", source, size,
                        MAX_INPUT_BYTES);
                raw = Files.readAllBytes(input.file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(source + ": no such file");
            }
        } else {
            if (input.stdin != null && !input.stdin.equals("-")) {
                throw new IllegalArgumentException("unexpected argument " + input.stdin
                        + " (expected: --hex HEX, --file PATH or -)");
            }
            source = "standard input";
            raw = in.readNBytes(MAX_INPUT_BYTES + 1);
            if (raw.length > MAX_INPUT_BYTES) {
                throw new IllegalArgumentException(source + ": more than " + MAX_INPUT_BYTES + " bytes");
            }
        }
        return looksLikeHexText(raw) ? parseHex(new String(raw, StandardCharsets.US_ASCII), source) : raw;
    }

    /** Hex text: only hex digits, whitespace, and whole '#' comment lines. Frames never are (their magic isn't). */
    static boolean looksLikeHexText(byte[] raw) {
        boolean inComment = false;
        boolean lineStart = true;
        boolean sawDigit = false;
        for (byte b : raw) {
            char c = (char) (b & 0xff);
            if (inComment) {
                if (c == '\n') {
                    inComment = false;
                    lineStart = true;
                }
                continue;
            }
            if (lineStart && c == '#') {
                inComment = true;
                continue;
            }
            if (c == '\n') {
                lineStart = true;
            } else if (Character.isWhitespace(c)) {
                continue;
            } else if (Character.digit(c, 16) >= 0) {
                sawDigit = true;
                lineStart = false;
            } else {
                return false;
            }
        }
        return sawDigit || raw.length > 0 && inComment;
    }

    static byte[] parseHex(String text, String source) {
        StringBuilder digits = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) {
                digits.append(line.replaceAll("\\s", ""));
            }
        }
        String hex = digits.toString();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException(source + ": odd number of hex digits (" + hex.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not hex (" + e.getMessage() + ")");
        }
    }
}
