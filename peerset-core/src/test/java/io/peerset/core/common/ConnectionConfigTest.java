package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionConfigTest {

    @Test
    void defaultsAreTheReferenceValues() {
        ConnectionConfig config = ConnectionConfig.defaults();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(59));
        assertThat(config.inboundServiceTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ConnectionConfig.builder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    }

    @Test
    void builderSetsAndCopies() {
        ConnectionConfig config = ConnectionConfig.builder().requestTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(2)).inboundServiceTimeout(Duration.ofSeconds(3))
                .handshakeTimeout(Duration.ofSeconds(4)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toString()).isEqualTo("ConnectionConfig[requestTimeout=PT1S, heartbeatInterval=PT2S, "
                + "inboundServiceTimeout=PT3S, handshakeTimeout=PT4S]");
        assertThat(config).isNotEqualTo(ConnectionConfig.defaults());
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThatThrownBy(() -> ConnectionConfig.builder().requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(-1)))
                .hasMessage("heartbeatInterval: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> ConnectionConfig.builder().inboundServiceTimeout(Duration.ZERO))
                .hasMessage("inboundServiceTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ConnectionConfig.builder().handshakeTimeout(Duration.ZERO))
                .hasMessage("handshakeTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ConnectionConfig.builder().handshakeTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("handshakeTimeout");
    }
}
