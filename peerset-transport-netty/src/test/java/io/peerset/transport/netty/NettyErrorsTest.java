package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.wire.PeerAddress;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One clear line per socket failure, whichever I/O implementation worded it. */
class NettyErrorsTest {

    private static final PeerAddress PEER = PeerAddress.parse("203.0.113.5:8233");

    @Test
    void connectFailuresNameTheProblemAndThePeer() {
        assertThat(connect(new ConnectException("Connection refused")).getMessage())
                .isEqualTo("connection refused: 203.0.113.5:8233");
        // Epoll's wording of the same failure.
        assertThat(connect(new ConnectException("finishConnect(..) failed: Connection refused")).getMessage())
                .isEqualTo("connection refused: 203.0.113.5:8233");
        assertThat(connect(new ConnectTimeoutException("connection timed out after 3000 ms")).getMessage())
                .isEqualTo("connect timed out after 3s: 203.0.113.5:8233");
        assertThat(connect(new NoRouteToHostException("No route to host")).getMessage())
                .isEqualTo("no route to host: 203.0.113.5:8233");
        assertThat(connect(new ConnectException("connect(..) failed: Network is unreachable")).getMessage())
                .isEqualTo("network unreachable: 203.0.113.5:8233");
        assertThat(connect(new IllegalStateException("odd")).getMessage())
                .isEqualTo("connect failed (java.lang.IllegalStateException: odd): 203.0.113.5:8233");
    }

    @Test
    void connectFailuresCarryTheirReasonAndTheirTextWithoutTheAddress() {
        assertThat(connect(new ConnectException("Connection refused")).reason()).isEqualTo(FailureReason.REFUSED);
        assertThat(connect(new ConnectTimeoutException("connection timed out after 3000 ms")).reason())
                .isEqualTo(FailureReason.TIMEOUT);
        assertThat(connect(new java.net.SocketTimeoutException("x")).reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(connect(new NoRouteToHostException("No route to host")).reason()).isEqualTo(FailureReason.UNREACHABLE);
        // the JDK reports ETIMEDOUT and ENETUNREACH with the same types as other errors: only its text tells them apart
        assertThat(connect(new ConnectException("Connection timed out")).reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(connect(new java.net.SocketException("Network is unreachable")).reason())
                .isEqualTo(FailureReason.UNREACHABLE);
        assertThat(connect(new IllegalStateException("refused, said someone")).reason()).isEqualTo(FailureReason.ERROR);
        assertThat(connect(new ConnectException("Connection refused")).detail()).isEqualTo("connection refused");
        assertThat(connect(new ConnectException("Connection refused")).address()).isEqualTo(PEER);
    }

    @Test
    void theOriginalFailureIsTheCause() {
        ConnectException refused = new ConnectException("Connection refused");
        assertThat(connect(refused)).hasCause(refused);
    }

    @Test
    void bindFailuresNameTheAddress() {
        assertThat(NettyErrors.bindFailed(PEER, new BindException("Address already in use")).getMessage())
                .isEqualTo("cannot listen on 203.0.113.5:8233: address already in use (another process holds it;"
                        + " choose another listen address)");
        assertThat(NettyErrors.bindFailed(PEER, new java.io.IOException("bind(..) failed: Address already in use"))
                .getMessage()).as("epoll's wording").isEqualTo("cannot listen on 203.0.113.5:8233: address already"
                        + " in use (another process holds it; choose another listen address)");
        assertThat(NettyErrors.bindFailed(PEER, new BindException("bind(..) failed: Cannot assign requested address"))
                .getMessage()).isEqualTo("cannot listen on 203.0.113.5:8233: address not available on this host");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(NettyErrors.format(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(NettyErrors.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    private static ConnectFailedException connect(Throwable cause) {
        return NettyErrors.connectFailed(PEER, Duration.ofSeconds(3), cause);
    }
}
