package io.peerset.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.peerset.api.Coded;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.core.NodeBuilder;
import io.peerset.wire.PeerAddress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code peerset run --events FILE}: appends the node's events to a file, one JSON object per line,
 * so that "why did it drop that peer?" has an answer after the fact.
 *
 * <p>Every {@link PeerSetEvent} and {@link NodeEvent} is written except the per-request ones
 * ({@link PeerSetEvent.Routed}, {@link PeerSetEvent.Answered}: one per request, counted by the
 * metrics instead). A line holds {@code "time"} (ISO-8601, when the event was taken),
 * {@code "event"} (the record's name, e.g. {@code "PeerRemoved"}) and the record's components by
 * name: addresses as {@code IP:PORT} (not redacted: the file is the operator's own record, like
 * {@code peerset crawl}'s output), reasons, causes, steps and address-book states as their
 * {@link Coded#code() codes} (the same as in the metrics' tags and the status line: {@code per-ip-throttle},
 * {@code protocol-error}, {@code never-connected}), optionals as their value or
 * left out when empty, durations in milliseconds, errors as their message followed by the messages of
 * their causes that it does not already quote (each text once), requests as their kind.
 * For example
 * {@code {"time":"2026-11-24T18:40:01.123Z","event":"PeerRemoved","peer":"203.0.113.7:8233","reason":"banned"}}.
 *
 * <p>{@link #open} before the node starts, {@link #start} once it runs, {@link #close()} after the
 * node has closed, so that its shutdown (the peers closed) is recorded too.
 *
 * <p>Threading: the listeners run on the node's I/O, timer, peer-set and address-book threads and
 * only format the line and offer it to a bounded queue ({@link #QUEUE_CAPACITY}); one writer thread
 * appends and flushes. Lines the queue cannot take are dropped and counted, and the writer records
 * the count as an {@code {"event":"EventsDropped","count":N}} line, so a slow disk never slows the
 * node and a gap in the file is visible. {@link #close()} stops listening, writes what is queued
 * and closes the file.
 */
final class EventLog implements AutoCloseable {

    /**
     * Lines waiting for the writer: a few seconds of a busy node's churn (a crawl answer can create
     * 1,000 address-book records at once) without holding more than a few MiB.
     */
    static final int QUEUE_CAPACITY = 10_000;

    /** How long {@link #close()} waits, in all, for the writer to write what is queued. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final JsonFactory JSON = new JsonFactory();

    /** Each event class's components, looked up once (a crawl answer can bring 1,000 events at once). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        }
    };
    /** Tells the writer to finish: compared by identity, never equal to a formatted line. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String STOP = new String("stop");

    private final Clock clock;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Writer out;
    private final Thread writer;
    private final PeerSetListener setListener = this::onSetEvent;
    private final Consumer<NodeEvent> nodeListener = this::onNodeEvent;
    private volatile PeerSetNode node;
    /** Whether the listeners were registered through {@link #listenTo} rather than by {@link #start}. */
    private volatile boolean viaBuilder;
    private volatile IOException failure;

    private EventLog(Writer out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "peerset-events");
        this.writer.setDaemon(true);
    }

    /**
     * Opens {@code file} for appending, creating it: done before the node starts, so that a path
     * that cannot be written is refused before anything runs.
     *
     * @param file  where the lines go
     * @param clock the time stamped on each line
     * @return the log, not yet recording
     * @throws IOException if the file cannot be opened for appending
     */
    static EventLog open(Path file, Clock clock) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(clock, "clock");
        // An OutputStreamWriter replaces what UTF-8 cannot encode (a lone surrogate in a peer's or an
        // application's text) instead of failing, as Files.newBufferedWriter's encoder would: one odd
        // string must not end the log.
        Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
        return new EventLog(out, clock);
    }

    /**
     * Starts recording {@code node}'s events. Call once.
     *
     * @param running a running node
     */
    void start(PeerSetNode running) {
        requireNonNull(running, "running");
        if (node != null) {
            throw new IllegalStateException("already recording");
        }
        node = running;
        writer.start();
        if (!viaBuilder) {
            running.addListener(setListener);
            running.addNodeListener(nodeListener);
        }
    }

    /**
     * Registers this log's listeners with a node builder, so that the log records every event from
     * the node's first candidate on; then {@link #start} the log with the node it starts.
     *
     * @param builder the builder of the node to record
     */
    void listenTo(NodeBuilder builder) {
        builder.listener(setListener).nodeListener(nodeListener);
        viaBuilder = true;
    }

    /** @return lines written so far */
    long written() {
        return written.get();
    }

    /** @return lines dropped because the queue was full */
    long dropped() {
        return dropped.get();
    }

    private void onSetEvent(PeerSetEvent event) {
        if (!(event instanceof PeerSetEvent.Routed) && !(event instanceof PeerSetEvent.Answered)) {
            offer(line(event, clock.instant()));
        }
    }

    private void onNodeEvent(NodeEvent event) {
        offer(line(event, clock.instant()));
    }

    private void offer(String line) {
        if (closed.get() || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void writeLoop() {
        long reported = 0;
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                String first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                }
                boolean stop = false;
                for (String line : batch) {
                    if (line == STOP) { // identity: the sentinel instance
                        stop = true;
                        continue;
                    }
                    out.write(line);
                    out.write('\n');
                    written.incrementAndGet();
                }
                batch.clear();
                long lost = dropped.get();
                if (lost > reported) {
                    out.write("{\"time\":\"" + clock.instant() + "\",\"event\":\"EventsDropped\",\"count\":"
                            + (lost - reported) + "}\n");
                    reported = lost;
                }
                out.flush();
                if (stop) {
                    // a listener call that passed the closed check just before close() may have queued
                    // a line after the sentinel: counted, never silently lost
                    dropped.addAndGet(queue.size());
                    queue.clear();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
            closed.set(true);
        }
    }

    /**
     * @return the first write error, if writing failed (the log then stops; the node is not affected)
     */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops listening, writes what is queued (waiting at most {@link #CLOSE_WAIT}) and closes the
     * file. Idempotent.
     */
    @Override
    public void close() {
        PeerSetNode running = node;
        if (running != null) {
            running.removeListener(setListener);
            running.removeNodeListener(nodeListener);
        }
        if (closed.compareAndSet(false, true) && running != null) {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            try {
                // the sentinel must get in even if the queue is full: make room by waiting for the writer
                if (!queue.offer(STOP, CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                    writer.interrupt();
                }
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                if (writer.isAlive()) {
                    writer.interrupt(); // a disk that does not answer: give up, keep what was written
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /**
     * Formats one event.
     *
     * @param event a {@link PeerSetEvent} or {@link NodeEvent} (records, every one of them; anything
     *              else is written as its {@code toString} under {@code "text"})
     * @param time  when it was taken
     * @return one JSON object, no line break
     */
    static String line(Object event, Instant time) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("event", event.getClass().getSimpleName());
            if (!event.getClass().isRecord()) {
                g.writeStringField("text", event.toString());
            }
            for (RecordComponent c : COMPONENTS.get(event.getClass())) {
                Object value = c.getAccessor().invoke(event);
                if (value instanceof Optional<?> o) {
                    if (o.isEmpty()) {
                        continue;
                    }
                    value = o.get();
                }
                g.writeFieldName(value instanceof Duration ? c.getName() + "Ms" : c.getName());
                write(g, value);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + event.getClass().getSimpleName(), e);
        }
        return w.toString();
    }

    /**
     * @param error an error
     * @return its message followed by each cause's message that it does not quote already: peerset's
     *         exceptions often quote their cause ({@code "Serialization error: " + cause}), and the
     *         cause's text must appear once (issue 14)
     */
    static String errorText(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        int causes = 0;
        // bounded: a cause chain is short, but a cycle through a foreign exception must not loop
        for (Throwable c = error.getCause(); c != null && c != error && causes < 10; c = c.getCause(), causes++) {
            String message = c.getMessage();
            if (message != null && !message.isEmpty() && text.indexOf(message) < 0) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Coded c) {
            g.writeString(c.code());
        } else if (value instanceof PeerAddress a) {
            g.writeString(a.toString());
        } else if (value instanceof InetAddress ip) {
            g.writeString(ip.getHostAddress());
        } else if (value instanceof Duration d) {
            g.writeNumber(d.toNanos() / 1e6);
        } else if (value instanceof Instant i) {
            g.writeString(i.toString());
        } else if (value instanceof Throwable t) {
            g.writeString(errorText(t));
        } else if (value instanceof Request<?> r) {
            g.writeString(r.getClass().getSimpleName());
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }
}
