package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.HandshakeException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@code peerset ping}'s failure lines: the shared codes, the step, a message for people. */
class PingFailureTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void aConnectTimeoutKeepsItsStepAndSaysHowLongItWaited() {
        PingCommand.Failure f = PingCommand.Failure.of(new CompletionException(
                new HandshakeException.Timeout("outbound peer v4redacted:8233: could not connect within PT0.5S")
                        .atStep(HandshakeException.Step.CONNECT)), TIMEOUT);
        assertThat(f.code).isEqualTo("timeout");
        assertThat(f.step).hasValue(HandshakeException.Step.CONNECT);
        assertThat(f.message).startsWith("timeout: no answer within 500 ms (");
    }

    @Test
    void anObsoletePeerIsNamedWithItsVersion() {
        PingCommand.Failure f = PingCommand.Failure.of(new HandshakeException.ObsoleteVersion(170_100, 170_150)
                .atStep(HandshakeException.Step.VERSION), TIMEOUT);
        assertThat(f.code).isEqualTo("obsolete-version");
        assertThat(f.message).isEqualTo("obsolete version: peer runs 170100 (expected: >= 170150)");
        assertThat(f.step).hasValue(HandshakeException.Step.VERSION);
    }

    @Test
    void anythingElseIsTheSharedErrorCodeWithItsMessage() {
        PingCommand.Failure f = PingCommand.Failure.of(new IOException("disk on fire"), TIMEOUT);
        assertThat(f.code).isEqualTo("error");
        assertThat(f.message).isEqualTo("disk on fire");
        assertThat(f.step).isEmpty();
        // by type, not by the words of a message (issue 14 §6)
        assertThat(PingCommand.Failure.of(new IOException("Connection refused"), TIMEOUT).code).isEqualTo("error");
        PingCommand.Failure refused = PingCommand.Failure.of(new io.peerset.api.HandshakeException.Io("could not connect",
                new io.peerset.api.ConnectFailedException(io.peerset.wire.PeerAddress.parse("203.0.113.5:8233"),
                        io.peerset.api.FailureReason.REFUSED, "connection refused")), TIMEOUT);
        assertThat(refused.code).isEqualTo("refused");
        assertThat(refused.message).isEqualTo("connection refused");
    }
}
