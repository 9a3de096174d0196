package io.peerset.wire;

/**
 * One Zcash peer-to-peer message: an immutable record per command of reference section 7.3.
 *
 * <p>Every record validates its fields against the protocol's limits when constructed, so a
 * message that exists can be encoded; {@link FrameCodec} additionally refuses a frame whose payload
 * exceeds its current size limit. Use a {@code switch} over the sealed hierarchy to handle them.
 */
public sealed interface Message permits VersionMessage, VerackMessage, PingMessage, PongMessage,
        RejectMessage, AddrMessage, AddrV2Message, GetAddrMessage, InvMessage, GetDataMessage,
        NotFoundMessage, GetBlocksMessage, GetHeadersMessage, HeadersMessage, BlockMessage,
        TxMessage, MempoolMessage, FilterLoadMessage, FilterAddMessage, FilterClearMessage {

    /** @return the command, as in the frame header (e.g. {@code "version"}) */
    String command();
}
