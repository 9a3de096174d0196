package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes and encodes message payloads (the bytes after the 24-byte frame header), one command at
 * a time, following reference section 7.3.
 *
 * <p>Every count and length read from the input is checked against its cap and against the bytes
 * that remain before anything is allocated. Bytes after a complete known payload are tolerated
 * (forward compatibility, as in the reference). Unknown commands decode to an empty result so the
 * caller can skip and count them.
 *
 * <h2>The version in {@code getblocks}/{@code getheaders} (deviation from reference 7.3)</h2>
 * The reference refuses a {@code getblocks} or {@code getheaders} whose version field is not the
 * negotiated version ("getblocks version did not match negotiation"), which closes the connection.
 * bcoin writes its own protocol version there (70015) whatever was negotiated, and zcashd ignores
 * the field, so a Zebra-strict decoder drops such peers for a field no node acts on. peerset
 * decodes these messages with the version they carry, whatever the negotiated version; the message
 * keeps it ({@link GetBlocksMessage#version()}) so that the connection can count the mismatch
 * (peerset-core logs it at debug level and counts it in the node's status and metrics). Encoding is
 * unchanged: peerset writes the negotiated version, and {@link FrameCodec#encode} refuses any other,
 * since a strict peer such as Zebra would drop us for it.
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadCodec {

    /** No negotiated version yet: the encoder accepts any version in {@code getblocks}/{@code getheaders}. */
    static final long ANY_VERSION = -1;

    /** The commands this codec understands (reference section 7.3). */
    public static final Set<String> COMMANDS = Set.of(VersionMessage.COMMAND, VerackMessage.COMMAND,
            PingMessage.COMMAND, PongMessage.COMMAND, RejectMessage.COMMAND, AddrMessage.COMMAND,
            AddrV2Message.COMMAND, GetAddrMessage.COMMAND, InvMessage.COMMAND, GetDataMessage.COMMAND,
            NotFoundMessage.COMMAND, GetBlocksMessage.COMMAND, GetHeadersMessage.COMMAND,
            HeadersMessage.COMMAND, BlockMessage.COMMAND, TxMessage.COMMAND, MempoolMessage.COMMAND,
            FilterLoadMessage.COMMAND, FilterAddMessage.COMMAND, FilterClearMessage.COMMAND);

    private static final int MIN_HEADER_ENTRY_LENGTH = WireLimits.BLOCK_HEADER_FIXED_LENGTH + 1
            + WireLimits.REGTEST_EQUIHASH_SOLUTION_LENGTH + 1;

    private PayloadCodec() {
    }

    /**
     * Decodes a payload, accepting any version in {@code getblocks}/{@code getheaders}.
     *
     * @param command the command from the frame header
     * @param payload the payload; read from its position to its limit, which are not changed
     * @return the message, or empty if the command is unknown
     * @throws WireFormatException if the payload is malformed; offsets count from the payload start
     */
    public static Optional<Message> decode(String command, ByteBuffer payload) {
        return decodeAt(command, payload, 0L);
    }

    /**
     * Decodes a payload received on a connection with a negotiated protocol version. The version a
     * {@code getblocks}/{@code getheaders} carries is not checked against it (see the class Javadoc):
     * the result is the same as {@link #decode(String, ByteBuffer)}'s; the argument is validated only.
     *
     * @param command           the command from the frame header
     * @param payload           the payload; read from its position to its limit, which are not changed
     * @param negotiatedVersion the negotiated version, u32
     * @return the message, or empty if the command is unknown
     * @throws WireFormatException if the payload is malformed
     */
    public static Optional<Message> decode(String command, ByteBuffer payload, long negotiatedVersion) {
        Checks.u32("negotiatedVersion", negotiatedVersion);
        return decodeAt(command, payload, 0L);
    }

    static Optional<Message> decodeAt(String command, ByteBuffer payload, long baseOffset) {
        requireNonNull(command, "command");
        requireNonNull(payload, "payload");
        if (!COMMANDS.contains(command)) {
            return Optional.empty();
        }
        WireReader r = WireReader.of(payload, command, baseOffset);
        return Optional.of(decode(r));
    }

    /** Decodes a payload the codec owns: blocks, transactions and headers share its bytes, no copy. */
    static Message decodeOwned(String command, Bytes payload, long baseOffset) {
        return decode(WireReader.of(payload, command, baseOffset));
    }

    private static Message decode(WireReader r) {
        return switch (r.command()) {
            case VersionMessage.COMMAND -> version(r);
            case VerackMessage.COMMAND -> new VerackMessage();
            case PingMessage.COMMAND -> new PingMessage(r.i64("nonce"));
            case PongMessage.COMMAND -> new PongMessage(r.i64("nonce"));
            case RejectMessage.COMMAND -> reject(r);
            case AddrMessage.COMMAND -> addr(r);
            case AddrV2Message.COMMAND -> addrV2(r);
            case GetAddrMessage.COMMAND -> new GetAddrMessage();
            case InvMessage.COMMAND -> new InvMessage(inventory(r));
            case GetDataMessage.COMMAND -> new GetDataMessage(inventory(r));
            case NotFoundMessage.COMMAND -> new NotFoundMessage(inventory(r));
            case GetBlocksMessage.COMMAND -> {
                Locator l = locator(r);
                yield new GetBlocksMessage(l.version, l.hashes, l.stop);
            }
            case GetHeadersMessage.COMMAND -> {
                Locator l = locator(r);
                yield new GetHeadersMessage(l.version, l.hashes, l.stop);
            }
            case HeadersMessage.COMMAND -> headers(r);
            case BlockMessage.COMMAND -> {
                long base = r.offset();
                Bytes own = r.bytes(r.remaining(), "block");
                yield new BlockMessage(Block.read(WireReader.of(own, r.command(), base), own));
            }
            case TxMessage.COMMAND -> {
                long base = r.offset();
                Bytes own = r.bytes(r.remaining(), "tx");
                yield new TxMessage(Transaction.read(WireReader.of(own, r.command(), base), own));
            }
            case MempoolMessage.COMMAND -> new MempoolMessage();
            case FilterLoadMessage.COMMAND -> filterLoad(r);
            case FilterAddMessage.COMMAND ->
                    new FilterAddMessage(r.bytes(Math.min(r.remaining(), WireLimits.MAX_FILTERADD_DATA_LENGTH), "data"));
            case FilterClearMessage.COMMAND -> new FilterClearMessage();
            default -> throw new IllegalStateException("COMMANDS and this switch disagree: " + r.command());
        };
    }

    private static VersionMessage version(WireReader r) {
        long version = r.u32("version");
        PeerServices services = new PeerServices(r.i64("services"));
        long timestampAt = r.offset();
        long seconds = r.i64("timestamp");
        Instant timestamp;
        try {
            timestamp = Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw r.errorAt(timestampAt, "timestamp", seconds + " (expected: a representable date, "
                    + Instant.MIN.getEpochSecond() + ".." + Instant.MAX.getEpochSecond() + ")");
        }
        NetworkAddress receiver = new NetworkAddress(new PeerServices(r.i64("addr_recv services")),
                PeerAddress.of(r.array(16, "addr_recv ip"), r.u16be("addr_recv port")));
        NetworkAddress sender = new NetworkAddress(new PeerServices(r.i64("addr_from services")),
                PeerAddress.of(r.array(16, "addr_from ip"), r.u16be("addr_from port")));
        long nonce = r.i64("nonce");
        String userAgent = r.string("user_agent", WireLimits.MAX_USER_AGENT_LENGTH);
        long startHeight = r.u32("start_height");
        boolean relay = true;
        if (r.remaining() > 0) {
            long relayAt = r.offset();
            int b = r.u8("relay");
            if (b > 1) {
                throw r.errorAt(relayAt, "relay", b + " (expected: 0 or 1)");
            }
            relay = b == 1;
        }
        return new VersionMessage(version, services, timestamp, receiver, sender, nonce, userAgent,
                startHeight, relay);
    }

    private static RejectMessage reject(WireReader r) {
        String message = r.string("message", WireLimits.MAX_REJECT_MESSAGE_LENGTH);
        long codeAt = r.offset();
        int code = r.u8("ccode");
        RejectCode ccode = RejectCode.of(code).orElseThrow(() -> r.errorAt(codeAt, "ccode",
                String.format("%02x (expected: 01, 10, 11, 12, 40, 41, 42, 43 or 50)", code)));
        String reason = r.string("reason", WireLimits.MAX_REJECT_REASON_LENGTH);
        Bytes data = r.remaining() >= Hash32.LENGTH ? r.bytes(Hash32.LENGTH, "data") : Bytes.EMPTY;
        return new RejectMessage(message, ccode, reason, data);
    }

    private static AddrMessage addr(WireReader r) {
        int n = r.count("count", WireLimits.MAX_ADDRS_IN_MESSAGE, WireLimits.ADDR_V1_ENTRY_LENGTH);
        List<AddressEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant time = Instant.ofEpochSecond(r.u32("time"));
            PeerServices services = new PeerServices(r.i64("services"));
            PeerAddress address = PeerAddress.of(r.array(16, "ip"), r.u16be("port"));
            entries.add(new AddressEntry(time, services, address));
        }
        return new AddrMessage(entries);
    }

    private static AddrV2Message addrV2(WireReader r) {
        int n = r.count("count", WireLimits.MAX_ADDRS_IN_MESSAGE, WireLimits.MIN_ADDR_V2_ENTRY_LENGTH);
        List<AddrV2Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant time = Instant.ofEpochSecond(r.u32("time"));
            PeerServices services = new PeerServices(r.compactSize64("services"));
            int networkId = r.u8("network id");
            long lengthAt = r.offset();
            int length = r.compactSize("addr length", WireLimits.MAX_ADDRV2_ADDRESS_LENGTH);
            int expected = AddrV2Entry.expectedLength(networkId);
            if (expected >= 0 && length != expected) {
                throw r.errorAt(lengthAt, "addr length", length + " for network "
                        + AddrV2Entry.networkName(networkId) + " (expected: " + expected + ")");
            }
            Bytes address = r.bytes(length, "addr");
            int port = r.u16be("port");
            entries.add(new AddrV2Entry(time, services, networkId, address, port));
        }
        return new AddrV2Message(entries);
    }

    private static List<InventoryItem> inventory(WireReader r) {
        int n = r.count("count", WireLimits.MAX_INV_IN_MESSAGE, WireLimits.MIN_INV_ENTRY_LENGTH);
        List<InventoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long typeAt = r.offset();
            long type = r.u32("inventory type");
            items.add(switch ((int) type) {
                case 0 -> new InventoryItem.Error(r.hash("hash"));
                case 1 -> new InventoryItem.Tx(r.hash("hash"));
                case 2 -> new InventoryItem.Block(r.hash("hash"));
                case 3 -> new InventoryItem.FilteredBlock(r.hash("hash"));
                case 5 -> new InventoryItem.Wtx(r.hash("txid"), r.hash("auth digest"));
                default -> throw r.errorAt(typeAt, "inventory type", type + " (expected: 0, 1, 2, 3 or 5)");
            });
        }
        return items;
    }

    private record Locator(long version, List<Hash32> hashes, Hash32 stop) {
    }

    /**
     * Reads a {@code getblocks}/{@code getheaders} body. Its version is taken as it is, whatever the
     * negotiated version: see the class Javadoc (a deviation from reference 7.3).
     */
    private static Locator locator(WireReader r) {
        long version = r.u32("version");
        int n = r.count("locator count", WireLimits.MAX_LOCATOR_HASHES, Hash32.LENGTH);
        List<Hash32> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hashes.add(r.hash("locator hash"));
        }
        return new Locator(version, hashes, r.hash("stop hash"));
    }

    private static HeadersMessage headers(WireReader outer) {
        int n = outer.count("count", WireLimits.MAX_HEADERS_IN_MESSAGE, MIN_HEADER_ENTRY_LENGTH);
        long base = outer.offset();
        Bytes own = outer.bytes(outer.remaining(), "headers");
        WireReader r = WireReader.of(own, outer.command(), base);
        List<BlockHeader> headers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            headers.add(BlockHeader.read(r, own));
            r.compactSize64("transaction count");
        }
        return new HeadersMessage(headers);
    }

    private static FilterLoadMessage filterLoad(WireReader r) {
        int length = r.remaining();
        int min = WireLimits.FILTERLOAD_TRAILER_LENGTH;
        int max = WireLimits.MAX_FILTERLOAD_FILTER_LENGTH + WireLimits.FILTERLOAD_TRAILER_LENGTH;
        if (length < min || length > max) {
            throw r.error("payload", length + " bytes (expected: " + min + ".." + max + ")");
        }
        Bytes filter = r.bytes(length - min, "filter");
        return new FilterLoadMessage(filter, r.u32("hash functions"), r.u32("tweak"), r.u8("flags"));
    }

    /**
     * Encodes a payload.
     *
     * @param message any message
     * @return the payload bytes
     */
    public static Bytes encode(Message message) {
        WireWriter w = new WireWriter(0, sizeHint(message));
        encode(message, w);
        return Bytes.wrapOwned(Arrays.copyOf(w.array(), w.position()));
    }

    /** An upper estimate of the payload size, exact for messages that carry one body. */
    static int sizeHint(Message message) {
        if (message instanceof BlockMessage m) {
            return m.block().bytes().length();
        } else if (message instanceof TxMessage m) {
            return m.transaction().bytes().length();
        } else if (message instanceof AddrMessage m) {
            return 3 + m.entries().size() * WireLimits.ADDR_V1_ENTRY_LENGTH;
        } else if (message instanceof InvMessage m) {
            return inventoryLength(m.items());
        } else if (message instanceof GetDataMessage m) {
            return inventoryLength(m.items());
        } else if (message instanceof NotFoundMessage m) {
            return inventoryLength(m.items());
        } else if (message instanceof HeadersMessage m) {
            return 3 + m.headers().size() * (WireLimits.BLOCK_HEADER_FIXED_LENGTH + 4
                    + WireLimits.EQUIHASH_SOLUTION_LENGTH);
        } else if (message instanceof FilterLoadMessage m) {
            return m.filter().length() + WireLimits.FILTERLOAD_TRAILER_LENGTH;
        }
        return 64;
    }

    private static int inventoryLength(List<InventoryItem> items) {
        int length = 5;
        for (InventoryItem item : items) {
            length += item.encodedLength();
        }
        return length;
    }

    static void encode(Message message, WireWriter w) {
        if (message instanceof VersionMessage m) {
            w.u32(m.version());
            w.i64(m.services().bits());
            w.i64(m.timestamp().getEpochSecond());
            networkAddress(w, m.receiver());
            networkAddress(w, m.sender());
            w.i64(m.nonce());
            w.string(m.userAgent());
            w.u32(m.startHeight());
            w.u8(m.relay() ? 1 : 0);
        } else if (message instanceof PingMessage m) {
            w.i64(m.nonce());
        } else if (message instanceof PongMessage m) {
            w.i64(m.nonce());
        } else if (message instanceof RejectMessage m) {
            w.string(m.message());
            w.u8(m.code().code());
            w.string(m.reason());
            w.bytes(m.data());
        } else if (message instanceof AddrMessage m) {
            w.compactSize(m.entries().size());
            for (AddressEntry e : m.entries()) {
                w.u32(e.lastSeen().getEpochSecond());
                w.i64(e.services().bits());
                w.bytes(e.address().toIpv6Bytes());
                w.u16be(e.address().port());
            }
        } else if (message instanceof AddrV2Message m) {
            w.compactSize(m.entries().size());
            for (AddrV2Entry e : m.entries()) {
                w.u32(e.lastSeen().getEpochSecond());
                w.compactSize(e.services().bits());
                w.u8(e.networkId());
                w.varBytes(e.address());
                w.u16be(e.port());
            }
        } else if (message instanceof InvMessage m) {
            inventory(w, m.items());
        } else if (message instanceof GetDataMessage m) {
            inventory(w, m.items());
        } else if (message instanceof NotFoundMessage m) {
            inventory(w, m.items());
        } else if (message instanceof GetBlocksMessage m) {
            locator(w, m.version(), m.locator(), m.stop());
        } else if (message instanceof GetHeadersMessage m) {
            locator(w, m.version(), m.locator(), m.stop());
        } else if (message instanceof HeadersMessage m) {
            w.compactSize(m.headers().size());
            for (BlockHeader h : m.headers()) {
                w.bytes(h.bytes());
                w.compactSize(0);
            }
        } else if (message instanceof BlockMessage m) {
            w.bytes(m.block().bytes());
        } else if (message instanceof TxMessage m) {
            w.bytes(m.transaction().bytes());
        } else if (message instanceof FilterLoadMessage m) {
            w.bytes(m.filter());
            w.u32(m.hashFunctions());
            w.u32(m.tweak());
            w.u8(m.flags());
        } else if (message instanceof FilterAddMessage m) {
            w.bytes(m.data());
        }
        // verack, getaddr, mempool and filterclear have empty payloads.
    }

    private static void networkAddress(WireWriter w, NetworkAddress a) {
        w.i64(a.services().bits());
        w.bytes(a.address().toIpv6Bytes());
        w.u16be(a.address().port());
    }

    private static void inventory(WireWriter w, List<InventoryItem> items) {
        w.compactSize(items.size());
        for (InventoryItem item : items) {
            w.u32(item.typeCode());
            if (item instanceof InventoryItem.Error i) {
                w.hash(i.hash());
            } else if (item instanceof InventoryItem.Tx i) {
                w.hash(i.txid());
            } else if (item instanceof InventoryItem.Block i) {
                w.hash(i.hash());
            } else if (item instanceof InventoryItem.FilteredBlock i) {
                w.hash(i.hash());
            } else if (item instanceof InventoryItem.Wtx i) {
                w.hash(i.txid());
                w.hash(i.authDigest());
            }
        }
    }

    private static void locator(WireWriter w, long version, List<Hash32> hashes, Hash32 stop) {
        w.u32(version);
        w.compactSize(hashes.size());
        for (Hash32 h : hashes) {
            w.hash(h);
        }
        w.hash(stop);
    }
}
