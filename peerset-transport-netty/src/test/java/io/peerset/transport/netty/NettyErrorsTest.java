package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.peerset.api.PeerSetException;
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

    private static PeerSetException connect(Throwable cause) {
        return NettyErrors.connectFailed(PEER, Duration.ofSeconds(3), cause);
    }
}
