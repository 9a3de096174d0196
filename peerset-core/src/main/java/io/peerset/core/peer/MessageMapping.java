package io.peerset.core.peer;

import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.Block;
import io.peerset.wire.BlockMessage;
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
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PingMessage;
import io.peerset.wire.Transaction;
import io.peerset.wire.TxMessage;
import io.peerset.wire.WireLimits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Every translation between wire messages and the request/response model, in one place: local
 * requests to the message they send and the handler of their answer (reference section 6.7), remote
 * messages to the inbound requests of section 6.8, and the application's responses back to messages.
 * Stateless; thread-safe.
 */
final class MessageMapping {

    private MessageMapping() {
    }

    /**
     * The inbound request a remote message asks for (reference section 6.8), for the messages
     * that go to the application's inbound service. Messages the connection handles itself
     * ({@code ping}, handshake messages, {@code addr}, unsolicited responses, bloom filters) and
     * messages that ask for nothing usable map to empty.
     *
     * @param message a message that was not consumed as a response
     * @return the request, or empty to ignore the message
     */
    static Optional<Request<?>> toInboundRequest(Message message) {
        if (message instanceof TxMessage tx) {
            return Optional.of(new Request.PushTransaction(tx.transaction()));
        }
        if (message instanceof InvMessage inv) {
            return fromInv(inv.items());
        }
        if (message instanceof GetDataMessage getData) {
            return fromGetData(getData.items());
        }
        if (message instanceof GetAddrMessage) {
            return Optional.of(new Request.Peers());
        }
        if (message instanceof GetBlocksMessage getBlocks) {
            // An empty locator is legitimate (start from genesis, or only the stop hash): the
            // application decides what to answer.
            return Optional.of(new Request.FindBlocks(getBlocks.locator(), getBlocks.stop()));
        }
        if (message instanceof GetHeadersMessage getHeaders) {
            return Optional.of(new Request.FindHeaders(getHeaders.locator(), getHeaders.stop()));
        }
        if (message instanceof MempoolMessage) {
            return Optional.of(new Request.MempoolTransactionIds());
        }
        return Optional.empty();
    }

    /**
     * {@code inv}: exactly one block is an advertised block; otherwise any transaction ids are
     * advertised transactions (block items dropped); empty, several blocks or no transactions are
     * ignored (peers don't announce several blocks at once; a mixed inv is read for its txs).
     */
    private static Optional<Request<?>> fromInv(List<InventoryItem> items) {
        if (items.size() == 1 && items.get(0) instanceof InventoryItem.Block block) {
            return Optional.of(new Request.AdvertiseBlock(block.hash()));
        }
        Set<TransactionId> ids = transactionIds(items);
        return ids.isEmpty() ? Optional.empty() : Optional.of(new Request.AdvertiseTransactionIds(ids));
    }

    /** {@code getdata}: any block makes it a block request (tx items dropped), else any tx a tx request. */
    private static Optional<Request<?>> fromGetData(List<InventoryItem> items) {
        Set<Hash32> blocks = new LinkedHashSet<>();
        for (InventoryItem item : items) {
            if (item instanceof InventoryItem.Block block) {
                blocks.add(block.hash());
            }
        }
        if (!blocks.isEmpty()) {
            return Optional.of(new Request.BlocksByHash(blocks));
        }
        Set<TransactionId> ids = transactionIds(items);
        return ids.isEmpty() ? Optional.empty() : Optional.of(new Request.TransactionsById(ids));
    }

    static Set<TransactionId> transactionIds(List<InventoryItem> items) {
        Set<TransactionId> ids = new LinkedHashSet<>();
        for (InventoryItem item : items) {
            TransactionId.fromInventory(item).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * The messages that carry the application's answer to a remote request (reference section
     * 6.8). Lists longer than a message may carry are truncated to the wire limit (transaction
     * ids to {@value WireLimits#MAX_TX_INV_IN_SENT_MESSAGE}, as the reference sends).
     *
     * @param response the inbound service's answer
     * @return the messages to send, in order; empty for {@code Nil} and {@code Pong}
     */
    static List<Message> toMessages(Response response) {
        if (response instanceof Response.Peers peers) {
            return List.of(new AddrMessage(first(peers.addresses(), WireLimits.MAX_ADDRS_IN_MESSAGE)));
        }
        if (response instanceof Response.Blocks blocks) {
            List<Message> messages = new ArrayList<>(blocks.available().size() + 1);
            for (Block block : blocks.available()) {
                messages.add(new BlockMessage(block));
            }
            if (!blocks.missing().isEmpty()) {
                messages.add(new NotFoundMessage(first(blocks.missing().stream()
                        .<InventoryItem>map(InventoryItem.Block::new).toList(), WireLimits.MAX_INV_IN_MESSAGE)));
            }
            return messages;
        }
        if (response instanceof Response.Transactions txs) {
            List<Message> messages = new ArrayList<>(txs.available().size() + 1);
            for (Transaction tx : txs.available()) {
                messages.add(new TxMessage(tx));
            }
            if (!txs.missing().isEmpty()) {
                messages.add(new NotFoundMessage(first(txs.missing().stream()
                        .map(TransactionId::toInventory).toList(), WireLimits.MAX_INV_IN_MESSAGE)));
            }
            return messages;
        }
        if (response instanceof Response.BlockHashes hashes) {
            return List.of(new InvMessage(first(hashes.hashes().stream()
                    .<InventoryItem>map(InventoryItem.Block::new).toList(), WireLimits.MAX_INV_IN_MESSAGE)));
        }
        if (response instanceof Response.BlockHeaders headers) {
            return List.of(new HeadersMessage(first(headers.headers(), WireLimits.MAX_HEADERS_IN_MESSAGE)));
        }
        if (response instanceof Response.TransactionIds ids) {
            return List.of(txInv(ids.ids()));
        }
        if (response instanceof Response.Nil || response instanceof Response.Pong) {
            return List.of(); // nothing to send: Nil by definition, and the connection answers pings itself
        }
        // unreachable while every permitted Response is handled above (MessageMappingTest checks it)
        throw new IllegalArgumentException("response: " + response.getClass().getSimpleName() + " (expected: a mapped response)");
    }

    /**
     * What a local request sends, and how its answer is recognised: a handler, or {@code null} for
     * a request that is answered {@code Nil} once its message is written (advertisements, pushes).
     *
     * @param message what to send
     * @param handler matches the answer, or {@code null}
     */
    record Outgoing(Message message, ResponseHandler handler) {
    }

    /**
     * The message a local request sends and the handler of its answer (reference section 6.7):
     * with {@link #toMessages} and {@link #toInboundRequest}, every translation between the
     * request/response model and the wire is in this class.
     *
     * @param request           the caller's request
     * @param negotiatedVersion the connection's version, written into {@code getblocks}/{@code getheaders}
     * @param addresses         the connection's address cache (a {@code getaddr} answer fills it)
     * @param nanoTime          the clock a ping's round trip is measured with
     * @return the message and the handler
     */
    static Outgoing toOutgoing(Request<?> request, long negotiatedVersion, AddressCache addresses, LongSupplier nanoTime) {
        if (request instanceof Request.Peers) {
            return new Outgoing(new GetAddrMessage(), new ResponseHandler.Peers(addresses));
        } else if (request instanceof Request.Ping ping) {
            return new Outgoing(new PingMessage(ping.nonce()), new ResponseHandler.Ping(ping.nonce(), nanoTime));
        } else if (request instanceof Request.BlocksByHash blocks) {
            return new Outgoing(new GetDataMessage(blocks.hashes().stream().<InventoryItem>map(InventoryItem.Block::new)
                    .toList()), new ResponseHandler.Blocks(blocks.hashes()));
        } else if (request instanceof Request.TransactionsById txs) {
            return new Outgoing(new GetDataMessage(txs.ids().stream().map(TransactionId::toInventory).toList()),
                    new ResponseHandler.Transactions(txs.ids()));
        } else if (request instanceof Request.FindBlocks find) {
            return new Outgoing(new GetBlocksMessage(negotiatedVersion, find.knownBlocks(), find.stop()),
                    new ResponseHandler.FindBlocks());
        } else if (request instanceof Request.FindHeaders find) {
            return new Outgoing(new GetHeadersMessage(negotiatedVersion, find.knownBlocks(), find.stop()),
                    new ResponseHandler.FindHeaders());
        } else if (request instanceof Request.MempoolTransactionIds) {
            return new Outgoing(new MempoolMessage(), new ResponseHandler.Mempool());
        } else if (request instanceof Request.PushTransaction push) {
            return new Outgoing(new TxMessage(push.transaction()), null);
        } else if (request instanceof Request.AdvertiseTransactionIds advertise) {
            return new Outgoing(txInv(advertise.ids()), null);
        } else if (request instanceof Request.AdvertiseBlock advertise) {
            return new Outgoing(new InvMessage(List.of(new InventoryItem.Block(advertise.hash()))), null);
        } else if (request instanceof Request.AdvertiseBlockToAll advertise) {
            return new Outgoing(new InvMessage(List.of(new InventoryItem.Block(advertise.hash()))), null);
        }
        // unreachable while every permitted Request is handled above (MessageMappingTest checks it)
        throw new IllegalArgumentException("request: " + request.name() + " (expected: a mapped request)");
    }

    /**
     * @param ids transaction ids
     * @return an {@code inv} of at most {@value WireLimits#MAX_TX_INV_IN_SENT_MESSAGE} of them (the
     *         excess is silently dropped, as in the reference)
     */
    static InvMessage txInv(Collection<TransactionId> ids) {
        List<InventoryItem> items = new ArrayList<>(Math.min(ids.size(), WireLimits.MAX_TX_INV_IN_SENT_MESSAGE));
        for (TransactionId id : ids) {
            if (items.size() == WireLimits.MAX_TX_INV_IN_SENT_MESSAGE) {
                break;
            }
            items.add(id.toInventory());
        }
        return new InvMessage(items);
    }

    private static <T> List<T> first(List<T> list, int max) {
        return list.size() <= max ? list : list.subList(0, max);
    }
}
