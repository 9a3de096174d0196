package io.peerset.transport.netty;

import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.wire.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what a connection delivers; thread-safe so integration tests can read it from the test thread. */
class RecordingHandler implements ConnectionHandler {

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> unknownCommands = new CopyOnWriteArrayList<>();
    final List<Boolean> writabilityChanges = new CopyOnWriteArrayList<>();
    final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    /** How many messages had arrived when the close was reported; -1 before. */
    volatile int messagesWhenClosed = -1;
    private final Consumer<Message> onEachMessage;

    RecordingHandler() {
        this(m -> { });
    }

    /** @param onEachMessage runs inside onMessage, after recording (e.g. to complete the handshake) */
    RecordingHandler(Consumer<Message> onEachMessage) {
        this.onEachMessage = onEachMessage;
    }

    @Override
    public void onMessage(Message message) {
        messages.add(message);
        onEachMessage.accept(message);
    }

    @Override
    public void onUnknownCommand(String command, int payloadLength) {
        unknownCommands.add(command + "/" + payloadLength);
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        writabilityChanges.add(writable);
    }

    @Override
    public void onClosed(CloseReason reason) {
        messagesWhenClosed = messages.size();
        closes.add(reason);
    }
}
