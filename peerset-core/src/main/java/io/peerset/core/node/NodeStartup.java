package io.peerset.core.node;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Acceptor;
import io.peerset.core.node.DefaultNode.Parts;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting a node (reference section 1.4, first step): the listener is bound before anything else,
 * so that a busy port is one clear error and nothing is left running; then the node is assembled,
 * handed to the caller's hook (listeners registered there see every event), and begun. A start
 * that fails or is abandoned releases the transport and the runtime.
 *
 * <p>Stateless and thread-safe.
 */
public final class NodeStartup {

    /** How long a blocking start waits for the transport to bind the listener. */
    public static final Duration BIND_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(NodeStartup.class);

    private NodeStartup() {
    }

    /**
     * Binds the listener, then assembles and starts everything else.
     *
     * @param parts   the configuration and the implementations
     * @param runtime time, randomness and the threads (owned: released when the node closes)
     * @return completes with the running node once the listener is bound; exceptionally with a
     *         {@link PeerSetException} naming the address if it cannot be bound (the transport and
     *         the runtime are then closed)
     */
    public static CompletableFuture<DefaultNode> start(Parts parts, NodeRuntime runtime) {
        return start(parts, runtime, node -> { });
    }

    /**
     * Binds the listener, assembles the node, hands it to {@code beforeBegin}, then starts
     * everything else: listeners added in {@code beforeBegin} see every event, from the first
     * candidate on.
     *
     * @param parts       the configuration and the implementations
     * @param runtime     time, randomness and the threads (owned: released when the node closes)
     * @param beforeBegin called once with the assembled node, before it accepts, dials or crawls;
     *                    if it throws, the node is shut down and the future fails with that error
     * @return as {@link #start(DefaultNode.Parts, NodeRuntime)}
     */
    public static CompletableFuture<DefaultNode> start(Parts parts, NodeRuntime runtime,
                                                       Consumer<? super DefaultNode> beforeBegin) {
        requireNonNull(parts, "parts");
        requireNonNull(runtime, "runtime");
        requireNonNull(beforeBegin, "beforeBegin");
        NodeConfig config = parts.config();
        PeerAddress listen = config.listenAddress();
        if (listen.port() != 0 && !config.network().isValidListenerPort(listen.port())) {
            log.warn("node: listening on port {}, which is another network's default port (expected for {}: {})",
                    listen.port(), config.network().name(), config.network().defaultPort());
        }
        CompletableFuture<Acceptor> binding;
        try {
            binding = parts.transport().listen(listen);
        } catch (RuntimeException e) {
            binding = CompletableFuture.failedFuture(e);
        }
        return binding.handle((acceptor, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                parts.transport().close();
                runtime.close();
                throw new PeerSetException(bindFailure(listen, cause), cause);
            }
            DefaultNode node;
            try {
                node = new DefaultNode(parts, runtime, acceptor);
            } catch (RuntimeException e) {
                acceptor.close();
                parts.transport().close();
                runtime.close();
                throw e;
            }
            try {
                beforeBegin.accept(node);
                node.begin();
            } catch (RuntimeException e) {
                node.shutdown(e);
                throw e;
            }
            return node;
        });
    }

    /**
     * Starts a node and waits for its listener.
     *
     * @param parts   the configuration and the implementations
     * @param runtime time, randomness and threads that run without the caller (not virtual time)
     * @return the running node
     * @throws PeerSetException if the listener cannot be bound (for example, the port is in use)
     */
    public static DefaultNode startAndWait(Parts parts, NodeRuntime runtime) {
        return startAndWait(parts, runtime, node -> { });
    }

    /**
     * Starts a node, with a hook before it begins, and waits for its listener.
     *
     * @param parts       the configuration and the implementations
     * @param runtime     time, randomness and threads that run without the caller (not virtual time)
     * @param beforeBegin see {@link #start(DefaultNode.Parts, NodeRuntime, java.util.function.Consumer)}
     * @return the running node
     * @throws PeerSetException if the listener cannot be bound (for example, the port is in use)
     */
    public static DefaultNode startAndWait(Parts parts, NodeRuntime runtime,
                                           Consumer<? super DefaultNode> beforeBegin) {
        CompletableFuture<DefaultNode> starting = start(parts, runtime, beforeBegin);
        try {
            return starting.get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PeerSetException("node: start failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            abandon(starting, parts, runtime);
            throw new PeerSetException("cannot listen on " + parts.config().listenAddress() + ": not bound within "
                    + BIND_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(starting, parts, runtime);
            throw new PeerSetException("node: interrupted while starting");
        }
    }

    /** A start nobody waits for any more: release everything now, and shut a late node down without waiting. */
    private static void abandon(CompletableFuture<DefaultNode> starting, Parts parts, NodeRuntime runtime) {
        starting.thenAccept(node -> node.shutdown(null));
        parts.transport().close();
        runtime.close();
    }

    /** Why a busy listen address cannot be bound, and what to do, after {@code "cannot listen on ADDR: "}. */
    static final String ADDRESS_IN_USE = "address already in use (another process holds it; choose another listen"
            + " address)";

    /**
     * One line, one hint: a busy port reads the same whatever the transport's wording (the JDK's,
     * epoll's or the transport's own, which may carry a hint of its own).
     */
    static String bindFailure(PeerAddress address, Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        String prefix = "cannot listen on " + address + ": ";
        if (text.toLowerCase(Locale.ROOT).contains("in use")) {
            return prefix + ADDRESS_IN_USE;
        }
        return text.startsWith("cannot listen on ") ? text : prefix + text; // transports often name it
    }
}
