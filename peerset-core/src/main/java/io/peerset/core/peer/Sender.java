package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerException;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.Message;
import io.peerset.wire.WireFormatException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one connection, with the send timeout of reference section 6.5: a message still
 * unwritten {@code timeout} after its send closes the connection with {@code ConnectionSendTimeout}.
 *
 * <p>One watchdog timer per connection instead of one per send: every unwritten send is a node of
 * a list in send order, so the oldest is the head; the watchdog, armed when a send finds it unarmed,
 * fires at the head's deadline, fails the connection if the head is still unwritten then, and
 * otherwise re-arms for the new head's deadline (or stays unarmed when nothing is outstanding). The
 * timeout is thus exact for every send, without a timer armed and cancelled per message.
 *
 * <p>Confined to the connection's loop: {@link #send} runs there, and asserts it; send completions
 * come on the connection's executor (the {@link Connection} contract) and are handed over if not.
 */
final class Sender {

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    /** What the sender needs from its connection, all called on the loop. */
    interface Host extends ConnectionLoop {
        /** Fails the local request if it is still the one in flight (its message could not be encoded). */
        void failRequest(Pending<?> pending, PeerException failure);

        /** Runs a task on the loop now, as {@link #onLoop} would later (the caller is on the loop). */
        void runNow(Runnable task);

        /** @return the peer, redacted, for log lines at info and above */
        String peer();
    }

    private final Host host;
    /** Written on the loop only, read by any thread (peer views). */
    private volatile long messagesSent;
    private final Connection connection;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final long timeoutNanos;

    /** Unwritten sends, oldest first (a doubly linked list through {@link Send}). */
    private Send head;
    private Send tail;
    private Cancellable watchdog;

    Sender(Host host, Connection connection, Scheduler scheduler, Duration timeout) {
        this.host = requireNonNull(host, "host");
        this.connection = requireNonNull(connection, "connection");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.timeout = requireNonNull(timeout, "timeout");
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Writes a message with the send timeout.
     *
     * @param pending the request the message belongs to, or null for answers to the peer
     * @param written run on the loop once the message is written (not when it fails), never inside
     *                this call; or null
     * @return the write's completion
     */
    CompletableFuture<Void> send(Message message, Pending<?> pending, Runnable written) {
        assert host.inLoop() : "off the connection's loop";
        messagesSent++; // one writer (the loop); read from any thread
        CompletableFuture<Void> sent;
        try {
            sent = connection.send(message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        Send send = new Send(message, pending, written);
        if (!sent.isDone()) {
            send.startNanos = scheduler.nanoTime();
            link(send);
        }
        send.inCall = true;
        sent.whenComplete(send);
        send.inCall = false;
        return sent;
    }

    /** @return messages handed to the connection since the handshake; any thread */
    long messagesSent() {
        return messagesSent;
    }

    /** Stops the watchdog (the connection is shutting down). */
    void shutdown() {
        assert host.inLoop() : "off the connection's loop";
        if (watchdog != null) {
            watchdog.cancel();
            watchdog = null;
        }
    }

    private void link(Send send) {
        send.linked = true;
        send.prev = tail;
        if (tail == null) {
            head = send;
        } else {
            tail.next = send;
        }
        tail = send;
        if (watchdog == null && !host.isShutdown()) {
            watchdog = scheduler.schedule(timeout, () -> host.onLoop(this::onWatchdog));
        }
    }

    private void unlink(Send send) {
        if (!send.linked) {
            return;
        }
        send.linked = false;
        if (send.prev == null) {
            head = send.next;
        } else {
            send.prev.next = send.next;
        }
        if (send.next == null) {
            tail = send.prev;
        } else {
            send.next.prev = send.prev;
        }
        send.prev = null;
        send.next = null;
    }

    private void onWatchdog() {
        watchdog = null;
        if (host.isShutdown() || head == null) {
            return;
        }
        long waited = scheduler.nanoTime() - head.startNanos;
        if (waited >= timeoutNanos) {
            LOG.debug("could not send {} to {} within {}", head.message.command(), connection.remoteAddress(), timeout);
            host.fail(new PeerException.ConnectionSendTimeout());
            return;
        }
        watchdog = scheduler.schedule(Duration.ofNanos(timeoutNanos - waited), () -> host.onLoop(this::onWatchdog));
    }

    private void onSendFailed(Message message, Pending<?> pending, Throwable cause) {
        if (host.isShutdown()) {
            return;
        }
        if (cause instanceof WireFormatException wire) {
            // The message cannot be encoded; the connection itself is fine.
            LOG.warn("could not encode {} for {}: {}", message.command(), host.peer(), wire.getMessage());
            host.failRequest(pending, new PeerException.Serialization(wire));
            return;
        }
        if (connection.isOpen()) {
            host.fail(new PeerException.ConnectionClosed(cause));
        }
        // Otherwise the transport's close is on its way to onClosed, with the precise reason.
    }

    /** One send: its place among the unwritten ones, and what follows its completion. */
    private final class Send implements BiConsumer<Void, Throwable> {
        final Message message;
        final Pending<?> pending;
        final Runnable written;
        long startNanos;
        /** In the list of unwritten sends (loop only). */
        boolean linked;
        /** Inside {@link #send}'s registration: a completion then is handed over, not run (loop only). */
        boolean inCall;
        Send prev;
        Send next;

        Send(Message message, Pending<?> pending, Runnable written) {
            this.message = message;
            this.pending = pending;
            this.written = written;
        }

        @Override
        public void accept(Void ok, Throwable e) {
            if (host.inLoop() && !inCall) {
                // Completed after send() returned, on the loop: no hand-over needed.
                host.runNow(() -> completed(e));
            } else {
                host.onLoop(() -> completed(e));
            }
        }

        private void completed(Throwable e) {
            unlink(this);
            if (e != null) {
                onSendFailed(message, pending, Futures.unwrap(e));
            } else if (written != null) {
                written.run();
            }
        }
    }
}
