package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * A {@link io.peerset.api.spi.Transport#connect transport} could not open a connection: the peer it
 * tried, why as a {@link FailureReason} ({@link #reason()}: {@code TIMEOUT}, {@code REFUSED},
 * {@code UNREACHABLE} or {@code ERROR}), and a short text for people. Transports decide the reason
 * once, where the operating system's error is at hand, so that everything downstream (handshake
 * failure events, {@code peerset crawl}, {@code peerset ping}, metrics) classifies the failure by
 * this type and never by the words of a message.
 *
 * <p>{@link #getMessage()} is {@code "DETAIL: ADDRESS"}, for example
 * {@code "connection refused: 203.0.113.5:8233"}, with the address unredacted, as the command line
 * prints it; code that logs at info level or above uses {@link #detail()} with a redacted address.
 *
 * <p>Immutable once thrown; safe to hand to other threads through a future.
 */
public final class ConnectFailedException extends PeerSetException {
    private static final long serialVersionUID = 1L;

    /** The reasons a connect can fail with. */
    private static final Set<FailureReason> CONNECT_REASONS = EnumSet.of(FailureReason.TIMEOUT,
            FailureReason.REFUSED, FailureReason.UNREACHABLE, FailureReason.ERROR);

    private final transient PeerAddress address;
    private final FailureReason reason;
    private final String detail;

    /**
     * @param address the peer the connect went to
     * @param reason  why: {@code TIMEOUT}, {@code REFUSED}, {@code UNREACHABLE} or {@code ERROR}
     * @param detail  what happened, without the address, e.g. {@code "connection refused"}
     */
    public ConnectFailedException(PeerAddress address, FailureReason reason, String detail) {
        this(address, reason, detail, null);
    }

    /**
     * @param address the peer the connect went to
     * @param reason  why: {@code TIMEOUT}, {@code REFUSED}, {@code UNREACHABLE} or {@code ERROR}
     * @param detail  what happened, without the address, e.g. {@code "connection refused"}
     * @param cause   the operating system's or the I/O library's error
     */
    public ConnectFailedException(PeerAddress address, FailureReason reason, String detail, Throwable cause) {
        super(requireNonNull(detail, "detail") + ": " + requireNonNull(address, "address"), cause);
        requireNonNull(reason, "reason");
        Checks.checkArgument(CONNECT_REASONS.contains(reason),
                "reason: %s (expected: timeout, refused, unreachable or error)", reason.code());
        this.address = address;
        this.reason = reason;
        this.detail = detail;
    }

    /** @return the peer the connect went to */
    public PeerAddress address() {
        return address;
    }

    /** @return why the connect failed */
    public FailureReason reason() {
        return reason;
    }

    /** @return what happened, without the address */
    public String detail() {
        return detail;
    }
}
