package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.PeerSetException;
import io.peerset.api.Traffic;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.FrameCodec;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.WireFormatException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Transport}, {@link Connection} and {@link Acceptor}, written once and run
 * against every implementation (DESIGN.md section 5.6): extend it, implement the hooks, and the
 * tests run. The in-memory transport runs it under virtual time, the Netty transport over
 * loopback.
 *
 * <p>Every test is bounded: the hooks must fail rather than wait forever.
 */
public abstract class TransportConformanceSuite {

    /** The network every test frames with (Regtest: small, and its magic is distinct from Mainnet's). */
    protected static final Network NETWORK = Network.REGTEST;

    /** A negotiated version for tests that switch the codec. */
    protected static final long NEGOTIATED = Network.CURRENT_PROTOCOL_VERSION;

    private final List<Transport> transports = new ArrayList<>();
    private Transport server;
    private Transport client;
    private Acceptor acceptor;

    /** For subclasses. */
    protected TransportConformanceSuite() {
    }

    /**
     * @param config the network and water marks
     * @return a fresh transport (closed by the suite after each test)
     */
    protected abstract Transport newTransport(TransportConfig config);

    /** @return where a new listener binds; port 0 for any free port */
    protected abstract PeerAddress listenAddress();

    /**
     * Waits for a future, driving time if the transport needs it, for at most a bounded time.
     *
     * @param future the future
     * @param <T>    its type
     * @return its value
     * @throws AssertionError on timeout; the future's failure (unwrapped) if it failed
     */
    protected abstract <T> T await(CompletableFuture<T> future);

    /**
     * Waits until {@code condition} holds, driving time if needed, for at most a bounded time.
     *
     * @param description what is awaited, for the failure message
     * @param condition   the condition, polled
     */
    protected abstract void awaitCondition(String description, BooleanSupplier condition);

    /** Lets in-flight deliveries happen (a short real or virtual pause) before asserting that something did not happen. */
    protected abstract void settle();

    /**
     * Opens a byte-level connection to a listener.
     *
     * @param address the listener
     * @return the raw end
     */
    protected abstract RawPeer connectRaw(PeerAddress address);

    /** A byte-level client, for frames no transport would send. */
    public interface RawPeer {
        /** @param bytes written as they are */
        void write(byte[] bytes);

        /** @return whether the stream is still open (the listener side has not closed it) */
        boolean isOpen();

        /** Closes it. */
        void close();
    }

    /** Creates the server and client transports and a listener. */
    @BeforeEach
    void startTransports() {
        server = track(newTransport(TransportConfig.builder(NETWORK).build()));
        client = track(newTransport(TransportConfig.builder(NETWORK).build()));
        acceptor = await(server.listen(listenAddress()));
    }

    /** Closes every transport the test made. */
    @AfterEach
    void closeTransports() {
        transports.forEach(Transport::close);
        transports.clear();
    }

    /**
     * @param transport a transport to close after the test
     * @return it
     */
    protected Transport track(Transport transport) {
        transports.add(transport);
        return transport;
    }

    @Test
    void connectAndAcceptDeliverMessagesBothWaysInOrder() {
        Pair pair = pair();
        assertThat(pair.client.isInbound()).isFalse();
        assertThat(pair.server.isInbound()).isTrue();
        assertThat(pair.client.remoteAddress().port()).isEqualTo(acceptor.localAddress().port());
        assertThat(pair.server.remoteAddress().port()).isEqualTo(pair.client.localAddress().port());
        assertThat(pair.client.network()).isEqualTo(NETWORK);
        for (int i = 0; i < 100; i++) {
            pair.client.send(new PingMessage(i));
            pair.server.send(new PingMessage(1000 + i));
        }
        awaitCondition("100 messages each way", () -> pair.serverRecorder.messages().size() == 100
                && pair.clientRecorder.messages().size() == 100);
        for (int i = 0; i < 100; i++) {
            assertThat(pair.serverRecorder.messages().get(i)).isEqualTo(new PingMessage(i));
            assertThat(pair.clientRecorder.messages().get(i)).isEqualTo(new PingMessage(1000 + i));
        }
        assertThat(pair.client.isOpen()).isTrue();
    }

    /** Loop-confined code asserts {@code inExecutor()}: it must tell the executor's thread from others. */
    @Test
    void aConnectionTellsItsExecutorsThreadFromOthers() {
        Pair pair = pair();
        assertThat(pair.client.inExecutor()).as("the test thread").isFalse();
        CompletableFuture<Boolean> onExecutor = new CompletableFuture<>();
        pair.client.executor().execute(() -> onExecutor.complete(pair.client.inExecutor()));
        assertThat(await(onExecutor)).as("a task on the connection's executor").isTrue();
    }

    @Test
    void deliversOnlyAgainstDemand() {
        Pair pair = pair(0);
        for (int i = 0; i < 3; i++) {
            await(pair.client.send(new PingMessage(i)));
        }
        settle();
        assertThat(pair.serverRecorder.messages()).isEmpty();
        request(pair.server, 1);
        awaitCondition("one message", () -> pair.serverRecorder.messages().size() == 1);
        settle();
        assertThat(pair.serverRecorder.messages()).containsExactly(new PingMessage(0));
        request(pair.server, 2);
        awaitCondition("all three", () -> pair.serverRecorder.messages().size() == 3);
    }

    @Test
    void unknownCommandsAreSkippedWithoutUsingDemand() {
        RawPeer raw = connectRaw(acceptor.localAddress());
        Connection server = await(acceptor.accept());
        Recorder recorder = attach(server, 1);
        raw.write(concat(frame("sendaddrv2", new byte[0]), frame("wtxidrelay", new byte[0]),
                encode(FrameCodec.forHandshake(NETWORK), new PingMessage(7))));
        awaitCondition("the ping", () -> recorder.messages().size() == 1);
        assertThat(recorder.messages()).containsExactly(new PingMessage(7));
        assertThat(recorder.unknown()).containsExactly("sendaddrv2", "wtxidrelay");
        assertThat(server.isOpen()).isTrue();
        assertThat(this.server.traffic().command(Traffic.OTHER))
                .hasValue(new Traffic.Command(Traffic.OTHER, 2, 48, 0, 0));
        assertThat(this.server.traffic().command("ping")).hasValue(new Traffic.Command("ping", 1, 32, 0, 0));
    }

    @Test
    void oversizedHandshakePayloadClosesWithDecodeErrorAndOthersCarryOn() {
        Pair healthy = pair();
        RawPeer raw = connectRaw(acceptor.localAddress());
        Connection server = await(acceptor.accept());
        Recorder recorder = attach(server, Long.MAX_VALUE);
        raw.write(header("ping", 1025, 0));
        CloseReason reason = await(server.closeFuture());
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.DECODE_ERROR);
        assertThat(reason.cause()).containsInstanceOf(WireFormatException.class);
        assertThat(recorder.closes()).containsExactly(reason);
        awaitCondition("the raw peer sees the close", () -> !raw.isOpen());
        healthy.client.send(new PingMessage(1));
        awaitCondition("the healthy connection still works", () -> healthy.serverRecorder.messages().size() == 1);
    }

    @Test
    void garbageClosesWithDecodeError() {
        RawPeer raw = connectRaw(acceptor.localAddress());
        Connection server = await(acceptor.accept());
        attach(server, Long.MAX_VALUE);
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        raw.write(garbage);
        CloseReason reason = await(server.closeFuture());
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.DECODE_ERROR);
        assertThat(reason.message()).contains("magic");
    }

    @Test
    void codecSwitchAppliesToTheFrameRightAfterTheHandshake() {
        RawPeer raw = connectRaw(acceptor.localAddress());
        Connection server = await(acceptor.accept());
        Message large = largeAddr(100);
        Recorder recorder = new Recorder() {
            @Override
            public void onMessage(Message message) {
                super.onMessage(message);
                if (message instanceof VerackMessage) {
                    server.completeHandshake(NEGOTIATED);
                }
            }
        };
        server.attach(recorder);
        request(server, Long.MAX_VALUE);
        // verack and a 3 kB frame in one write: the second must be decoded with the new cap.
        raw.write(concat(encode(FrameCodec.forHandshake(NETWORK), new VerackMessage()),
                encode(FrameCodec.afterHandshake(NETWORK), large)));
        awaitCondition("both messages", () -> recorder.messages().size() == 2);
        assertThat(recorder.messages()).containsExactly(new VerackMessage(), large);
        assertThat(server.isOpen()).isTrue();
    }

    @Test
    void largePayloadIsRejectedBeforeAndAcceptedAfterCompleteHandshake() {
        Pair pair = pair();
        Message large = largeAddr(100);
        assertThatThrownBy(() -> await(pair.client.send(large))).isInstanceOf(WireFormatException.class);
        pair.client.send(new PingMessage(1));
        awaitCondition("the connection survived the encode error", () -> pair.serverRecorder.messages().size() == 1);
        runOn(pair.client, () -> pair.client.completeHandshake(NEGOTIATED));
        runOn(pair.server, () -> pair.server.completeHandshake(NEGOTIATED));
        await(pair.client.send(large));
        awaitCondition("the large message", () -> pair.serverRecorder.messages().size() == 2);
        assertThat(pair.serverRecorder.messages().get(1)).isEqualTo(large);
    }

    @Test
    void closeFlushesWhatWasSentThenThePeerSeesTheClose() {
        Pair pair = pair();
        for (int i = 0; i < 50; i++) {
            pair.client.send(new PingMessage(i));
        }
        pair.client.close("done");
        CloseReason remote = await(pair.server.closeFuture());
        assertThat(pair.serverRecorder.messages()).hasSize(50);
        assertThat(remote.kind()).isEqualTo(CloseReason.Kind.REMOTE);
        CloseReason local = await(pair.client.closeFuture());
        assertThat(local.kind()).isEqualTo(CloseReason.Kind.LOCAL);
        assertThat(local.message()).isEqualTo("done");
        awaitCondition("both handlers told once", () -> pair.clientRecorder.closes().size() == 1
                && pair.serverRecorder.closes().size() == 1);
        pair.client.close("again");
        settle();
        assertThat(pair.clientRecorder.closes()).hasSize(1);
        assertThat(pair.client.isOpen()).isFalse();
    }

    @Test
    void sendAfterCloseFails() {
        Pair pair = pair();
        pair.client.close("done");
        await(pair.client.closeFuture());
        assertThatThrownBy(() -> await(pair.client.send(new PingMessage(1)))).isInstanceOf(PeerSetException.class);
    }

    @Test
    void attachReplacesTheHandlerAndAttachAfterCloseReportsTheClose() {
        Pair pair = pair(1);
        pair.client.send(new PingMessage(1));
        pair.client.send(new PingMessage(2));
        awaitCondition("first handler got one", () -> pair.serverRecorder.messages().size() == 1);
        Recorder second = new Recorder();
        runOn(pair.server, () -> {
            pair.server.attach(second);
            pair.server.request(1);
        });
        awaitCondition("second handler got the next", () -> second.messages().size() == 1);
        assertThat(second.messages()).containsExactly(new PingMessage(2));
        assertThat(pair.serverRecorder.messages()).containsExactly(new PingMessage(1));
        request(pair.server, 1); // a close is noticed while there is demand (see Connection)
        pair.client.close("bye");
        awaitCondition("second handler saw the close", () -> second.closes().size() == 1);
        assertThat(pair.serverRecorder.closes()).isEmpty();
        Recorder late = new Recorder();
        runOn(pair.server, () -> pair.server.attach(late));
        awaitCondition("a handler attached after the close hears it", () -> late.closes().size() == 1);
    }

    /**
     * A closed acceptor no longer accepts as soon as {@code close} returns (repeated: a close that only
     * started closing let a connect in now and then).
     */
    @Test
    void connectToNothingIsRefused() {
        for (int i = 0; i < 20; i++) {
            Acceptor temporary = await(server.listen(listenAddress()));
            PeerAddress address = temporary.localAddress();
            temporary.close();
            // typed (issue 14 §6): failure codes come from the reason, never from the message's words
            assertThatThrownBy(() -> await(client.connect(address, Duration.ofSeconds(3))))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.REFUSED);
                        assertThat(e.address()).isEqualTo(address);
                    }).hasMessageContaining(address.port() + "");
        }
    }

    @Test
    void listeningOnABoundAddressFailsWithAClearMessage() {
        assertThatThrownBy(() -> await(server.listen(acceptor.localAddress())))
                .isInstanceOf(PeerSetException.class).hasMessageContaining("in use");
    }

    @Test
    void closingTheAcceptorFailsAnOutstandingAcceptAndKeepsConnections() {
        Pair pair = pair();
        CompletableFuture<Connection> outstanding = acceptor.accept();
        assertThatThrownBy(acceptor::accept).isInstanceOf(IllegalStateException.class);
        acceptor.close();
        assertThatThrownBy(() -> await(outstanding)).isInstanceOf(PeerSetException.class);
        pair.client.send(new PingMessage(5));
        awaitCondition("the established connection still works", () -> pair.serverRecorder.messages().size() == 1);
    }

    @Test
    void closingTheTransportClosesItsConnections() {
        Pair pair = pair();
        client.close();
        await(pair.server.closeFuture());
        await(pair.client.closeFuture());
    }

    @Test
    void byteCountersCountFramesBothWays() {
        Pair pair = pair();
        int frames = 10;
        for (int i = 0; i < frames; i++) {
            pair.client.send(new PingMessage(i));
        }
        awaitCondition("all pings", () -> pair.serverRecorder.messages().size() == frames);
        long expected = frames * (24L + 8);
        assertThat(pair.client.bytesSent()).isEqualTo(expected);
        awaitCondition("receiver counted", () -> pair.server.bytesReceived() == expected);
        assertThat(pair.server.bytesSent()).isZero();
    }

    @Test
    void trafficIsCountedByCommandAndDirectionForEveryConnectionOfTheTransport() {
        Pair first = pair();
        Pair second = pair();
        for (int i = 0; i < 3; i++) {
            first.client.send(new PingMessage(i));
        }
        second.client.send(new VerackMessage());
        second.server.send(new PingMessage(9));
        awaitCondition("all delivered", () -> first.serverRecorder.messages().size() == 3
                && second.serverRecorder.messages().size() == 1 && second.clientRecorder.messages().size() == 1);
        awaitCondition("sender counted", () -> client.traffic().total().messagesSent() == 4);
        assertThat(client.traffic().command("ping")).hasValue(new Traffic.Command("ping", 1, 32, 3, 96));
        assertThat(client.traffic().command("verack")).hasValue(new Traffic.Command("verack", 0, 0, 1, 24));
        awaitCondition("server sent its ping", () -> server.traffic().total().messagesSent() == 1);
        assertThat(server.traffic().command("ping")).hasValue(new Traffic.Command("ping", 3, 96, 1, 32));
        assertThat(server.traffic().command("verack")).hasValue(new Traffic.Command("verack", 1, 24, 0, 0));
        Traffic.Command total = server.traffic().total();
        assertThat(total.bytesReceived()).isEqualTo(first.server.bytesReceived() + second.server.bytesReceived());
        assertThat(total.bytesSent()).isEqualTo(first.server.bytesSent() + second.server.bytesSent());
        first.client.close("done");
        await(first.server.closeFuture());
        assertThat(server.traffic().command("ping").orElseThrow().messagesReceived())
                .as("closed connections stay counted").isEqualTo(3);
    }

    @Test
    void sendsFromManyThreadsKeepEachThreadsOrder() throws InterruptedException {
        Pair pair = pair();
        int threads = 4;
        int perThread = 100;
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 10_000;
            senders.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    pair.client.send(new PingMessage(base + i));
                }
            }));
        }
        senders.forEach(Thread::start);
        for (Thread t : senders) {
            t.join(10_000);
        }
        awaitCondition("every ping", () -> pair.serverRecorder.messages().size() == threads * perThread);
        long[] last = new long[threads];
        Arrays.fill(last, -1);
        for (Message m : pair.serverRecorder.messages()) {
            long nonce = ((PingMessage) m).nonce();
            int t = (int) (nonce / 10_000);
            assertThat(nonce % 10_000).isGreaterThan(last[t]);
            last[t] = nonce % 10_000;
        }
    }

    @Test
    void writabilityFollowsTheWaterMarks() {
        Transport smallBuffers = track(newTransport(TransportConfig.builder(NETWORK)
                .writeBufferWaterMarks(32 * 1024, 64 * 1024).build()));
        Connection sender = await(smallBuffers.connect(acceptor.localAddress(), Duration.ofSeconds(3)));
        Recorder senderRecorder = attach(sender, Long.MAX_VALUE);
        Connection receiver = await(acceptor.accept());
        Recorder receiverRecorder = attach(receiver, 0);
        runOn(sender, () -> sender.completeHandshake(NEGOTIATED));
        runOn(receiver, () -> receiver.completeHandshake(NEGOTIATED));
        Message large = largeAddr(1000);
        int sent = 0;
        // The receiver reads nothing: kernel buffers (for TCP) fill, then the sender's own buffer.
        while (sender.isWritable() && sent < 4000) {
            sender.send(large);
            sent++;
            if (sent % 50 == 0) {
                settle();
            }
        }
        assertThat(sender.isWritable()).as("unwritable after %s messages of 30 kB", sent).isFalse();
        awaitCondition("the handler heard it", () -> senderRecorder.writability().contains(false));
        request(receiver, Long.MAX_VALUE);
        int total = sent;
        awaitCondition("everything delivered", () -> receiverRecorder.messages().size() == total);
        awaitCondition("writable again", () -> sender.isWritable() && senderRecorder.writability().contains(true));
    }

    // ---- helpers ----

    /** A connected pair with recorders and unbounded demand on both ends. */
    protected Pair pair() {
        return pair(Long.MAX_VALUE);
    }

    private Pair pair(long serverDemand) {
        CompletableFuture<Connection> accepted = acceptor.accept();
        Connection c = await(client.connect(acceptor.localAddress(), Duration.ofSeconds(3)));
        Connection s = await(accepted);
        return new Pair(c, attach(c, Long.MAX_VALUE), s, attach(s, serverDemand));
    }

    /** A connected pair and the recorders attached to it. */
    protected static final class Pair {
        final Connection client;
        final Recorder clientRecorder;
        final Connection server;
        final Recorder serverRecorder;

        Pair(Connection client, Recorder clientRecorder, Connection server, Recorder serverRecorder) {
            this.client = client;
            this.clientRecorder = clientRecorder;
            this.server = server;
            this.serverRecorder = serverRecorder;
        }
    }

    private Recorder attach(Connection connection, long demand) {
        Recorder recorder = new Recorder();
        connection.attach(recorder);
        if (demand > 0) {
            request(connection, demand);
        }
        return recorder;
    }

    private void request(Connection connection, long n) {
        runOn(connection, () -> connection.request(n));
    }

    private void runOn(Connection connection, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        connection.executor().execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        await(done);
    }

    /**
     * Unwraps what a future failed with, for implementations of {@link #await}.
     *
     * @param e the wrapper
     * @return the cause as an unchecked exception
     */
    protected static RuntimeException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    private static Message largeAddr(int entries) {
        List<AddressEntry> list = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            byte[] ip = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            list.add(new AddressEntry(Instant.ofEpochSecond(1_700_000_000L + i), PeerServices.NETWORK,
                    PeerAddress.of(ip, 8233)));
        }
        return new AddrMessage(list);
    }

    private static byte[] encode(FrameCodec codec, Message message) {
        ByteBuffer frame = codec.encode(message);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static byte[] frame(String command, byte[] payload) {
        byte[] header = header(command, payload.length, checksum(payload));
        return concat(header, payload);
    }

    private static byte[] header(String command, int length, int checksum) {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.putInt(NETWORK.magic());
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        b.put(name).position(16);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        b.order(ByteOrder.BIG_ENDIAN).putInt(checksum);
        return b.array();
    }

    private static int checksum(byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] twice = sha.digest(sha.digest(payload));
            return ByteBuffer.wrap(twice).order(ByteOrder.BIG_ENDIAN).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** Records what a connection delivers; safe to read from the test thread. */
    protected static class Recorder implements ConnectionHandler {
        /** An empty recorder. */
        protected Recorder() {
        }

        private final List<Message> messages = new ArrayList<>();
        private final List<String> unknown = new ArrayList<>();
        private final List<Boolean> writability = new ArrayList<>();
        private final List<CloseReason> closes = new ArrayList<>();

        @Override
        public synchronized void onMessage(Message message) {
            messages.add(message);
        }

        @Override
        public synchronized void onUnknownCommand(String command, int payloadLength) {
            unknown.add(command);
        }

        @Override
        public synchronized void onWritabilityChanged(boolean writable) {
            writability.add(writable);
        }

        @Override
        public synchronized void onClosed(CloseReason reason) {
            closes.add(reason);
        }

        synchronized List<Message> messages() {
            return List.copyOf(messages);
        }

        synchronized List<String> unknown() {
            return List.copyOf(unknown);
        }

        synchronized List<Boolean> writability() {
            return List.copyOf(writability);
        }

        synchronized List<CloseReason> closes() {
            return List.copyOf(closes);
        }
    }

    /** @return an address in the loopback range with the given port, for hooks */
    protected static PeerAddress loopback(int port) {
        return new PeerAddress(InetAddress.getLoopbackAddress(), port);
    }
}
