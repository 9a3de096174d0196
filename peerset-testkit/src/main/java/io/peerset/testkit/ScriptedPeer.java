package io.peerset.testkit;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A remote peer whose behaviour a test writes: it records everything it receives, answers by
 * rules, and can run the handshake from the other side. Works on any transport's
 * {@link Connection} (in memory or TCP).
 *
 * <p>It asks for unbounded demand, so it reads everything (a well-behaved but scripted peer). A
 * silent peer is one with no rules; a lying or flooding one sends what the test tells it to.
 *
 * <p>Threading: handler calls run on the connection's executor; the query methods may be called
 * from the test thread.
 */
public final class ScriptedPeer implements ConnectionHandler {

    private final Connection connection;
    private final List<Message> received = new ArrayList<>();
    private final List<Message> unpolled = new ArrayList<>();
    private final List<String> unknownCommands = new ArrayList<>();
    private final List<Rule<?>> rules = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private VersionMessage ourVersion;
    private VersionMessage theirVersion;
    private CompletableFuture<VersionMessage> handshake;

    private ScriptedPeer(Connection connection) {
        this.connection = connection;
    }

    /**
     * Attaches a scripted peer to {@code connection} and starts reading everything.
     *
     * @param connection a connection with no handler yet
     * @return the peer
     */
    public static ScriptedPeer attach(Connection connection) {
        requireNonNull(connection, "connection");
        ScriptedPeer peer = new ScriptedPeer(connection);
        connection.attach(peer);
        connection.executor().execute(() -> connection.request(Long.MAX_VALUE));
        return peer;
    }

    /**
     * A plausible {@code version} message: current timestamp from nowhere in particular (the
     * scheduler's start), loopback addresses, user agent {@code /scripted:1.0/}, height 0, relay.
     *
     * @param network  the network (its default port goes in the addresses)
     * @param version  the protocol version to announce
     * @param nonce    the handshake nonce
     * @param services the services to announce
     * @return the message
     */
    public static VersionMessage version(Network network, long version, long nonce, PeerServices services) {
        NetworkAddress address = new NetworkAddress(services,
                new PeerAddress(InetAddress.getLoopbackAddress(), network.defaultPort()));
        return new VersionMessage(version, services, VirtualScheduler.DEFAULT_START, address, address, nonce,
                "/scripted:1.0/", 0, true);
    }

    /**
     * @param version a version message to copy
     * @param at      the timestamp to put in it
     * @return the same message with another timestamp
     */
    public static VersionMessage withTimestamp(VersionMessage version, Instant at) {
        return new VersionMessage(version.version(), version.services(), at, version.receiver(), version.sender(),
                version.nonce(), version.userAgent(), version.startHeight(), version.relay());
    }

    /** @return the connection this peer drives */
    public Connection connection() {
        return connection;
    }

    /**
     * Sends a message.
     *
     * @param message the message
     * @return the transport's send future
     */
    public CompletableFuture<Void> send(Message message) {
        return connection.send(message);
    }

    /**
     * Adds an answering rule: every later message of {@code type} is answered with what
     * {@code responder} returns (possibly nothing). Rules are tried in order; the first matching
     * type answers. Messages are recorded either way.
     *
     * @param type      the message type
     * @param responder the answers
     * @param <T>       the message type
     * @return this
     */
    public synchronized <T extends Message> ScriptedPeer respond(Class<T> type, Function<T, List<Message>> responder) {
        rules.add(new Rule<>(requireNonNull(type, "type"), requireNonNull(responder, "responder")));
        return this;
    }

    /** @return this, answering every {@code ping} with the matching {@code pong} */
    public ScriptedPeer answerPings() {
        return respond(PingMessage.class, ping -> List.of(new PongMessage(ping.nonce())));
    }

    /**
     * Runs the handshake from this side: sends {@code ours}, answers the remote {@code version} with
     * {@code verack} (also one that arrived before this call), and on the remote {@code verack}
     * switches the codec to the negotiated version.
     *
     * @param ours the version message to send
     * @return completes with the remote version once both veracks are exchanged
     */
    public CompletableFuture<VersionMessage> handshake(VersionMessage ours) {
        requireNonNull(ours, "ours");
        CompletableFuture<VersionMessage> result = new CompletableFuture<>();
        connection.executor().execute(() -> {
            boolean verackAlready = false;
            synchronized (this) {
                ourVersion = ours;
                handshake = result;
                // The remote may have spoken first: answer what already arrived.
                for (Message m : received) {
                    if (m instanceof VersionMessage v && theirVersion == null) {
                        theirVersion = v;
                    } else if (m instanceof VerackMessage && theirVersion != null) {
                        verackAlready = true;
                    }
                }
            }
            connection.send(ours);
            if (theirVersion != null) {
                connection.send(new VerackMessage());
            }
            if (verackAlready) {
                connection.completeHandshake(Math.min(ours.version(), theirVersion.version()));
                result.complete(theirVersion);
            }
        });
        return result;
    }

    /** @return every message received so far, in order */
    public synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** @return the commands of every unknown frame received so far */
    public synchronized List<String> unknownCommands() {
        return List.copyOf(unknownCommands);
    }

    /**
     * Takes the first received message of a type that no earlier {@code poll} took.
     *
     * @param type the type
     * @param <T>  the type
     * @return the message, or empty if none has arrived
     */
    public synchronized <T extends Message> Optional<T> poll(Class<T> type) {
        for (Iterator<Message> it = unpolled.iterator(); it.hasNext();) {
            Message m = it.next();
            if (type.isInstance(m)) {
                it.remove();
                return Optional.of(type.cast(m));
            }
        }
        return Optional.empty();
    }

    /** @return why the connection closed, once it has */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closed.getNow(null));
    }

    /** @return completes when the connection closes */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    @Override
    public void onMessage(Message message) {
        List<Message> answers = List.of();
        CompletableFuture<VersionMessage> completed = null;
        synchronized (this) {
            received.add(message);
            unpolled.add(message);
            if (handshake != null && !handshake.isDone()) {
                if (message instanceof VersionMessage v && theirVersion == null) {
                    theirVersion = v;
                    answers = List.of(new VerackMessage());
                } else if (message instanceof VerackMessage && theirVersion != null) {
                    connection.completeHandshake(Math.min(ourVersion.version(), theirVersion.version()));
                    completed = handshake;
                }
            } else {
                answers = answer(message);
            }
        }
        answers.forEach(connection::send);
        if (completed != null) {
            completed.complete(theirVersion);
        }
    }

    @Override
    public synchronized void onUnknownCommand(String command, int payloadLength) {
        unknownCommands.add(command);
    }

    @Override
    public void onClosed(CloseReason reason) {
        CompletableFuture<VersionMessage> pending;
        synchronized (this) {
            pending = handshake;
        }
        if (pending != null) {
            pending.completeExceptionally(new IllegalStateException("closed during the handshake: " + reason));
        }
        closed.complete(reason);
    }

    private List<Message> answer(Message message) {
        for (Rule<?> rule : rules) {
            if (rule.type.isInstance(message)) {
                return rule.apply(message);
            }
        }
        return List.of();
    }

    private static final class Rule<T extends Message> {
        final Class<T> type;
        final Function<T, List<Message>> responder;

        Rule(Class<T> type, Function<T, List<Message>> responder) {
            this.type = type;
            this.responder = responder;
        }

        List<Message> apply(Message message) {
            return List.copyOf(responder.apply(type.cast(message)));
        }
    }
}
