package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.Traffic;
import io.peerset.wire.PayloadCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts frames and bytes by command and direction for a {@link Transport}
 * ({@link Transport#traffic()}): every transport shares this implementation, so the counts mean the
 * same whatever carries the bytes.
 *
 * <p>The command set is closed: the codec's {@link PayloadCodec#COMMANDS} in alphabetical order,
 * then {@link Traffic#OTHER} for every other name, so a peer sending made-up commands cannot grow
 * it. Counting is one map look-up and two {@link LongAdder} increments per frame.
 *
 * <p>Thread-safe: connections on any number of I/O threads count into one instance; a
 * {@link #snapshot()} taken while they do may mix a frame's message count with the previous byte
 * count, never more.
 */
public final class TrafficCounter {

    /** The commands counted, in snapshot order: the known ones sorted, then {@link Traffic#OTHER}. */
    public static final List<String> COMMANDS;
    private static final Map<String, Integer> INDEX;

    static {
        List<String> commands = new ArrayList<>(PayloadCodec.COMMANDS);
        commands.sort(null);
        commands.add(Traffic.OTHER);
        COMMANDS = List.copyOf(commands);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < COMMANDS.size(); i++) {
            index.put(COMMANDS.get(i), i);
        }
        INDEX = Map.copyOf(index);
    }

    private final LongAdder[] messagesReceived = adders();
    private final LongAdder[] bytesReceived = adders();
    private final LongAdder[] messagesSent = adders();
    private final LongAdder[] bytesSent = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[COMMANDS.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private static int index(String command) {
        Integer i = INDEX.get(requireNonNull(command, "command"));
        return i == null ? COMMANDS.size() - 1 : i;
    }

    /**
     * Counts a frame received and decoded (or skipped, for an unknown command).
     *
     * @param command    its command as in the header; an unknown one counts as {@link Traffic#OTHER}
     * @param frameBytes its length, header included
     */
    public void received(String command, int frameBytes) {
        int i = index(command);
        messagesReceived[i].increment();
        bytesReceived[i].add(frameBytes);
    }

    /**
     * Counts a frame handed to the operating system.
     *
     * @param command    its command
     * @param frameBytes its length, header included
     */
    public void sent(String command, int frameBytes) {
        int i = index(command);
        messagesSent[i].increment();
        bytesSent[i].add(frameBytes);
    }

    /** @return the counts so far, one entry per {@link #COMMANDS} element, in that order */
    public Traffic snapshot() {
        List<Traffic.Command> out = new ArrayList<>(COMMANDS.size());
        for (int i = 0; i < COMMANDS.size(); i++) {
            out.add(new Traffic.Command(COMMANDS.get(i), messagesReceived[i].sum(), bytesReceived[i].sum(),
                    messagesSent[i].sum(), bytesSent[i].sum()));
        }
        return new Traffic(out);
    }
}
