package io.peerset.core.peer;

import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.inmemory.ForwardingConnection;
import io.peerset.wire.Message;
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
final class ControlledConnection extends ForwardingConnection {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    private volatile ConnectionHandler handler;
    private volatile boolean writable = true;
    private volatile boolean rejecting;
    private volatile int tasksBeforeRejecting = -1;

    ControlledConnection(Connection delegate) {
        super(delegate);
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
        delegate().executor().execute(() -> {
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
            delegate().executor().execute(task);
        };
    }

    @Override
    public void attach(ConnectionHandler newHandler) {
        handler = newHandler;
        delegate().attach(new ForwardingHandler(newHandler) {
            @Override
            public void onMessage(Message message) {
                received.add(message.command());
                super.onMessage(message);
            }
        });
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        sent.add(message.command());
        return super.send(message);
    }

    @Override
    public boolean isWritable() {
        return writable && delegate().isWritable();
    }
}
