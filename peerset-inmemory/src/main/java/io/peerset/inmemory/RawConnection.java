package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.io.ByteArrayOutputStream;

/**
 * A byte-level end of an in-memory connection, for tests that send what a well-behaved transport
 * never would: garbage, wrong magics, oversized or half frames. Made by
 * {@link InMemoryNetwork#connectRaw(PeerAddress)}.
 *
 * <p>Thread-safe; deliveries happen on the network's scheduler.
 */
public final class RawConnection implements Endpoint {

    private final InMemoryNetwork network;
    private final PeerAddress local;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Endpoint peer;
    private boolean open = true;

    RawConnection(InMemoryNetwork network, PeerAddress local) {
        this.network = network;
        this.local = local;
    }

    void peer(Endpoint peer) {
        this.peer = peer;
    }

    /** @return this end's address, as the listener sees it */
    public PeerAddress localAddress() {
        return local;
    }

    /**
     * Sends bytes as they are.
     *
     * @param bytes anything
     */
    public synchronized void write(byte[] bytes) {
        requireNonNull(bytes, "bytes");
        if (open) {
            network.send(peer, bytes.clone());
        }
    }

    /** @return every byte received so far */
    public synchronized byte[] received() {
        return received.toByteArray();
    }

    /** @return whether neither end has closed */
    public synchronized boolean isOpen() {
        return open;
    }

    /** Closes this end; the peer sees end of stream. */
    public synchronized void close() {
        if (open) {
            open = false;
            network.sendEof(peer);
        }
    }

    @Override
    public synchronized void deliver(byte[] bytes) {
        received.writeBytes(bytes);
    }

    @Override
    public synchronized void deliverEof() {
        open = false;
    }

    @Override
    public void peerConsumed(int bytes) {
        // A raw end has no water marks.
    }
}
