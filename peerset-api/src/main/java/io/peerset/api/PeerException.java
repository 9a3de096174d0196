package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.InventoryItem;
import io.peerset.wire.WireFormatException;
import java.util.List;

/**
 * Why a request to a peer, or the peer's connection, failed: the errors of reference section 6.12,
 * with its names and messages. One connection failure answers every request that was waiting on
 * it with the same instance (the reference's shared error), so compare by type, not identity.
 *
 * <p>Every subclass is final and listed here, so callers can switch on the type exhaustively.
 */
public abstract sealed class PeerException extends PeerSetException
        permits PeerException.ConnectionClosed, PeerException.ConnectionDropped, PeerException.ClientDropped, PeerException.ConnectionTaskExited, PeerException.ClientCancelledHeartbeatTask, PeerException.ConnectionSendTimeout, PeerException.ConnectionReceiveTimeout, PeerException.DuplicateHandshake, PeerException.Overloaded, PeerException.NoReadyPeers, PeerException.InboundTimeout, PeerException.ServiceShutdown,
        PeerException.HeartbeatTaskExited, PeerException.Serialization, PeerException.NotFoundResponse,
        PeerException.NotFoundRegistry {
    private static final long serialVersionUID = 1L;

    private PeerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The peer closed the stream or the operating system reported it gone. Message: "Peer closed connection". */
    public static final class ConnectionClosed extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ConnectionClosed() {
            super("Peer closed connection", null);
        }

        /** @param cause the failure behind it, for logs */
        public ConnectionClosed(Throwable cause) {
            super("Peer closed connection", requireNonNull(cause, "cause"));
        }
    }

    /** The connection was closed by this side (for example at shutdown). Message: "Internal connection dropped". */
    public static final class ConnectionDropped extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ConnectionDropped() {
            super("Internal connection dropped", null);
        }

        /** @param cause the failure behind it, for logs */
        public ConnectionDropped(Throwable cause) {
            super("Internal connection dropped", requireNonNull(cause, "cause"));
        }
    }

    /** The client of this connection was closed (the peer set removed the peer). Message: "Internal client dropped". */
    public static final class ClientDropped extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ClientDropped() {
            super("Internal client dropped", null);
        }

        /** @param cause the failure behind it, for logs */
        public ClientDropped(Throwable cause) {
            super("Internal client dropped", requireNonNull(cause, "cause"));
        }
    }

    /** The connection's state machine stopped without a more specific error. Message: "Connection task exited". */
    public static final class ConnectionTaskExited extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ConnectionTaskExited() {
            super("Connection task exited", null);
        }

        /** @param cause the failure behind it, for logs */
        public ConnectionTaskExited(Throwable cause) {
            super("Connection task exited", requireNonNull(cause, "cause"));
        }
    }

    /** The heartbeat stopped because the client was closed. Message: "Client cancelled its heartbeat task". */
    public static final class ClientCancelledHeartbeatTask extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ClientCancelledHeartbeatTask() {
            super("Client cancelled its heartbeat task", null);
        }

        /** @param cause the failure behind it, for logs */
        public ClientCancelledHeartbeatTask(Throwable cause) {
            super("Client cancelled its heartbeat task", requireNonNull(cause, "cause"));
        }
    }

    /** A message could not be written within the request timeout; the connection is closed. Message: "Sending Client request timed out". */
    public static final class ConnectionSendTimeout extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ConnectionSendTimeout() {
            super("Sending Client request timed out", null);
        }

        /** @param cause the failure behind it, for logs */
        public ConnectionSendTimeout(Throwable cause) {
            super("Sending Client request timed out", requireNonNull(cause, "cause"));
        }
    }

    /** No response within the request timeout; only that request fails (a ping's timeout closes the connection). Message: "Receiving client response timed out". */
    public static final class ConnectionReceiveTimeout extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ConnectionReceiveTimeout() {
            super("Receiving client response timed out", null);
        }

        /** @param cause the failure behind it, for logs */
        public ConnectionReceiveTimeout(Throwable cause) {
            super("Receiving client response timed out", requireNonNull(cause, "cause"));
        }
    }

    /** The peer sent {@code version} or {@code verack} again; the connection is closed. Message: "Peer sent a handshake message after the handshake". */
    public static final class DuplicateHandshake extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public DuplicateHandshake() {
            super("Peer sent a handshake message after the handshake", null);
        }

        /** @param cause the failure behind it, for logs */
        public DuplicateHandshake(Throwable cause) {
            super("Peer sent a handshake message after the handshake", requireNonNull(cause, "cause"));
        }
    }

    /** The inbound service was overloaded and this connection was picked to be dropped (section 6.9). Message: "Internal services over capacity". */
    public static final class Overloaded extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public Overloaded() {
            super("Internal services over capacity", null);
        }

        /** @param cause the failure behind it, for logs */
        public Overloaded(Throwable cause) {
            super("Internal services over capacity", requireNonNull(cause, "cause"));
        }

        /** @param detail which capacity, e.g. the peer set's request queue and its bound */
        public Overloaded(String detail) {
            super("Internal services over capacity: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The peer set had no ready peer for the request. Message: "No ready peers available". */
    public static final class NoReadyPeers extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public NoReadyPeers() {
            super("No ready peers available", null);
        }

        /** @param cause the failure behind it, for logs */
        public NoReadyPeers(Throwable cause) {
            super("No ready peers available", requireNonNull(cause, "cause"));
        }

        /**
         * @param detail why none was ready, e.g. how many peers are connected and what they are doing;
         *               appended to the message after a colon
         */
        public NoReadyPeers(String detail) {
            super("No ready peers available: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The inbound service did not answer in time and this connection was picked to be dropped. Message: "Internal services timed out". */
    public static final class InboundTimeout extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public InboundTimeout() {
            super("Internal services timed out", null);
        }

        /** @param cause the failure behind it, for logs */
        public InboundTimeout(Throwable cause) {
            super("Internal services timed out", requireNonNull(cause, "cause"));
        }
    }

    /** The inbound service is shut down. Message: "Internal services have failed or shutdown". */
    public static final class ServiceShutdown extends PeerException {
        private static final long serialVersionUID = 1L;

        /** The error, with no underlying cause. */
        public ServiceShutdown() {
            super("Internal services have failed or shutdown", null);
        }

        /** @param cause the failure behind it, for logs */
        public ServiceShutdown(Throwable cause) {
            super("Internal services have failed or shutdown", requireNonNull(cause, "cause"));
        }
    }

    /** The heartbeat stopped: its ping failed or timed out. Message: "Heartbeat task exited: REASON". */
    public static final class HeartbeatTaskExited extends PeerException {
        private static final long serialVersionUID = 1L;

        /** @param reason why, for logs */
        public HeartbeatTaskExited(String reason) {
            super("Heartbeat task exited: " + requireNonNull(reason, "reason"), null);
        }
    }

    /** The peer sent bytes that are not a valid message; the connection is closed. */
    public static final class Serialization extends PeerException {
        private static final long serialVersionUID = 1L;

        /** @param cause the codec's error */
        public Serialization(WireFormatException cause) {
            super("Serialization error: " + cause.getMessage(), requireNonNull(cause, "cause"));
        }

        /** @return the codec's error */
        public WireFormatException wireError() {
            return (WireFormatException) getCause();
        }
    }

    /** The peer answered {@code notfound} for every requested item. Message: "Remote peer could not find any of the items". */
    public static final class NotFoundResponse extends PeerException {
        private static final long serialVersionUID = 1L;
        private final transient List<InventoryItem> items;

        /** @param items the items the peer did not have */
        public NotFoundResponse(List<InventoryItem> items) {
            super("Remote peer could not find any of the items", null);
            this.items = List.copyOf(items);
        }

        /** @return the items the peer did not have */
        public List<InventoryItem> items() {
            return items;
        }
    }

    /**
     * Every ready peer is registered as recently missing the items. Message: "All ready peers are
     * registered as recently missing these items".
     */
    public static final class NotFoundRegistry extends PeerException {
        private static final long serialVersionUID = 1L;
        private final transient List<InventoryItem> items;

        /** @param items the items no ready peer has */
        public NotFoundRegistry(List<InventoryItem> items) {
            super("All ready peers are registered as recently missing these items", null);
            this.items = List.copyOf(items);
        }

        /** @return the items no ready peer has */
        public List<InventoryItem> items() {
            return items;
        }
    }
}
