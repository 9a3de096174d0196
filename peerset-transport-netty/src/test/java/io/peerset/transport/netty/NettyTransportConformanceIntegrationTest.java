package io.peerset.transport.netty;

import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.testkit.TransportConformanceSuite;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The transport conformance suite of {@code peerset-testkit} on the Netty transport, over real
 * sockets on 127.0.0.1 (with whichever I/O implementation this JVM can load; the provider's own
 * integration test covers NIO and epoll explicitly).
 */
class NettyTransportConformanceIntegrationTest extends TransportConformanceSuite {

    /** Real time a hook may wait before it declares the wait hopeless. */
    private static final Duration HOOK_BUDGET = Duration.ofSeconds(10);

    /** A pause long enough for loopback deliveries in flight to land. */
    private static final Duration SETTLE_TIME = Duration.ofMillis(100);

    /** How long {@link RawPeer#isOpen()} listens for the end of the stream. */
    private static final int RAW_POLL_MILLIS = 10;

    @Override
    protected Transport newTransport(TransportConfig config) {
        return new NettyTransportProvider().create(config);
    }

    @Override
    protected PeerAddress listenAddress() {
        return loopback(0);
    }

    @Override
    protected <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(HOOK_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within " + HOOK_BUDGET, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    protected void awaitCondition(String description, BooleanSupplier condition) {
        try {
            Awaitility.await(description).atMost(HOOK_BUDGET).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("never happened within " + HOOK_BUDGET + ": " + description, e);
        }
    }

    @Override
    protected void settle() {
        // Nothing to poll for: the point is that something does NOT happen in this time.
        Awaitility.await().pollDelay(SETTLE_TIME).atMost(SETTLE_TIME.multipliedBy(2)).until(() -> true);
    }

    @Override
    protected RawPeer connectRaw(PeerAddress address) {
        try {
            Socket socket = new Socket(address.ip(), address.port());
            socket.setTcpNoDelay(true);
            return new SocketPeer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("raw connect to " + address, e);
        }
    }

    /** A plain blocking socket: it writes whatever bytes a test needs, valid or not. */
    private static final class SocketPeer implements RawPeer {
        private final Socket socket;
        private boolean endSeen;

        SocketPeer(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void write(byte[] bytes) {
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized boolean isOpen() {
            if (endSeen || socket.isClosed()) {
                return false;
            }
            try {
                // The listener side sends nothing in these tests: a read only ever ends in the
                // end of the stream (closed), a reset (closed) or the poll timeout (open).
                socket.setSoTimeout(RAW_POLL_MILLIS);
                InputStream in = socket.getInputStream();
                endSeen = in.read() < 0;
            } catch (SocketTimeoutException e) {
                return true;
            } catch (IOException e) {
                endSeen = true;
            }
            return !endSeen;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
