package io.peerset.core.peer;

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
import java.util.concurrent.RejectedExecutionException;

/**
 * A real (in-memory) connection seen through a wrapper the test controls: it records the commands
 * sent and delivered, can report itself unwritable (and tell the handler when that changes, as a
 * transport does at its water marks), and can make its executor reject every task, as a transport
 * does once its event loops are shut down. Everything else passes through.
 */
final class ControlledConnection implements Connection {

    private final Connection delegate;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    private volatile ConnectionHandler handler;
    private volatile boolean writable = true;
    private volatile boolean rejecting;
    private volatile int tasksBeforeRejecting = -1;

    ControlledConnection(Connection delegate) {
        this.delegate = delegate;
    }

    /** From now on the executor rejects every task (the transport's event loop is gone). */
    void rejectTasks() {
        rejecting = true;
    }

    /** The executor runs {@code n} more tasks, then rejects every later one. */
    void rejectTasksAfter(int n) {
        tasksBeforeRejecting = n;
    }

    /** Sets {@link #isWritable()} and tells the handler, on the executor, as a transport does. */
    void writable(boolean now) {
        delegate.executor().execute(() -> {
            if (writable != now) {
                writable = now;
                ConnectionHandler h = handler;
                if (h != null) {
                    h.onWritabilityChanged(now);
                }
            }
        });
    }

    long count(List<String> commands, String command) {
        return commands.stream().filter(command::equals).count();
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
        return task -> {
            if (tasksBeforeRejecting == 0) {
                rejecting = true;
            } else if (tasksBeforeRejecting > 0) {
                tasksBeforeRejecting--;
            }
            if (rejecting) {
                throw new RejectedExecutionException("event executor terminated");
            }
            delegate.executor().execute(task);
        };
    }

    @Override
    public void attach(ConnectionHandler newHandler) {
        handler = newHandler;
        delegate.attach(new ConnectionHandler() {
            @Override
            public void onMessage(Message message) {
                received.add(message.command());
                newHandler.onMessage(message);
            }

            @Override
            public void onUnknownCommand(String command, int payloadLength) {
                newHandler.onUnknownCommand(command, payloadLength);
            }

            @Override
            public void onWritabilityChanged(boolean now) {
                newHandler.onWritabilityChanged(now);
            }

            @Override
            public void onClosed(CloseReason reason) {
                newHandler.onClosed(reason);
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
        return delegate.send(message);
    }

    @Override
    public boolean isWritable() {
        return writable && delegate.isWritable();
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
