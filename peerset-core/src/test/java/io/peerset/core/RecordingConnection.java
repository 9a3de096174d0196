package io.peerset.core;

import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.inmemory.ForwardingConnection;
import io.peerset.wire.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport {@link Connection} that passes everything through and records the commands that
 * cross it: what we send, what the peer sent that the codec knows, and the unknown commands it
 * skipped. Sits between the transport and the handshaker/connection state machine, so it sees
 * exactly what peerset sees and sends, through the SPI alone.
 */
final class RecordingConnection extends ForwardingConnection {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> unknownReceived = new CopyOnWriteArrayList<>();
    /** Both directions in order: {@code "> cmd"} sent, {@code "< cmd"} received, {@code "< ?cmd"} skipped as unknown. */
    final List<String> transcript = new CopyOnWriteArrayList<>();

    RecordingConnection(Connection delegate) {
        super(delegate);
    }

    @Override
    public void attach(ConnectionHandler handler) {
        super.attach(new ForwardingHandler(handler) {
            @Override
            public void onMessage(Message message) {
                received.add(message.command());
                transcript.add("< " + message.command());
                super.onMessage(message);
            }

            @Override
            public void onUnknownCommand(String command, int payloadLength) {
                unknownReceived.add(command);
                transcript.add("< ?" + command);
                super.onUnknownCommand(command, payloadLength);
            }
        });
    }

    @Override
    public CompletableFuture<Void> send(Message message) {
        sent.add(message.command());
        transcript.add("> " + message.command());
        return super.send(message);
    }
}
