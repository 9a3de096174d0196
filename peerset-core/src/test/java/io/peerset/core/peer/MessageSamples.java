package io.peerset.core.peer;

import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddrV2Entry;
import io.peerset.wire.AddrV2Message;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.Bytes;
import io.peerset.wire.FilterAddMessage;
import io.peerset.wire.FilterClearMessage;
import io.peerset.wire.FilterLoadMessage;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.GetBlocksMessage;
import io.peerset.wire.GetDataMessage;
import io.peerset.wire.GetHeadersMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.MempoolMessage;
import io.peerset.wire.Message;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.RejectCode;
import io.peerset.wire.RejectMessage;
import io.peerset.wire.TxMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import java.time.Instant;
import java.util.List;

/** One valid sample of every wire {@link Message} kind, for the tests of dispatches over them. */
final class MessageSamples {

    private static final Hash32 HASH = Fixtures.BLOCK_396.header().hash();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final PeerAddress PEER = PeerAddress.parse("198.51.100.1:8233");

    private MessageSamples() {
    }

    /** @return one sample of each message kind (the coverage tests check that none is missing) */
    static List<Message> all() {
        NetworkAddress net = new NetworkAddress(PeerServices.NETWORK, PEER);
        return List.of(
                new VersionMessage(170_120, PeerServices.NETWORK, T, net, net, 1, "/sample/", 1, true),
                new VerackMessage(), new PingMessage(1), new PongMessage(1),
                new RejectMessage("tx", RejectCode.INVALID, "bad", Bytes.EMPTY),
                new AddrMessage(List.of(new AddressEntry(T, PeerServices.NETWORK, PEER))),
                new AddrV2Message(List.of(new AddrV2Entry(T, PeerServices.NETWORK, 1,
                        Bytes.copyOf(new byte[] {(byte) 198, 51, 100, 1}), 8233))),
                new GetAddrMessage(),
                new InvMessage(List.of(new InventoryItem.Block(HASH))),
                new GetDataMessage(List.of(new InventoryItem.Block(HASH))),
                new NotFoundMessage(List.of(new InventoryItem.Block(HASH))),
                new GetBlocksMessage(170_120, List.of(HASH), Hash32.ZERO),
                new GetHeadersMessage(170_120, List.of(HASH), Hash32.ZERO),
                new HeadersMessage(List.of(Fixtures.BLOCK_396.header())),
                new BlockMessage(Fixtures.BLOCK_396),
                new TxMessage(Fixtures.LEGACY_TXS.get(0)),
                new MempoolMessage(),
                new FilterLoadMessage(Bytes.copyOf(new byte[] {1}), 1, 0, 0),
                new FilterAddMessage(Bytes.copyOf(new byte[] {1})),
                new FilterClearMessage());
    }
}
