package io.peerset.transport.netty;

import io.peerset.wire.FrameCodec;
import io.peerset.wire.Hash32;
import io.peerset.wire.InvMessage;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.Sha256d;
import io.peerset.wire.WireLimits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Frame bytes for tests: valid frames through the API codec, and hand-made ones. */
final class Frames {

    static final Network NETWORK = Network.MAINNET;

    private Frames() {
    }

    /** @return the frame the sending side's codec (after the handshake: any size) produces */
    static byte[] encode(Message message) {
        ByteBuffer frame = FrameCodec.afterHandshake(NETWORK).encode(message);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    /** @return the frames of {@code messages}, back to back */
    static byte[] encodeAll(List<? extends Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(m -> out.writeBytes(encode(m)));
        return out.toByteArray();
    }

    /** @return a valid frame (right magic and checksum) with any command and payload */
    static byte[] raw(String command, byte[] payload) {
        ByteBuffer frame = header(NETWORK.magic(), command, payload.length, new Sha256d().checksum(ByteBuffer.wrap(payload)));
        byte[] bytes = new byte[WireLimits.HEADER_LENGTH + payload.length];
        frame.get(bytes, 0, WireLimits.HEADER_LENGTH);
        System.arraycopy(payload, 0, bytes, WireLimits.HEADER_LENGTH, payload.length);
        return bytes;
    }

    /** @return just a header, announcing {@code length} bytes */
    static byte[] headerOnly(String command, long length) {
        ByteBuffer frame = header(NETWORK.magic(), command, (int) length, 0);
        byte[] bytes = new byte[WireLimits.HEADER_LENGTH];
        frame.get(bytes);
        return bytes;
    }

    private static ByteBuffer header(int magic, String command, int length, int checksum) {
        ByteBuffer h = ByteBuffer.allocate(WireLimits.HEADER_LENGTH);
        h.order(ByteOrder.BIG_ENDIAN).putInt(0, magic);
        h.put(4, command.getBytes(StandardCharsets.US_ASCII));
        h.order(ByteOrder.LITTLE_ENDIAN).putInt(16, length);
        h.order(ByteOrder.BIG_ENDIAN).putInt(20, checksum);
        return h;
    }

    /** @return an {@code inv} with {@code n} distinct transaction entries (payload 36n + CompactSize) */
    static InvMessage inv(int n) {
        List<InventoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] hash = new byte[Hash32.LENGTH];
            ByteBuffer.wrap(hash).putInt(i).putInt(~i);
            items.add(new InventoryItem.Tx(Hash32.ofInternal(hash)));
        }
        return new InvMessage(items);
    }

    /** @return {@code bytes} concatenated */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
