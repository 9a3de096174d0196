package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetException;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.WireFormatException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Issue 14 §6: failures are classified by their type and typed reason, never by the words of their message. */
class PeerFailuresTest {

    private static final PeerAddress PEER = PeerAddress.parse("203.0.113.5:8233");
    private static final WireFormatException MAGIC = new WireFormatException("frame", "magic", 0,
            "fabfb5da (expected: 24e92764)");
    private static final WireFormatException BAD = new WireFormatException("getblocks", "locator count", 24,
            "102 (expected: <= 101)");

    @Test
    void handshakeFailuresByType() {
        assertThat(PeerFailures.reason(new HandshakeException.Timeout("no verack within PT3S"))).isEqualTo(FailureReason.TIMEOUT);
        assertThat(PeerFailures.reason(new HandshakeException.ObsoleteVersion(170_100, 170_150)))
                .isEqualTo(FailureReason.OBSOLETE_VERSION);
        assertThat(PeerFailures.reason(new HandshakeException.RemoteNonceReuse("x"))).isEqualTo(FailureReason.SELF_CONNECTION);
        assertThat(PeerFailures.reason(new HandshakeException.Serialization(MAGIC))).isEqualTo(FailureReason.WRONG_MAGIC);
        assertThat(PeerFailures.reason(new HandshakeException.Serialization(BAD))).isEqualTo(FailureReason.PROTOCOL_ERROR);
        assertThat(PeerFailures.reason(new HandshakeException.UnexpectedMessage("x"))).isEqualTo(FailureReason.PROTOCOL_ERROR);
        assertThat(PeerFailures.reason(new HandshakeException.ConnectionClosed("x"))).isEqualTo(FailureReason.CLOSED);
        assertThat(PeerFailures.reason(new HandshakeException.MissingRequiredServices(PeerServices.NONE)))
                .isEqualTo(FailureReason.ERROR);
        // an I/O error ended the stream: closed, as for an established connection (CloseReason IO_ERROR)
        assertThat(PeerFailures.reason(new HandshakeException.Io("reset", new IOException("Connection reset by peer"))))
                .isEqualTo(FailureReason.CLOSED);
    }

    @Test
    void aDialFailureIsTheTransportsReason() {
        for (FailureReason r : new FailureReason[] {FailureReason.TIMEOUT, FailureReason.REFUSED,
                FailureReason.UNREACHABLE, FailureReason.ERROR}) {
            ConnectFailedException dial = new ConnectFailedException(PEER, r, "whatever the OS said");
            assertThat(PeerFailures.reason(dial)).isEqualTo(r);
            assertThat(PeerFailures.reason(new HandshakeException.Io("could not connect", dial)
                    .atStep(HandshakeException.Step.CONNECT))).isEqualTo(r);
        }
    }

    @Test
    void theWordsOfAMessageDecideNothing() {
        assertThat(PeerFailures.reason(new PeerSetException("connection refused: 1.2.3.4:8233"))).isEqualTo(FailureReason.ERROR);
        assertThat(PeerFailures.reason(new PeerSetException("timed out after 5000 ms"))).isEqualTo(FailureReason.ERROR);
        assertThat(PeerFailures.reason(new HandshakeException.Io("network unreachable", new IllegalStateException("no route"))))
                .isEqualTo(FailureReason.ERROR);
        assertThat(PeerFailures.reason(new ConnectFailedException(PEER, FailureReason.UNREACHABLE, "timed out, refused")))
                .isEqualTo(FailureReason.UNREACHABLE);
    }

    @Test
    void connectionFailuresByType() {
        assertThat(PeerFailures.reason(new PeerException.ConnectionReceiveTimeout())).isEqualTo(FailureReason.TIMEOUT);
        assertThat(PeerFailures.reason(new PeerException.ConnectionSendTimeout())).isEqualTo(FailureReason.TIMEOUT);
        assertThat(PeerFailures.reason(new TimeoutException("no answer within 5000 ms"))).isEqualTo(FailureReason.TIMEOUT);
        assertThat(PeerFailures.reason(new PeerException.ConnectionClosed(new IOException("reset")))).isEqualTo(FailureReason.CLOSED);
        assertThat(PeerFailures.reason(new PeerException.Serialization(BAD))).isEqualTo(FailureReason.PROTOCOL_ERROR);
        assertThat(PeerFailures.reason(new PeerException.Serialization(MAGIC))).isEqualTo(FailureReason.WRONG_MAGIC);
        assertThat(PeerFailures.reason(new PeerException.DuplicateHandshake())).isEqualTo(FailureReason.PROTOCOL_ERROR);
        assertThat(PeerFailures.reason(new PeerException.HeartbeatTaskExited("ping failed"))).isEqualTo(FailureReason.ERROR);
    }

    @Test
    void completionWrappersAreUnwrapped() {
        assertThat(PeerFailures.reason(new CompletionException(new ExecutionException(
                new HandshakeException.Timeout("x"))))).isEqualTo(FailureReason.TIMEOUT);
    }
}
