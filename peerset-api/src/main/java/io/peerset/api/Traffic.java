package io.peerset.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Messages and bytes a transport's connections exchanged, by command and direction, since the
 * transport was created: what {@code peerset_messages_total} and {@code peerset_message_bytes_total}
 * report. Bytes count whole frames (the 24-byte header included). A received frame is counted when
 * it is decoded, a sent one when it has been handed to the operating system. Frames with a command
 * the codec does not know are counted under {@link #OTHER} (the remote chooses those names, so they
 * never become labels of their own).
 *
 * <p>Immutable; obtained from {@link io.peerset.api.spi.TrafficCounter#snapshot()}.
 *
 * @param commands one entry per known command, then {@link #OTHER}, in the counter's fixed order
 */
public record Traffic(List<Command> commands) {

    /** The entry for frames whose command the codec does not know. */
    public static final String OTHER = "other";

    /** Copies. */
    public Traffic {
        commands = List.copyOf(commands);
    }

    /**
     * @param command a command, or {@link #OTHER}
     * @return its entry, empty for a name that has none
     */
    public Optional<Command> command(String command) {
        requireNonNull(command, "command");
        for (Command c : commands) {
            if (c.command().equals(command)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** @return the sum over every command */
    public Command total() {
        long mr = 0;
        long br = 0;
        long ms = 0;
        long bs = 0;
        for (Command c : commands) {
            mr += c.messagesReceived();
            br += c.bytesReceived();
            ms += c.messagesSent();
            bs += c.bytesSent();
        }
        return new Command("total", mr, br, ms, bs);
    }

    /**
     * The counts of one command.
     *
     * @param command          the command ({@code "ping"}), or {@link #OTHER}
     * @param messagesReceived frames received and decoded
     * @param bytesReceived    their bytes, headers included
     * @param messagesSent     frames sent
     * @param bytesSent        their bytes, headers included
     */
    public record Command(String command, long messagesReceived, long bytesReceived, long messagesSent,
                          long bytesSent) {
        /** Checks for null. */
        public Command {
            requireNonNull(command, "command");
        }
    }
}
