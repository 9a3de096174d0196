package io.peerset.transport.netty;

import io.netty.channel.ConnectTimeoutException;
import io.peerset.api.PeerSetException;
import io.peerset.wire.PeerAddress;
import java.net.BindException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns socket failures into {@link PeerSetException}s whose message is one clear line naming the
 * address ({@code "connection refused: 1.2.3.4:8233"}): the command line prints them as they are.
 * NIO and epoll word the same failure differently ({@code "Connection refused"} versus
 * {@code "finishConnect(..) failed: Connection refused"}), so the operating system's text is
 * matched loosely and the original exception is always kept as the cause.
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
    static PeerSetException connectFailed(PeerAddress address, Duration timeout, Throwable cause) {
        String what;
        if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException) {
            what = "connect timed out after " + format(timeout);
        } else if (mentions(cause, "refused")) {
            what = "connection refused";
        } else if (cause instanceof NoRouteToHostException || mentions(cause, "no route")) {
            what = "no route to host";
        } else if (mentions(cause, "unreachable")) {
            what = "network unreachable";
        } else {
            what = "connect failed (" + cause + ")";
        }
        return new PeerSetException(what + ": " + address, cause);
    }

    /**
     * @param address where the listener was to be bound
     * @param cause   Netty's failure
     * @return the error for the listen future
     */
    static PeerSetException bindFailed(PeerAddress address, Throwable cause) {
        String what;
        if (mentions(cause, "already in use")) {
            // The node's wording (DefaultNode.bindFailure), so that the transport alone says the same.
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
