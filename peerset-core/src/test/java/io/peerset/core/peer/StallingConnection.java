package io.peerset.core.peer;

import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection whose writes never complete (a peer that stopped reading, with full socket buffers):
 * the only way to see the send timeout, since the in-memory transport always writes at once.
 */
final class StallingConnection implements Connection {

    private final VirtualScheduler scheduler;
    final List<Message> sent = new ArrayList<>();
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();
    private ConnectionHandler handler;
    long demand;

    StallingConnection(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Network network() {
        return PeerHarness.NETWORK;
    }

    @Override
    public PeerAddress remoteAddress() {
        return PeerAddress.parse("10.9.9.9:8233");
    }

    @Override
    public PeerAddress localAddress() {
        return PeerAddress.parse("10.0.0.1:50000");
    }

    @Override
    public boolean isInbound() {
        return false;
    }

    @Override
    public Executor executor() {
        return scheduler;
    }

    @Override
    public void attach(ConnectionHandler handler) {
        this.handler = handler;
    }

    @Override
    public void request(long n) {
        demand += n;
    }

    @Override
    public void completeHandshake(long negotiatedVersion) {
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        sent.add(message);
        return new CompletableFuture<>();
    }

    @Override
    public boolean isWritable() {
        return false;
    }

    @Override
    public void close(String reason) {
        scheduler.execute(() -> {
            if (closeFuture.complete(CloseReason.local(reason)) && handler != null) {
                handler.onClosed(CloseReason.local(reason));
            }
        });
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return !closeFuture.isDone();
    }

    @Override
    public long bytesReceived() {
        return 0;
    }

    @Override
    public long bytesSent() {
        return 0;
    }
}
