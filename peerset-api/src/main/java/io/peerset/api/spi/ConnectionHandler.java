package io.peerset.api.spi;

import io.peerset.wire.Message;

/**
 * Receives what a {@link Connection} delivers: messages (only against demand, see
 * {@link Connection#request(long)}), writability changes and, exactly once, the close.
 *
 * <p>Threading: every call for one connection runs on that connection's
 * {@link Connection#executor()}, one at a time, never concurrently. Implementations must not block.
 * After {@link #onClosed(CloseReason)} nothing else is called. When a handler is replaced (see
 * {@link Connection#attach(ConnectionHandler)}) the old one hears nothing more.
 */
public interface ConnectionHandler {

    /**
     * A decoded message. Consumes one unit of demand.
     *
     * @param message the message
     */
    void onMessage(Message message);

    /**
     * A frame with a command the codec does not know was received and discarded (reference
     * section 7.1: unknown commands are not a reason to disconnect). Consumes no demand.
     *
     * @param command       the command, non-printable bytes escaped
     * @param payloadLength its payload length
     */
    default void onUnknownCommand(String command, int payloadLength) {
    }

    /**
     * The connection's outbound buffer crossed a water mark: {@code false} when it rose above the
     * high mark (stop producing), {@code true} when it fell below the low mark.
     *
     * @param writable the new {@link Connection#isWritable()}
     */
    default void onWritabilityChanged(boolean writable) {
    }

    /**
     * The connection closed; called exactly once, also when this side closed it.
     *
     * @param reason why
     */
    void onClosed(CloseReason reason);
}
