package io.peerset.core.peer;

import io.peerset.core.common.CoreConstants;
import org.slf4j.MDC;

/**
 * Puts a peer into the SLF4J MDC (key {@value CoreConstants#MDC_PEER_KEY}) for the duration of one
 * event, restoring what was there before: executors are shared by many connections, and one
 * connection's callback may run inside another's.
 *
 * <p>The value is the redacted address ({@code v4redacted:8233}), because log patterns print the
 * MDC at every level and peer IPs must not appear at info and above (reference section 8, #36).
 */
final class MdcScope implements AutoCloseable {

    private final String previous;

    private MdcScope(String value) {
        this.previous = MDC.get(CoreConstants.MDC_PEER_KEY);
        MDC.put(CoreConstants.MDC_PEER_KEY, value);
    }

    static MdcScope peer(String redactedAddress) {
        return new MdcScope(redactedAddress);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(CoreConstants.MDC_PEER_KEY);
        } else {
            MDC.put(CoreConstants.MDC_PEER_KEY, previous);
        }
    }
}
