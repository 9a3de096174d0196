package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.epoll.Epoll;
import io.peerset.api.PeerSetException;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Netty transport over real sockets, on 127.0.0.1 only, with ephemeral ports. Tests that
 * exercise the I/O path run once with epoll (when this JVM can load it) and once with NIO.
 */
class NettyTransportIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final PeerAddress LOOPBACK_ANY_PORT = PeerAddress.parse("127.0.0.1:0");

    private final List<Transport> transports = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        transports.forEach(Transport::close);
        for (AutoCloseable socket : sockets) {
            socket.close();
        }
    }

    private Transport transport(boolean preferNative) {
        return transport(TransportConfig.builder(Network.MAINNET).ioThreads(2).preferNative(preferNative).build());
    }

    private Transport transport(TransportConfig config) {
        Transport transport = new NettyTransportProvider().create(config);
        transports.add(transport);
        return transport;
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A connected pair on {@code transport}: [0] the dialer's side, [1] the acceptor's side. */
    private static Connection[] connectedPair(Transport transport) throws Exception {
        Acceptor acceptor = get(transport.listen(LOOPBACK_ANY_PORT));
        CompletableFuture<Connection> accepted = acceptor.accept();
        Connection client = get(transport.connect(acceptor.localAddress(), TIMEOUT));
        return new Connection[] {client, get(accepted)};
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = {true, false})
    void messagesFlowBothWaysInOrder(boolean preferNative) throws Exception {
        Transport transport = transport(preferNative);
        Acceptor acceptor = get(transport.listen(LOOPBACK_ANY_PORT));
        assertThat(acceptor.localAddress().port()).isPositive();
        CompletableFuture<Connection> accepted = acceptor.accept();
        Connection client = get(transport.connect(acceptor.localAddress(), TIMEOUT));
        Connection server = get(accepted);

        assertThat(client.isInbound()).isFalse();
        assertThat(server.isInbound()).isTrue();
        assertThat(client.remoteAddress()).isEqualTo(acceptor.localAddress());
        assertThat(server.remoteAddress()).isEqualTo(client.localAddress());
        assertThat(server.localAddress()).isEqualTo(acceptor.localAddress());
        assertThat(client.network()).isEqualTo(Network.MAINNET);

        RecordingHandler atServer = new RecordingHandler();
        RecordingHandler atClient = new RecordingHandler();
        server.attach(atServer);
        client.attach(atClient);
        server.executor().execute(() -> server.request(Long.MAX_VALUE));
        client.executor().execute(() -> client.request(Long.MAX_VALUE));

        List<Message> pings = IntStream.range(0, 200).mapToObj(i -> (Message) new PingMessage(i)).toList();
        List<Message> pongs = IntStream.range(0, 200).mapToObj(i -> (Message) new PongMessage(i)).toList();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        pings.forEach(m -> sends.add(client.send(m)));
        pongs.forEach(m -> sends.add(server.send(m)));

        await().atMost(TIMEOUT).until(() -> atServer.messages.size() == pings.size() && atClient.messages.size() == pongs.size());
        assertThat(atServer.messages).isEqualTo(pings);
        assertThat(atClient.messages).isEqualTo(pongs);
        assertThat(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))).succeedsWithin(TIMEOUT);

        long frameBytes = 200L * Frames.encode(new PingMessage(0)).length;
        assertThat(client.bytesSent()).isEqualTo(frameBytes);
        assertThat(server.bytesSent()).isEqualTo(frameBytes);
        assertThat(server.bytesReceived()).isEqualTo(frameBytes);
        assertThat(client.bytesReceived()).isEqualTo(frameBytes);
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = {true, false})
    void closeFlushesPendingSendsBeforeThePeerSeesTheClose(boolean preferNative) throws Exception {
        Connection[] pair = connectedPair(transport(preferNative));
        Connection client = pair[0];
        Connection server = pair[1];
        RecordingHandler atServer = new RecordingHandler();
        RecordingHandler atClient = new RecordingHandler();
        server.attach(atServer);
        client.attach(atClient);

        // About 500 KB: more than the socket buffers take at once, so most of it is still queued
        // when close is called.
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Message inv = Frames.inv(27);
            sent.add(inv);
            client.send(inv);
        }
        client.close("done sending");
        server.executor().execute(() -> server.request(Long.MAX_VALUE));

        await().atMost(TIMEOUT).until(() -> !atServer.closes.isEmpty());
        assertThat(atServer.messagesWhenClosed).isEqualTo(sent.size());
        assertThat(atServer.messages).isEqualTo(sent);
        assertThat(atServer.closes).singleElement()
                .satisfies(reason -> assertThat(reason.kind()).isEqualTo(CloseReason.Kind.REMOTE));
        await().atMost(TIMEOUT).until(() -> !atClient.closes.isEmpty());
        assertThat(atClient.closes).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(reason.message()).isEqualTo("done sending");
        });
        assertThat(client.closeFuture()).isCompletedWithValue(atClient.closes.get(0));
        assertThat(client.isOpen()).isFalse();
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = {true, false})
    void demandOfOneAtATimeReceivesEverything(boolean preferNative) throws Exception {
        Connection[] pair = connectedPair(transport(preferNative));
        Connection client = pair[0];
        Connection server = pair[1];
        // Each message asks for the next one, from inside the handler, as a handshake does.
        RecordingHandler atServer = new RecordingHandler(m -> server.request(1));
        server.attach(atServer);
        List<Message> pings = IntStream.range(0, 300).mapToObj(i -> (Message) new PingMessage(i)).toList();
        pings.forEach(client::send);
        get(client.send(new PongMessage(0)));

        server.executor().execute(() -> server.request(1));

        await().atMost(TIMEOUT).until(() -> atServer.messages.size() == pings.size() + 1);
        assertThat(atServer.messages.subList(0, pings.size())).isEqualTo(pings);
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = {true, false})
    void remoteCloseIsReportedAfterTheMessagesSentBeforeIt(boolean preferNative) throws Exception {
        Connection[] pair = connectedPair(transport(preferNative));
        Connection client = pair[0];
        Connection server = pair[1];
        List<Message> pings = IntStream.range(0, 20).mapToObj(i -> (Message) new PingMessage(i)).toList();
        pings.forEach(client::send);
        client.close("sent all");
        assertThat(client.closeFuture()).succeedsWithin(TIMEOUT);

        // Only now does the receiving side ask for anything, one message at a time.
        RecordingHandler atServer = new RecordingHandler(m -> server.request(1));
        server.attach(atServer);
        server.executor().execute(() -> server.request(1));

        await().atMost(TIMEOUT).until(() -> !atServer.closes.isEmpty());
        assertThat(atServer.messages).isEqualTo(pings);
        assertThat(atServer.messagesWhenClosed).isEqualTo(pings.size());
        assertThat(atServer.closes.get(0).kind()).isEqualTo(CloseReason.Kind.REMOTE);
    }

    /** The shared executor is one of the I/O threads, always the same, runs tasks in order, and is gone once closed. */
    @Test
    void theSharedExecutorIsAnIoThreadUntilTheTransportCloses() throws Exception {
        Transport transport = transport(true);
        Executor shared = transport.sharedExecutor().orElseThrow();
        assertThat(transport.sharedExecutor()).as("always the same loop").containsSame(shared);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            shared.execute(() -> ran.add(n + " " + Thread.currentThread().getName()));
        }
        shared.execute(() -> done.complete(null));
        get(done);
        assertThat(ran).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ran.get(i)).startsWith(i + " " + NettyTransportConstants.THREAD_NAME_PREFIX);
        }
        transport.close();
        assertThat(transport.sharedExecutor()).isEmpty();
    }

    @Test
    void sendAfterCloseFailsNamingThePeer() throws Exception {
        Connection client = connectedPair(transport(true))[0];
        client.close("bye");

        assertThatThrownBy(() -> client.send(new PingMessage(1)).join())
                .hasCauseInstanceOf(PeerSetException.class)
                .hasMessageContaining(client.remoteAddress().toString());
    }

    @Test
    void refusedConnectNamesThePeer() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        PeerAddress nobody = PeerAddress.parse("127.0.0.1:" + port);

        CompletableFuture<Connection> connect = transport(true).connect(nobody, TIMEOUT);

        assertThatThrownBy(() -> get(connect)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PeerSetException.class)
                .hasMessage("connection refused: 127.0.0.1:" + port)
                .cause().isNotNull();
    }

    @Test
    void connectTimesOutWithTheLimitInTheMessage() throws Exception {
        // A listener that never accepts, with the smallest backlog: once its queue is full the
        // kernel drops further SYNs, so the next connect can only time out.
        ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(silent);
        PeerAddress target = PeerAddress.parse("127.0.0.1:" + silent.getLocalPort());
        Transport transport = transport(true);
        Duration timeout = Duration.ofMillis(300);

        Throwable failure = null;
        for (int attempt = 0; attempt < 8 && failure == null; attempt++) {
            try {
                transport.connect(target, timeout).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        }

        assertThat(failure).isInstanceOf(PeerSetException.class)
                .hasMessage("connect timed out after 300ms: " + target)
                .hasCauseInstanceOf(io.netty.channel.ConnectTimeoutException.class);
    }

    @Test
    void bindConflictSaysAddressAlreadyInUse() throws Exception {
        Transport transport = transport(true);
        Acceptor first = get(transport.listen(LOOPBACK_ANY_PORT));

        CompletableFuture<Acceptor> second = transport.listen(first.localAddress());

        assertThatThrownBy(() -> get(second)).cause().isInstanceOf(PeerSetException.class)
                .hasMessageStartingWith("cannot listen on " + first.localAddress() + ": address already in use")
                .hasMessageNotContaining("\n");
    }

    @Test
    void connectionsNotAskedForWaitInTheBacklog() throws Exception {
        Transport transport = transport(true);
        Acceptor acceptor = get(transport.listen(LOOPBACK_ANY_PORT));
        List<Connection> dialed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dialed.add(get(transport.connect(acceptor.localAddress(), TIMEOUT)));
        }

        List<PeerAddress> acceptedFrom = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acceptedFrom.add(get(acceptor.accept()).remoteAddress());
        }

        assertThat(acceptedFrom).containsExactlyInAnyOrderElementsOf(dialed.stream().map(Connection::localAddress).toList());
    }

    @Test
    void onlyOneAcceptMayBeOutstanding() throws Exception {
        Acceptor acceptor = get(transport(true).listen(LOOPBACK_ANY_PORT));
        acceptor.accept();

        assertThatThrownBy(acceptor::accept).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheAcceptorFailsTheAcceptAndKeepsConnections() throws Exception {
        Transport transport = transport(true);
        Acceptor acceptor = get(transport.listen(LOOPBACK_ANY_PORT));
        CompletableFuture<Connection> accepted = acceptor.accept();
        Connection client = get(transport.connect(acceptor.localAddress(), TIMEOUT));
        Connection server = get(accepted);
        CompletableFuture<Connection> outstanding = acceptor.accept();

        acceptor.close();

        assertThatThrownBy(() -> get(outstanding)).cause().isInstanceOf(PeerSetException.class)
                .hasMessageContaining(acceptor.localAddress().toString());
        assertThatThrownBy(() -> get(acceptor.accept())).cause().isInstanceOf(PeerSetException.class);
        RecordingHandler atServer = new RecordingHandler();
        server.attach(atServer);
        server.executor().execute(() -> server.request(1));
        get(client.send(new PingMessage(42)));
        await().atMost(TIMEOUT).until(() -> atServer.messages.equals(List.of(new PingMessage(42))));
        assertThat(server.isOpen()).isTrue();
    }

    @Test
    void writabilityFollowsTheConfiguredWaterMarks() throws Exception {
        Transport transport = transport(TransportConfig.builder(Network.MAINNET).ioThreads(1)
                .writeBufferWaterMarks(1024, 2048).build());
        Connection[] pair = connectedPair(transport);
        Connection client = pair[0];
        RecordingHandler atClient = new RecordingHandler();
        client.attach(atClient);
        client.executor().execute(() -> client.completeHandshake(170_100));

        get(client.send(Frames.inv(1_000))); // 36 KB: above the high mark until written

        await().atMost(TIMEOUT).until(() -> atClient.writabilityChanges.equals(List.of(false, true)));
        assertThat(client.isWritable()).isTrue();
    }

    @Test
    void closingTheTransportClosesItsConnections() throws Exception {
        Transport serverSide = transport(true);
        Transport clientSide = transport(true);
        Acceptor acceptor = get(serverSide.listen(LOOPBACK_ANY_PORT));
        CompletableFuture<Connection> accepted = acceptor.accept();
        Connection client = get(clientSide.connect(acceptor.localAddress(), TIMEOUT));
        Connection server = get(accepted);
        RecordingHandler atClient = new RecordingHandler();
        client.attach(atClient);
        client.executor().execute(() -> client.request(1));

        serverSide.close();

        assertThat(server.closeFuture()).succeedsWithin(TIMEOUT)
                .satisfies(reason -> assertThat(reason.message()).isEqualTo("transport closed"));
        await().atMost(TIMEOUT).until(() -> !atClient.closes.isEmpty());
        assertThat(atClient.closes.get(0).kind()).isEqualTo(CloseReason.Kind.REMOTE);
        assertThatThrownBy(() -> get(serverSide.listen(LOOPBACK_ANY_PORT))).cause().isInstanceOf(PeerSetException.class);
        assertThatThrownBy(() -> get(serverSide.connect(acceptor.localAddress(), TIMEOUT))).cause()
                .isInstanceOf(PeerSetException.class);
        serverSide.close(); // idempotent
    }

    @Test
    void createStartsNoThreadUntilFirstUseAndCloseStopsThem() throws Exception {
        // an earlier test's transport may still be stopping its threads (asynchronously, on a busy machine)
        await().atMost(TIMEOUT).until(() -> ioThreads() == 0);
        Transport transport = transport(false);
        assertThat(ioThreads()).isZero();

        get(transport.listen(LOOPBACK_ANY_PORT));
        assertThat(ioThreads()).isPositive();

        transport.close();
        await().atMost(TIMEOUT).until(() -> ioThreads() == 0);
    }

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(NettyTransportConstants.THREAD_NAME_PREFIX))
                .count();
    }

    @Test
    void nameSaysWhichIoImplementationRuns() {
        assertThat(transport(false).name()).isEqualTo("netty-nio");
        assertThat(transport(true).name()).isEqualTo(Epoll.isAvailable() ? "netty-epoll" : "netty-nio");
    }

    @Test
    void connectRefusesANonPositiveTimeout() {
        Transport transport = transport(true);
        assertThatThrownBy(() -> transport.connect(LOOPBACK_ANY_PORT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: PT0S (expected: > 0)");
    }

    @Test
    void serviceLoaderFindsTheProviderByName() throws IOException {
        // Tests run inside this module, which (rightly) does not declare `uses`: add it for the lookup.
        NettyTransportIntegrationTest.class.getModule().addUses(TransportProvider.class);

        TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("netty"))
                .findFirst().orElseThrow();

        assertThat(provider).isInstanceOf(NettyTransportProvider.class);
        assertThat(provider.priority()).isEqualTo(100);
        Transport transport = provider.create(TransportConfig.builder(Network.MAINNET).build());
        transports.add(transport);
        assertThat(transport.name()).startsWith("netty-");
    }

    @Test
    void closedTransportRefusesWorkWithoutEverStarting() throws TimeoutException {
        Transport transport = transport(true);
        transport.close();

        assertThatThrownBy(() -> get(transport.listen(LOOPBACK_ANY_PORT))).cause()
                .isInstanceOf(PeerSetException.class).hasMessageContaining("closed");
    }
}
