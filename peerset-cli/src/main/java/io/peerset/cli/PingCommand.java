package io.peerset.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.peerset.api.ConnectFailedException;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Checks;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.core.Providers;
import io.peerset.core.common.PeerFailures;
import io.peerset.core.common.SystemScheduler;
import io.peerset.core.connect.IsolatedConnections;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.VersionMessage;
import io.peerset.wire.WireFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerset ping}: connects to one peer as an isolated connection (reference section 6.13:
 * nothing about us is revealed, nothing is remembered), performs the handshake, pings it, asks it
 * for addresses, and reports what it learned.
 *
 * <p>Exit status: 0 when the handshake and every ping succeeded; 1 when the peer failed, with one
 * line saying why (refused, timeout, obsolete version, wrong network magic, self-connection, closed
 * by peer); 2 on usage errors. Runs on the calling thread, which blocks on the network.
 *
 * <p>The network is chosen with the shared {@link NetworkOptions} ({@code --network}, or
 * {@code --magic} with the versions and an optional {@code --default-port} for the target's port).
 */
@Command(name = "ping", sortOptions = false,
        description = {"Handshake with one Zcash peer, ping it, ask it for addresses, and report.",
                "Uses an isolated connection: services 0, no relay, both version addresses 0.0.0.0."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class PingCommand implements Callable<Integer> {

    /** Exit status when the peer fails (the usage-error status is 2). */
    static final int EXIT_PEER_FAILED = 1;

    /** The most pings one run may send: enough for statistics, too few to be a flood. */
    static final int MAX_COUNT = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]",
            description = "The peer: an IP literal ([v6]:port) or a host name; the port defaults to the network's.")
    String target;

    @ArgGroup(exclusive = true)
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--count", paramLabel = "N", defaultValue = "4",
            description = "Pings to send, one after the other (default: ${DEFAULT-VALUE}; 1..1000).")
    int count;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Budget for the connect and handshake together, and for each ping (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--addr-wait", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait for the peer's answer to getaddr (default: ${DEFAULT-VALUE}).")
    Duration addrWait;

    @Option(names = "--json", description = "Print one JSON object (with \"ok\") instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network;
        String host;
        int port;
        try {
            Checks.checkArgument(count >= 1 && count <= MAX_COUNT, "--count %s (expected: 1..%s)", count, MAX_COUNT);
            network = networkOptions.network();
            int colon = target.lastIndexOf(':');
            if (target.startsWith("[")) {
                int close = target.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(target + " (expected: [IPv6]:PORT)");
                }
                host = target.substring(1, close);
                port = close + 1 < target.length() ? port(target.substring(close + 1), target) : network.defaultPort();
            } else if (colon >= 0 && target.indexOf(':') == colon) {
                host = target.substring(0, colon);
                port = port(target.substring(colon), target);
            } else {
                host = target;
                port = network.defaultPort();
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException(target + " (expected: HOST[:PORT])");
            }
        } catch (IllegalArgumentException e) {
            err.println("peerset ping: " + e.getMessage() + " (see 'peerset ping --help')");
            return 2;
        }
        Outcome outcome = run(network, host, port);
        if (json) {
            out.println(outcome.toJson());
        } else if (outcome.failure == null) {
            out.print(outcome.toText());
        }
        if (outcome.failure != null && !json) {
            err.println("peerset ping: " + outcome.target + ": " + outcome.failure.message);
        }
        out.flush();
        err.flush();
        return outcome.failure == null ? 0 : EXIT_PEER_FAILED;
    }

    private Outcome run(Network network, String host, int port) {
        Outcome outcome = new Outcome(host + ":" + port);
        PeerAddress address;
        try {
            address = new PeerAddress(InetAddress.getByName(host), port);
            outcome.target = address.toString();
        } catch (UnknownHostException e) {
            outcome.failure = new Failure("unknown-host", "cannot resolve host " + host);
            return outcome;
        }
        TransportConfig config = TransportConfig.builder(network).ioThreads(1).build();
        SecureRandom random = new SecureRandom();
        try (SystemScheduler scheduler = new SystemScheduler();
             Transport transport = Providers.transportProvider().create(config)) {
            PeerClient client;
            try {
                client = await(IsolatedConnections.connect(transport, network, address, "", timeout, scheduler,
                        random), timeout.plusSeconds(1));
            } catch (RuntimeException e) {
                outcome.failure = Failure.of(e, timeout);
                return outcome;
            }
            try {
                outcome.info = client.info();
                for (int i = 0; i < count; i++) {
                    await(client.ready(), timeout);
                    Response.Pong r = await(client.call(new Request.Ping(random.nextLong()))
                            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS), timeout.plusSeconds(1));
                    outcome.rtts.add(r.rtt());
                }
                await(client.ready(), timeout);
                var peers = client.call(new Request.Peers());
                try {
                    Response.Peers r = await(peers, addrWait);
                    outcome.addresses = r.addresses().size();
                } catch (WaitTimedOut e) {
                    // No addr in time (zcashd answers getaddr once per connection): report none.
                    peers.cancel(true);
                    outcome.addresses = 0;
                }
            } catch (RuntimeException e) {
                outcome.failure = Failure.of(e, timeout);
            } finally {
                client.close();
            }
        }
        return outcome;
    }

    /**
     * Waits for {@code future}; a failure comes back as an unchecked exception, a wait that ran out
     * (ours, or the future's own {@code orTimeout}) as a {@link WaitTimedOut}.
     */
    private static <T> T await(CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WaitTimedOut(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerSetException("interrupted");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new WaitTimedOut(limit);
            }
            throw cause instanceof RuntimeException r ? r : new PeerSetException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /**
     * A wait of this command ran out: a {@link CompletionException} around a {@link TimeoutException},
     * so that {@link PeerFailures#reason} classifies it by type as every timeout ({@code timeout}).
     */
    static final class WaitTimedOut extends CompletionException {
        private static final long serialVersionUID = 1L;

        WaitTimedOut(Duration limit) {
            super(new TimeoutException("timed out after " + limit.toMillis() + " ms"));
        }
    }

    private static int port(String withColon, String target) {
        String digits = withColon.startsWith(":") ? withColon.substring(1) : "";
        if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65_535) {
            throw new IllegalArgumentException(target + " (expected: HOST[:PORT] with PORT in 1..65535)");
        }
        return Integer.parseInt(digits);
    }

    /**
     * Why the peer failed: the short code every peerset failure uses ({@link PeerFailures#code}, or
     * {@code unknown-host}), the handshake step when known, and one line for people.
     */
    static final class Failure {
        final String code;
        final String message;
        final Optional<HandshakeException.Step> step;

        Failure(String code, String message) {
            this(code, message, Optional.empty());
        }

        private Failure(String code, String message, Optional<HandshakeException.Step> step) {
            this.code = code;
            this.message = message;
            this.step = step;
        }

        static Failure of(Throwable error, Duration timeout) {
            Throwable e = Futures.unwrap(error);
            FailureReason reason = PeerFailures.reason(e);
            String text = String.valueOf(e.getMessage());
            WireFormatException wire = e instanceof HandshakeException.Serialization s ? s.wireError()
                    : e instanceof PeerException.Serialization s ? s.wireError() : null;
            ConnectFailedException dial = e instanceof ConnectFailedException c ? c
                    : e.getCause() instanceof ConnectFailedException c ? c : null;
            String message = switch (reason) {
                case TIMEOUT -> "timeout: no answer within " + timeout.toMillis() + " ms (" + text + ")";
                case OBSOLETE_VERSION -> e instanceof HandshakeException.ObsoleteVersion v
                        ? "obsolete version: peer runs " + v.version() + " (expected: >= " + v.minimum() + ")" : text;
                case SELF_CONNECTION -> "self-connection: the peer echoed our own nonce";
                case WRONG_MAGIC -> "wrong network magic: " + (wire != null ? wire.detail() : text);
                case PROTOCOL_ERROR -> "invalid message from peer: " + (wire != null ? wire.getMessage() : text);
                case CLOSED -> "closed by peer";
                case REFUSED -> "connection refused";
                case UNREACHABLE -> dial != null ? dial.detail() : "network unreachable: " + text;
                case ERROR -> text;
            };
            return new Failure(reason.code(), message, PeerFailures.step(e));
        }
    }

    /** What one run learned. Confined to the command's thread. */
    static final class Outcome {
        String target;
        ConnectionInfo info;
        final List<Duration> rtts = new ArrayList<>();
        int addresses;
        Failure failure;

        Outcome(String target) {
            this.target = target;
        }

        String toText() {
            VersionMessage v = info.remoteVersion();
            StringBuilder b = new StringBuilder();
            line(b, "peer", target);
            line(b, "version", Long.toString(v.version()) + " (negotiated " + info.negotiatedVersion() + ")");
            line(b, "services", v.services().bits() + " " + v.services().names());
            line(b, "user agent", v.userAgent());
            line(b, "start height", Long.toString(v.startHeight()));
            line(b, "relay", Boolean.toString(v.relay()));
            line(b, "handshake", millis(info.handshakeTime()) + " ms");
            line(b, "ping", rtts.size() + " sent, " + rtts.size() + " answered, min/avg/max = "
                    + millis(min()) + "/" + millis(avg()) + "/" + millis(max()) + " ms");
            line(b, "addresses", Integer.toString(addresses));
            return b.toString();
        }

        String toJson() {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                g.setPrettyPrinter(new MinimalPrettyPrinter(""));
                g.writeStartObject();
                g.writeBooleanField("ok", failure == null);
                g.writeStringField("peer", target);
                if (info != null) {
                    VersionMessage v = info.remoteVersion();
                    g.writeNumberField("version", v.version());
                    g.writeNumberField("negotiatedVersion", info.negotiatedVersion());
                    g.writeNumberField("services", v.services().bits());
                    g.writeArrayFieldStart("serviceNames");
                    for (String name : v.services().names()) {
                        g.writeString(name);
                    }
                    g.writeEndArray();
                    g.writeStringField("userAgent", v.userAgent());
                    g.writeNumberField("startHeight", v.startHeight());
                    g.writeBooleanField("relay", v.relay());
                    g.writeNumberField("handshakeMillis", millis(info.handshakeTime()));
                    g.writeObjectFieldStart("ping");
                    g.writeNumberField("count", rtts.size());
                    if (!rtts.isEmpty()) {
                        g.writeNumberField("minMillis", millis(min()));
                        g.writeNumberField("avgMillis", millis(avg()));
                        g.writeNumberField("maxMillis", millis(max()));
                    }
                    g.writeEndObject();
                    g.writeNumberField("addresses", addresses);
                }
                if (failure != null) {
                    g.writeStringField("error", failure.code);
                    if (failure.step.isPresent()) {
                        g.writeStringField("step", failure.step.get().code());
                    }
                    g.writeStringField("message", failure.message);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException("writing JSON to a string cannot fail", e);
            }
            return w.toString();
        }

        private Duration min() {
            return rtts.stream().min(Duration::compareTo).orElse(Duration.ZERO);
        }

        private Duration max() {
            return rtts.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        private Duration avg() {
            return rtts.isEmpty() ? Duration.ZERO
                    : Duration.ofNanos(rtts.stream().mapToLong(Duration::toNanos).sum() / rtts.size());
        }

        private static double millis(Duration d) {
            return Math.round(d.toNanos() / 1_000.0) / 1_000.0;
        }

        private static void line(StringBuilder b, String name, String value) {
            b.append(String.format(Locale.ROOT, "%-13s %s%n", name, value));
        }
    }
}
