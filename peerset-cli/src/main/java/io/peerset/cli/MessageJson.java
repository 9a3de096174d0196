package io.peerset.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddrV2Entry;
import io.peerset.wire.AddrV2Message;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Block;
import io.peerset.wire.BlockHeader;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.FilterAddMessage;
import io.peerset.wire.FilterLoadMessage;
import io.peerset.wire.GetBlocksMessage;
import io.peerset.wire.GetDataMessage;
import io.peerset.wire.GetHeadersMessage;
import io.peerset.wire.Hash32;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.RejectMessage;
import io.peerset.wire.Transaction;
import io.peerset.wire.TransactionIds;
import io.peerset.wire.TxMessage;
import io.peerset.wire.VersionMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Writes decoded messages as JSON objects with stable camelCase field names, {@code "command"}
 * first. Hashes are in display order (as block explorers show them), addresses in text form,
 * services as an unsigned number plus names, times as ISO-8601, nonces as 16 hex digits.
 *
 * <p>Stateless; the generator passed in is used from one thread.
 */
final class MessageJson {

    private MessageJson() {
    }

    static void skipped(JsonGenerator g, String command, int length) throws IOException {
        g.writeStartObject();
        g.writeStringField("command", command);
        g.writeBooleanField("skipped", true);
        g.writeNumberField("length", length);
        g.writeEndObject();
    }

    static void write(JsonGenerator g, Message message) throws IOException {
        g.writeStartObject();
        g.writeStringField("command", message.command());
        if (message instanceof VersionMessage m) {
            g.writeNumberField("version", m.version());
            services(g, "services", m.services());
            g.writeStringField("timestamp", m.timestamp().toString());
            networkAddress(g, "receiver", m.receiver());
            networkAddress(g, "sender", m.sender());
            g.writeStringField("nonce", nonce(m.nonce()));
            g.writeStringField("userAgent", m.userAgent());
            g.writeNumberField("startHeight", m.startHeight());
            g.writeBooleanField("relay", m.relay());
        } else if (message instanceof PingMessage m) {
            g.writeStringField("nonce", nonce(m.nonce()));
        } else if (message instanceof PongMessage m) {
            g.writeStringField("nonce", nonce(m.nonce()));
        } else if (message instanceof RejectMessage m) {
            g.writeStringField("message", m.message());
            g.writeStringField("code", m.code().name());
            g.writeNumberField("ccode", m.code().code());
            g.writeStringField("reason", m.reason());
            g.writeStringField("data", m.data().toHex());
        } else if (message instanceof AddrMessage m) {
            g.writeNumberField("count", m.entries().size());
            g.writeArrayFieldStart("entries");
            for (AddressEntry e : m.entries()) {
                g.writeStartObject();
                g.writeStringField("lastSeen", e.lastSeen().toString());
                services(g, "services", e.services());
                g.writeStringField("address", e.address().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (message instanceof AddrV2Message m) {
            addrV2(g, m);
        } else if (message instanceof InvMessage m) {
            inventory(g, m.items());
        } else if (message instanceof GetDataMessage m) {
            inventory(g, m.items());
        } else if (message instanceof NotFoundMessage m) {
            inventory(g, m.items());
        } else if (message instanceof GetBlocksMessage m) {
            locator(g, m.version(), m.locator(), m.stopHash());
        } else if (message instanceof GetHeadersMessage m) {
            locator(g, m.version(), m.locator(), m.stopHash());
        } else if (message instanceof HeadersMessage m) {
            g.writeNumberField("count", m.headers().size());
            g.writeArrayFieldStart("headers");
            for (BlockHeader h : m.headers()) {
                g.writeStartObject();
                header(g, h);
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (message instanceof BlockMessage m) {
            block(g, m.block());
        } else if (message instanceof TxMessage m) {
            transactionFields(g, m.transaction());
        } else if (message instanceof FilterLoadMessage m) {
            g.writeNumberField("filterLength", m.filter().length());
            g.writeStringField("filter", m.filter().toHex());
            g.writeNumberField("hashFunctions", m.hashFunctions());
            g.writeNumberField("tweak", m.tweak());
            g.writeNumberField("flags", m.flags());
        } else if (message instanceof FilterAddMessage m) {
            g.writeStringField("data", m.data().toHex());
        }
        // verack, getaddr, mempool and filterclear carry nothing but their command.
        g.writeEndObject();
    }

    private static String nonce(long nonce) {
        return String.format("%016x", nonce);
    }

    private static void services(JsonGenerator g, String field, PeerServices services) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(new BigInteger(Long.toUnsignedString(services.bits())));
        g.writeArrayFieldStart("serviceNames");
        for (String name : services.names()) {
            g.writeString(name);
        }
        g.writeEndArray();
    }

    private static void networkAddress(JsonGenerator g, String field, NetworkAddress a) throws IOException {
        g.writeObjectFieldStart(field);
        services(g, "services", a.services());
        g.writeStringField("address", a.address().toString());
        g.writeEndObject();
    }

    private static void addrV2(JsonGenerator g, AddrV2Message m) throws IOException {
        g.writeNumberField("count", m.entries().size());
        g.writeNumberField("usable", m.addresses().size());
        g.writeArrayFieldStart("entries");
        for (AddrV2Entry e : m.entries()) {
            g.writeStartObject();
            g.writeStringField("lastSeen", e.lastSeen().toString());
            services(g, "services", e.services());
            g.writeStringField("network", e.networkName());
            Optional<AddressEntry> ip = e.toAddressEntry();
            if (ip.isPresent()) {
                g.writeStringField("address", ip.get().address().toString());
            } else {
                g.writeStringField("addressHex", e.address().toHex());
                g.writeNumberField("port", e.port());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void inventory(JsonGenerator g, List<InventoryItem> items) throws IOException {
        g.writeNumberField("count", items.size());
        g.writeArrayFieldStart("items");
        for (InventoryItem item : items) {
            g.writeStartObject();
            if (item instanceof InventoryItem.Error i) {
                g.writeStringField("type", "error");
                g.writeStringField("hash", i.hash().toDisplayHex());
            } else if (item instanceof InventoryItem.Tx i) {
                g.writeStringField("type", "tx");
                g.writeStringField("hash", i.txid().toDisplayHex());
            } else if (item instanceof InventoryItem.Block i) {
                g.writeStringField("type", "block");
                g.writeStringField("hash", i.hash().toDisplayHex());
            } else if (item instanceof InventoryItem.FilteredBlock i) {
                g.writeStringField("type", "filteredBlock");
                g.writeStringField("hash", i.hash().toDisplayHex());
            } else if (item instanceof InventoryItem.Wtx i) {
                g.writeStringField("type", "wtx");
                g.writeStringField("hash", i.txid().toDisplayHex());
                g.writeStringField("authDigest", i.authDigest().toDisplayHex());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void locator(JsonGenerator g, long version, List<Hash32> locator, Optional<Hash32> stop)
            throws IOException {
        g.writeNumberField("version", version);
        g.writeArrayFieldStart("locator");
        for (Hash32 h : locator) {
            g.writeString(h.toDisplayHex());
        }
        g.writeEndArray();
        if (stop.isPresent()) {
            g.writeStringField("stop", stop.get().toDisplayHex());
        } else {
            g.writeNullField("stop");
        }
    }

    private static void header(JsonGenerator g, BlockHeader h) throws IOException {
        g.writeStringField("hash", h.hash().toDisplayHex());
        g.writeNumberField("version", h.version());
        g.writeStringField("previousBlockHash", h.previousBlockHash().toDisplayHex());
        g.writeStringField("merkleRoot", h.merkleRoot().toDisplayHex());
        g.writeStringField("commitments", h.commitments().toDisplayHex());
        g.writeNumberField("time", h.time());
        g.writeStringField("bits", String.format("%08x", h.bits()));
        g.writeStringField("nonce", h.nonce().toHex());
        g.writeNumberField("solutionLength", h.solution().length());
    }

    private static void block(JsonGenerator g, Block block) throws IOException {
        g.writeStringField("hash", block.hash().toDisplayHex());
        g.writeNumberField("size", block.bytes().length());
        g.writeObjectFieldStart("header");
        header(g, block.header());
        g.writeEndObject();
        g.writeNumberField("transactionCount", block.transactions().size());
        g.writeArrayFieldStart("transactions");
        for (Transaction tx : block.transactions()) {
            g.writeStartObject();
            transactionFields(g, tx);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void transactionFields(JsonGenerator g, Transaction tx) throws IOException {
        g.writeStringField("txid", TransactionIds.txid(tx).toDisplayHex());
        Optional<Hash32> auth = TransactionIds.authDigest(tx);
        if (auth.isPresent()) {
            g.writeStringField("authDigest", auth.get().toDisplayHex());
        } else {
            g.writeNullField("authDigest");
        }
        g.writeNumberField("version", tx.version());
        g.writeNumberField("size", tx.bytes().length());
        g.writeBooleanField("coinbase", tx.isCoinbase());
        Transaction.Shape s = tx.shape();
        g.writeNumberField("transparentInputs", s.transparentInputs());
        g.writeNumberField("transparentOutputs", s.transparentOutputs());
        g.writeNumberField("joinSplits", s.joinSplits());
        g.writeNumberField("saplingSpends", s.saplingSpends());
        g.writeNumberField("saplingOutputs", s.saplingOutputs());
        g.writeNumberField("orchardActions", s.orchardActions());
        g.writeNumberField("lockTime", tx.lockTime());
        g.writeNumberField("expiryHeight", tx.expiryHeight());
    }
}
