package io.peerset.transport.netty;

import io.netty.channel.ConnectTimeoutException;
import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.PeerSetException;
import io.peerset.wire.PeerAddress;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns socket failures into {@link PeerSetException}s whose message is one clear line naming the
 * address ({@code "connection refused: 1.2.3.4:8233"}): the command line prints them as they are.
 * A failed connect becomes a {@link ConnectFailedException} whose {@link FailureReason} is decided
 * here, once, so that nothing downstream reads message text to classify it (issue 14).
 *
 * <p>The reason comes from the exception's type where the JDK or Netty gives one
 * ({@link ConnectTimeoutException}, {@link SocketTimeoutException}, {@link NoRouteToHostException},
 * {@link ConnectException}). The JDK reports some errors only as text — {@code ETIMEDOUT} is a
 * {@code ConnectException("Connection timed out")}, {@code ENETUNREACH} a
 * {@code SocketException("Network is unreachable")} with NIO — and NIO and epoll word the same
 * failure differently ({@code "Connection refused"} versus
 * {@code "finishConnect(..) failed: Connection refused"}), so within a type the operating system's
 * text is matched loosely: this is the one place where text is read. The original exception is
 * always kept as the cause.
 */
final class NettyErrors {

    private NettyErrors() {
    }

    /**
     * @param address where the connect went
     * @param timeout the connect timeout, for the message when it expired
     * @param cause   Netty's failure
     * @return the error for the connect future
     */
    static ConnectFailedException connectFailed(PeerAddress address, Duration timeout, Throwable cause) {
        boolean socketError = cause instanceof SocketException;
        if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException
                || (cause instanceof ConnectException && mentions(cause, "timed out"))) {
            return new ConnectFailedException(address, FailureReason.TIMEOUT,
                    "connect timed out after " + format(timeout), cause);
        }
        if (cause instanceof NoRouteToHostException || (socketError && mentions(cause, "no route"))) {
            return new ConnectFailedException(address, FailureReason.UNREACHABLE, "no route to host", cause);
        }
        if (socketError && mentions(cause, "unreachable")) {
            return new ConnectFailedException(address, FailureReason.UNREACHABLE, "network unreachable", cause);
        }
        if (cause instanceof ConnectException) {
            // ECONNREFUSED, and what else the JDK files under it (ENOTCONN): the peer did not take it
            return new ConnectFailedException(address, FailureReason.REFUSED, "connection refused", cause);
        }
        return new ConnectFailedException(address, FailureReason.ERROR, "connect failed (" + cause + ")", cause);
    }

    /**
     * @param address where the listener was to be bound
     * @param cause   Netty's failure
     * @return the error for the listen future
     */
    static PeerSetException bindFailed(PeerAddress address, Throwable cause) {
        String what;
        if (mentions(cause, "already in use")) {
            // The node's wording (NodeStartup.bindFailure), so that the transport alone says the same.
            what = "address already in use (another process holds it; choose another listen address)";
        } else if (mentions(cause, "cannot assign requested address")) {
            what = "address not available on this host";
        } else if (mentions(cause, "permission denied")) {
            what = "permission denied (ports below 1024 need privileges)";
        } else if (cause instanceof BindException) {
            what = "cannot bind (" + cause.getMessage() + ")";
        } else {
            what = "cannot bind (" + cause + ")";
        }
        return new PeerSetException("cannot listen on " + address + ": " + what, cause);
    }

    /** @return {@code "3s"} for whole seconds, else {@code "1500ms"} */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static boolean mentions(Throwable error, String text) {
        String message = error.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(text);
    }
}
