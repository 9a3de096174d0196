package io.peerset.bench;

import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Block;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.Bytes;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Hash32;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.WireLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The messages the codec benchmarks measure, built deterministically (fixed seeds) so every run
 * and every machine measures the same bytes.
 *
 * <ul>
 *   <li>{@value #BLOCK_TRANSPARENT}: the real Mainnet genesis header and coinbase, then v4
 *       transactions with 2 transparent P2PKH inputs and 2 P2PKH outputs (393 bytes each, the
 *       common shape of a transparent payment), then one v1 filler transaction sized so the
 *       payload is exactly {@link WireLimits#MAX_PAYLOAD_LENGTH} bytes. The most objects per byte
 *       a full block realistically carries.</li>
 *   <li>{@value #BLOCK_SHIELDED}: the same header and coinbase, then v4 Sapling transactions with
 *       1 spend and 2 outputs (2,373 bytes each, the shape of a shielded payment), then the
 *       filler: the parser skips most of these bytes.</li>
 *   <li>{@value #INV}: 50,000 {@code MSG_TX} entries (the receive cap).</li>
 *   <li>{@value #ADDR}: 1,000 entries (the cap), three IPv4 for one IPv6.</li>
 *   <li>{@value #PING}: one nonce.</li>
 * </ul>
 *
 * <p>{@link #main(String[])} prints the payload size of each as JSON, for the report script.
 */
public final class BenchMessages {

    /** 2 MiB block of transparent v4 transactions. */
    public static final String BLOCK_TRANSPARENT = "block_2MiB";
    /** 2 MiB block of Sapling v4 transactions. */
    public static final String BLOCK_SHIELDED = "block_2MiB_shielded";
    /** inv with 50,000 tx entries. */
    public static final String INV = "inv_50000";
    /** addr with 1,000 entries. */
    public static final String ADDR = "addr_1000";
    /** ping. */
    public static final String PING = "ping";

    /** Every message name, in report order. */
    public static final List<String> NAMES = List.of(BLOCK_TRANSPARENT, BLOCK_SHIELDED, INV, ADDR, PING);

    /** The Mainnet genesis block body (1,692 bytes), copied from the shared Zebra vectors. */
    static final String GENESIS_RESOURCE = "/vectors/block_mainnet_genesis.body.hex";
    /** Header (fixed part, 3-byte CompactSize, 1,344-byte Equihash solution). */
    static final int GENESIS_HEADER_LENGTH = 1487;
    /** The genesis block's only transaction: v1 coinbase, 1 input, 1 output. */
    static final int GENESIS_COINBASE_LENGTH = 204;

    private static final int P2PKH_SCRIPT_SIG_LENGTH = 107;
    private static final int SAPLING_SPEND_V4_LENGTH = 32 + 32 + 32 + 32 + 192 + 64;
    private static final int SAPLING_OUTPUT_V4_LENGTH = 32 + 32 + 32 + 580 + 80 + 192;
    /** Filler: a v1 tx whose script_sig length needs a 3-byte CompactSize (253..65535). */
    private static final int MIN_FILLER_LENGTH = 84 + 3 + 253;

    private BenchMessages() {
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the message
     */
    public static Message message(String name) {
        return switch (name) {
            case BLOCK_TRANSPARENT -> block(BenchMessages::transparentTx, 0xB10C_0001L);
            case BLOCK_SHIELDED -> block(BenchMessages::shieldedTx, 0xB10C_0002L);
            case INV -> inv(50_000);
            case ADDR -> addr(1_000);
            case PING -> new PingMessage(0x1234_5678_9abc_def0L);
            default -> throw new IllegalArgumentException("message: " + name + " (expected one of " + NAMES + ")");
        };
    }

    /**
     * @param message a message
     * @return its payload bytes (a copy), as a fresh {@link FrameCodec} encodes it on Mainnet
     */
    public static byte[] payload(Message message) {
        ByteBuffer frame = FrameCodec.afterHandshake(Network.MAINNET).encode(message);
        byte[] payload = new byte[frame.remaining() - WireLimits.HEADER_LENGTH];
        frame.get(WireLimits.HEADER_LENGTH, payload);
        return payload;
    }

    /** The Mainnet genesis block body. */
    static byte[] genesisBody() {
        try (InputStream in = BenchMessages.class.getResourceAsStream(GENESIS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: " + GENESIS_RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String hex = text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()).strip();
            byte[] body = HexFormat.of().parseHex(hex);
            if (body.length != GENESIS_HEADER_LENGTH + 1 + GENESIS_COINBASE_LENGTH) {
                throw new IllegalStateException(GENESIS_RESOURCE + ": " + body.length + " bytes (expected: 1692)");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Genesis header, CompactSize count, genesis coinbase, as many {@code tx} as fit, and one
     * filler so the block is exactly {@link WireLimits#MAX_PAYLOAD_LENGTH} bytes.
     */
    private static BlockMessage block(Function<SplittableRandom, byte[]> tx, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] genesis = genesisBody();
        int countLength = 3; // 253..65535 transactions
        int remaining = WireLimits.MAX_PAYLOAD_LENGTH - GENESIS_HEADER_LENGTH - countLength - GENESIS_COINBASE_LENGTH;
        List<byte[]> transactions = new ArrayList<>();
        while (true) {
            byte[] next = tx.apply(random);
            if (remaining - next.length < MIN_FILLER_LENGTH) {
                break;
            }
            transactions.add(next);
            remaining -= next.length;
        }
        transactions.add(fillerTx(random, remaining));
        int count = transactions.size() + 1;
        if (count < 253 || count > 0xffff) {
            throw new IllegalStateException("transaction count " + count + " needs a different CompactSize");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(WireLimits.MAX_PAYLOAD_LENGTH);
        out.write(genesis, 0, GENESIS_HEADER_LENGTH);
        out.write(0xfd);
        out.write(count & 0xff);
        out.write(count >>> 8);
        out.write(genesis, GENESIS_HEADER_LENGTH + 1, GENESIS_COINBASE_LENGTH);
        transactions.forEach(t -> out.write(t, 0, t.length));
        byte[] body = out.toByteArray();
        if (body.length != WireLimits.MAX_PAYLOAD_LENGTH) {
            throw new IllegalStateException("block of " + body.length + " bytes (expected: " + WireLimits.MAX_PAYLOAD_LENGTH + ")");
        }
        Block block = Block.parse(Bytes.copyOf(body));
        if (block.transactions().size() != count) {
            throw new IllegalStateException("parsed " + block.transactions().size() + " transactions (expected: " + count + ")");
        }
        return new BlockMessage(block);
    }

    /** v4 (Sapling format), 2 transparent P2PKH inputs, 2 P2PKH outputs, no shielded parts: 393 bytes. */
    private static byte[] transparentTx(SplittableRandom random) {
        Writer w = new Writer();
        w.u32(0x8000_0004L);
        w.u32(0x892F_2085L);
        w.u8(2);
        for (int i = 0; i < 2; i++) {
            w.random(random, 32);                  // prevout hash
            w.u32(random.nextInt(4));              // prevout index
            w.u8(P2PKH_SCRIPT_SIG_LENGTH);         // <sig 72> <pubkey 33> with push opcodes
            w.random(random, P2PKH_SCRIPT_SIG_LENGTH);
            w.u32(0xffff_ffffL);                   // sequence
        }
        w.u8(2);
        for (int i = 0; i < 2; i++) {
            p2pkhOutput(w, random);
        }
        w.u32(0);                                  // lock time
        w.u32(1_000_000 + random.nextInt(1_000));  // expiry height
        w.i64(0);                                  // sapling value balance
        w.u8(0);                                   // sapling spends
        w.u8(0);                                   // sapling outputs
        w.u8(0);                                   // joinsplits
        return w.toByteArray();
    }

    /** v4, no transparent parts, 1 Sapling spend, 2 Sapling outputs, binding signature: 2,373 bytes. */
    private static byte[] shieldedTx(SplittableRandom random) {
        Writer w = new Writer();
        w.u32(0x8000_0004L);
        w.u32(0x892F_2085L);
        w.u8(0);                                   // tx_in
        w.u8(0);                                   // tx_out
        w.u32(0);                                  // lock time
        w.u32(1_000_000 + random.nextInt(1_000));  // expiry height
        w.i64(10_000);                             // sapling value balance (the fee)
        w.u8(1);
        w.random(random, SAPLING_SPEND_V4_LENGTH);
        w.u8(2);
        w.random(random, 2 * SAPLING_OUTPUT_V4_LENGTH);
        w.u8(0);                                   // joinsplits
        w.random(random, 64);                      // binding signature
        return w.toByteArray();
    }

    /** v1, 1 input whose script_sig pads the transaction to exactly {@code length} bytes, 1 output. */
    private static byte[] fillerTx(SplittableRandom random, int length) {
        int scriptLength = length - 84 - 3;
        if (scriptLength < 253 || scriptLength > 0xffff) {
            throw new IllegalStateException("filler of " + length + " bytes");
        }
        Writer w = new Writer();
        w.u32(1);
        w.u8(1);
        w.random(random, 32);
        w.u32(0);
        w.u8(0xfd);
        w.u8(scriptLength & 0xff);
        w.u8(scriptLength >>> 8);
        w.random(random, scriptLength);
        w.u32(0xffff_ffffL);
        w.u8(1);
        p2pkhOutput(w, random);
        w.u32(0);
        byte[] tx = w.toByteArray();
        if (tx.length != length) {
            throw new IllegalStateException("filler of " + tx.length + " bytes (expected: " + length + ")");
        }
        return tx;
    }

    private static void p2pkhOutput(Writer w, SplittableRandom random) {
        w.i64(random.nextLong(1, 100_000_000_000L)); // value, zatoshi (< 1,000 ZEC)
        w.u8(25);
        w.u8(0x76);                                // OP_DUP
        w.u8(0xa9);                                // OP_HASH160
        w.u8(0x14);                                // push 20
        w.random(random, 20);
        w.u8(0x88);                                // OP_EQUALVERIFY
        w.u8(0xac);                                // OP_CHECKSIG
    }

    private static InvMessage inv(int n) {
        SplittableRandom random = new SplittableRandom(0x1417_0001L);
        List<InventoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new InventoryItem.Tx(Hash32.ofInternal(randomBytes(random, Hash32.LENGTH))));
        }
        return new InvMessage(items);
    }

    private static AddrMessage addr(int n) {
        SplittableRandom random = new SplittableRandom(0xADD2_0001L);
        long now = 1_780_000_000L;
        List<AddressEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] ip;
            if (i % 4 == 3) {
                ip = randomBytes(random, 16);
                ip[0] = 0x20;                      // 2000::/3, global unicast
                ip[1] = 0x01;
            } else {
                ip = randomBytes(random, 4);
                ip[0] = (byte) (1 + random.nextInt(223)); // not 0/8, not multicast
            }
            Instant lastSeen = Instant.ofEpochSecond(now - random.nextInt(3 * 3600));
            entries.add(new AddressEntry(lastSeen, PeerServices.NETWORK, PeerAddress.of(ip, 8233)));
        }
        return new AddrMessage(entries);
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Little-endian writer for building the test transactions. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int v) {
            out.write(v);
        }

        void u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        void i64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        void random(SplittableRandom random, int n) {
            byte[] b = randomBytes(random, n);
            out.write(b, 0, b.length);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /**
     * Prints {@code {"name": {"payloadBytes": n, "frameBytes": n, "entries": n}, ...}}: the sizes the
     * report needs to turn ops/s into MB/s.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        StringBuilder json = new StringBuilder("{\n");
        for (String name : NAMES) {
            Message m = message(name);
            int payload = payload(m).length;
            int entries;
            if (m instanceof BlockMessage b) {
                entries = b.block().transactions().size();
            } else if (m instanceof InvMessage i) {
                entries = i.items().size();
            } else if (m instanceof AddrMessage a) {
                entries = a.entries().size();
            } else {
                entries = 1;
            }
            json.append(String.format("  \"%s\": {\"payloadBytes\": %d, \"frameBytes\": %d, \"entries\": %d}%s%n",
                    name, payload, payload + WireLimits.HEADER_LENGTH, entries,
                    name.equals(NAMES.get(NAMES.size() - 1)) ? "" : ","));
        }
        System.out.print(json.append("}\n"));
    }
}
