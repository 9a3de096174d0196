package io.peerset.core;

import io.peerset.api.Network;
import io.peerset.api.PeerAddress;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.wire.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A transport {@link Connection} that passes everything through and records the commands that
 * cross it: what we send, what the peer sent that the codec knows, and the unknown commands it
 * skipped. Sits between the transport and the handshaker/connection state machine, so it sees
 * exactly what peerset sees and sends, through the SPI alone.
 */
final class RecordingConnection implements Connection {

    private final Connection delegate;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> unknownReceived = new CopyOnWriteArrayList<>();
    /** Both directions in order: {@code "> cmd"} sent, {@code "< cmd"} received, {@code "< ?cmd"} skipped as unknown. */
    final List<String> transcript = new CopyOnWriteArrayList<>();

    RecordingConnection(Connection delegate) {
        this.delegate = delegate;
    }

    @Override
    public Network network() {
        return delegate.network();
    }

    @Override
    public PeerAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public PeerAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public boolean isInbound() {
        return delegate.isInbound();
    }

    @Override
    public Executor executor() {
        return delegate.executor();
    }

    @Override
    public void attach(ConnectionHandler handler) {
        delegate.attach(new ConnectionHandler() {
            @Override
            public void onMessage(Message message) {
                received.add(message.command());
                transcript.add("< " + message.command());
                handler.onMessage(message);
            }

            @Override
            public void onUnknownCommand(String command, int payloadLength) {
                unknownReceived.add(command);
                transcript.add("< ?" + command);
                handler.onUnknownCommand(command, payloadLength);
            }

            @Override
            public void onWritabilityChanged(boolean writable) {
                handler.onWritabilityChanged(writable);
            }

            @Override
            public void onClosed(CloseReason reason) {
                handler.onClosed(reason);
            }
        });
    }

    @Override
    public void request(long n) {
        delegate.request(n);
    }

    @Override
    public void completeHandshake(long negotiatedVersion) {
        delegate.completeHandshake(negotiatedVersion);
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        sent.add(message.command());
        transcript.add("> " + message.command());
        return delegate.send(message);
    }

    @Override
    public boolean isWritable() {
        return delegate.isWritable();
    }

    @Override
    public void close(String reason) {
        delegate.close(reason);
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return delegate.closeFuture();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public long bytesReceived() {
        return delegate.bytesReceived();
    }

    @Override
    public long bytesSent() {
        return delegate.bytesSent();
    }
}
