package io.peerset.wire;

/**
 * Every size limit of the wire protocol, each with its reason (reference sections 2.3, 7 and 8).
 * The codec checks each of them before allocating anything sized by a remote peer.
 */
public final class WireLimits {

    private WireLimits() {
    }

    /** Frame header: magic 4, command 12, payload length 4, checksum 4. */
    public static final int HEADER_LENGTH = 24;

    /** Command field width; shorter commands are right-padded with NUL bytes. */
    public static final int COMMAND_LENGTH = 12;

    /**
     * Largest payload after the handshake (zebra-chain {@code MAX_PROTOCOL_MESSAGE_LEN}, 2 MiB): a
     * block is at most 2 MB, and the frame length is checked against this on the header, before any
     * payload is buffered. Also the cap of any CompactSize length or count.
     */
    public static final int MAX_PAYLOAD_LENGTH = 2 * 1024 * 1024;

    /**
     * Largest payload before the handshake completes ({@code MAX_HANDSHAKE_BODY_LEN}): a
     * {@code version} message is about 100 bytes, so an unauthenticated peer can't make us buffer
     * 2 MiB per connection before it has even said who it is.
     */
    public static final int MAX_HANDSHAKE_PAYLOAD_LENGTH = 1024;

    /** Entries in {@code addr}/{@code addrv2} ({@code MAX_ADDRS_IN_MESSAGE}, as zcashd). */
    public static final int MAX_ADDRS_IN_MESSAGE = 1000;

    /** Entries in received {@code inv}/{@code getdata}/{@code notfound} (zcashd {@code MAX_INV_SZ}). */
    public static final int MAX_INV_IN_MESSAGE = 50_000;

    /** Tx ids peerset puts in one {@code inv} it sends ({@code MAX_TX_INV_IN_SENT_MESSAGE}). */
    public static final int MAX_TX_INV_IN_SENT_MESSAGE = 25_000;

    /** Hashes in a {@code getblocks}/{@code getheaders} locator ({@code MAX_BLOCK_LOCATOR_LENGTH}). */
    public static final int MAX_LOCATOR_HASHES = 101;

    /** Entries in {@code headers} ({@code MAX_HEADERS_PER_MESSAGE}, as zcashd). */
    public static final int MAX_HEADERS_IN_MESSAGE = 160;

    /** Bytes of an {@code addrv2} address field (BIP-155/ZIP-155 {@code MAX_ADDRV2_SIZE}). */
    public static final int MAX_ADDRV2_ADDRESS_LENGTH = 512;

    /** Bytes of the version user agent (zcashd {@code MAX_SUBVERSION_LENGTH}). */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    /** Bytes of a reject's "message" field: the longest command name. */
    public static final int MAX_REJECT_MESSAGE_LENGTH = COMMAND_LENGTH;

    /** Bytes of a reject's "reason" field (zcashd's limit). */
    public static final int MAX_REJECT_REASON_LENGTH = 111;

    /** Bytes of a {@code filterload} filter (BIP-37 {@code MAX_BLOOM_FILTER_SIZE}). */
    public static final int MAX_FILTERLOAD_FILTER_LENGTH = 36_000;

    /** {@code filterload} fields after the filter: hash functions u32, tweak u32, flags u8. */
    public static final int FILTERLOAD_TRAILER_LENGTH = 9;

    /** Bytes of {@code filteradd} data (BIP-37 {@code MAX_SCRIPT_ELEMENT_SIZE}). */
    public static final int MAX_FILTERADD_DATA_LENGTH = 520;

    /** One {@code addr} v1 entry: time 4, services 8, IPv6 16, port 2. */
    public static final int ADDR_V1_ENTRY_LENGTH = 30;

    /** Smallest {@code addrv2} entry: time 4, services 1, network id 1, length 1, port 2. */
    public static final int MIN_ADDR_V2_ENTRY_LENGTH = 9;

    /** Smallest inventory entry: type 4 + hash 32 ({@code MIN_INV_HASH_SIZE}). */
    public static final int MIN_INV_ENTRY_LENGTH = 36;

    /** Equihash solution length for (n, k) = (200, 9): Mainnet and Testnet. */
    public static final int EQUIHASH_SOLUTION_LENGTH = 1344;

    /** Equihash solution length for (n, k) = (48, 5): Regtest. */
    public static final int REGTEST_EQUIHASH_SOLUTION_LENGTH = 36;

    /** Block header bytes before the solution: version, three hashes, time, bits, nonce. */
    public static final int BLOCK_HEADER_FIXED_LENGTH = 4 + 32 + 32 + 32 + 4 + 4 + 32;
}
