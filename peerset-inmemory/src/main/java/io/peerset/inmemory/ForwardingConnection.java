package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link Connection} that passes every call to another one: extend it and override what a test
 * wants to observe or change (record traffic, fake writability, reject tasks), on any transport.
 *
 * <p>Threading: that of the delegate.
 */
public abstract class ForwardingConnection implements Connection {

    private final Connection delegate;

    /**
     * @param delegate the connection every call goes to
     */
    protected ForwardingConnection(Connection delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    /** @return the connection every call goes to */
    protected Connection delegate() {
        return delegate;
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
    public boolean inExecutor() {
        return delegate.inExecutor();
    }

    @Override
    public void attach(ConnectionHandler handler) {
        delegate.attach(handler);
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

    /**
     * A {@link ConnectionHandler} that passes every event to another one: wrap the handler given to
     * {@link #attach(ConnectionHandler)} and override what the test observes.
     */
    public abstract static class ForwardingHandler implements ConnectionHandler {
        private final ConnectionHandler delegate;

        /**
         * @param delegate the handler every event goes to
         */
        protected ForwardingHandler(ConnectionHandler delegate) {
            this.delegate = requireNonNull(delegate, "delegate");
        }

        @Override
        public void onMessage(Message message) {
            delegate.onMessage(message);
        }

        @Override
        public void onUnknownCommand(String command, int payloadLength) {
            delegate.onUnknownCommand(command, payloadLength);
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            delegate.onWritabilityChanged(writable);
        }

        @Override
        public void onClosed(CloseReason reason) {
            delegate.onClosed(reason);
        }
    }
}
