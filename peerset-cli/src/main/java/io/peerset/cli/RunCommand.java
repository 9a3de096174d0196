package io.peerset.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.internal.IoErrors;
import io.peerset.cli.config.ConfigException;
import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.LoadedConfig;
import io.peerset.cli.config.SocketAddresses;
import io.peerset.core.NodeBuilder;
import io.peerset.core.PeerSets;
import io.peerset.metrics.NodeMetrics;
import io.peerset.metrics.PrometheusEndpoint;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code peerset run}: starts a node (reference section 1.4) and keeps it running until SIGINT or
 * SIGTERM, printing a status line every interval.
 *
 * <p>Settings come from the defaults, then the file given with {@code --config} (a zebrad.toml,
 * read as {@code peerset config --file} reads it), then the flags, each overriding the one before.
 * The network is set in one place: the network options and {@code --config} are refused together.
 *
 * <p>Output: one human line on standard error once the listener is bound (network, address,
 * target); then every {@code --status-interval} the status on standard output: on a terminal (and
 * without {@code --json} or {@code --plain}) one line redrawn in place, a bar of connected peers
 * against the target with the counts; otherwise one status line per interval — human, or with
 * {@code --json} one JSON object per line with the fields {@code outbound}, {@code inbound},
 * {@code ready}, {@code addressBook} (counts by state: {@code connected}, {@code never-connected},
 * {@code connecting}, {@code failed}) and {@code handshakes} ({@code {"ok":N,"failed":N}}); a last
 * status line after shutdown. Logs go to standard error. With {@code --events FILE} the node's
 * events are appended to FILE as JSON lines ({@link EventLog}).
 *
 * <p>Exit status: 0 after SIGINT or SIGTERM once the node has shut down in order (the peer cache
 * written); 1 if the configuration cannot be used, the listener cannot be bound (one line naming
 * the address and the likely cause), or the node stopped on its own; 2 on usage errors.
 *
 * <p>Threading: the calling thread starts the node, prints the status lines and closes the node; the
 * signal handlers ({@link StopSignals}) only wake it.
 */
@Command(name = "run", sortOptions = false,
        description = {"Run a node: listen, find peers (DNS seeders, configured peers, the peer cache, gossip) "
                + "and keep the target number of outbound peers connected, until SIGINT or SIGTERM."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class RunCommand implements Callable<Integer> {

    /** Exit status when the node cannot start or stops on its own (the usage-error status is 2). */
    static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--config", paramLabel = "FILE", description = "A zebrad.toml or peerset configuration file.")
    Path config;

    @ArgGroup(exclusive = true)
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
            description = "Where to listen (listen_addr's forms; port 0 = any free port).")
    String listen;

    @Option(names = "--peer", paramLabel = "HOST:PORT",
            description = "An initial peer or DNS seeder; repeat for more. Replaces the file's list.")
    List<String> peers;

    @Option(names = "--no-dns", description = "Do not resolve seeder names (dial only IP literals and the cache).")
    boolean noDns;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", description = "The DNS server to resolve seeders with.")
    String dnsServer;

    @ArgGroup(exclusive = true)
    CacheOptions cache;

    /** {@code --cache-dir} or {@code --no-cache}, not both. */
    static final class CacheOptions {
        @Option(names = "--cache-dir", paramLabel = "DIR", description = "The peer cache directory.")
        Path dir;

        @Option(names = "--no-cache", description = "Read and write no peer cache.")
        boolean none;
    }

    @Option(names = "--target-size", paramLabel = "N",
            description = "Outbound peers to keep (peerset_initial_target_size, 1..10000).")
    Integer targetSize;

    @Option(names = "--status-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between status lines (1s..24h; default 10s).")
    Duration statusInterval;

    @Option(names = "--json", description = "Status lines as JSON objects, one per line.")
    boolean json;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (port 0 = any free port).")
    String metrics;

    @Option(names = "--events", paramLabel = "FILE",
            description = "Append the node's events (peers added, refused and removed with their reasons, failed "
                    + "handshakes, address-book changes, bans, demand) to FILE, one JSON object per line.")
    Path events;

    @Option(names = "--log-ips", description = "Show peer IP addresses in logs (redacted by default).")
    boolean logIps;

    @Option(names = "--plain", description = "Status as plain lines even on a terminal.")
    boolean plain;

    /** Width of the live status line's bar (connected peers against the target). */
    static final int BAR_WIDTH = 20;

    /** The default metrics port when --metrics gives a bare IP: zebrad's metrics endpoint port. */
    static final int DEFAULT_METRICS_PORT = 9999;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        NodeConfig node;
        Duration interval;
        PeerAddress metricsAddress = null;
        try {
            loaded = load();
            node = merge(loaded.node());
            if (metrics != null) {
                try {
                    metricsAddress = SocketAddresses.parse(metrics, DEFAULT_METRICS_PORT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--metrics " + metrics + ": " + e.getMessage());
                }
            }
            interval = statusInterval != null ? checkInterval(statusInterval) : loaded.statusInterval();
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage() + " (see 'peerset run --help')", spec.exitCodeOnInvalidInput());
        } catch (ConfigException e) {
            return fail(err, e.getMessage(), EXIT_FAILED);
        }
        if (logIps) {
            PeerAddress.showInLogs(true);
        }
        EventLog eventLog = null;
        if (events != null) {
            try {
                eventLog = EventLog.open(events, java.time.Clock.systemUTC());
            } catch (IOException e) {
                return fail(err, "--events " + events + ": cannot open for appending: " + IoErrors.reason(e), EXIT_FAILED);
            }
        }
        boolean live = !json && !plain && DemoCommand.isTerminal();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        StopSignals.trigger.accept(() -> stop.complete(null));
        // The metrics endpoint binds before the node starts: a busy metrics port is refused before
        // anything runs. The node's meters and the event log listen from before the node begins,
        // so they see every event.
        PrometheusMeterRegistry registry = null;
        PrometheusEndpoint endpoint = null;
        if (metricsAddress != null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try {
                endpoint = PrometheusEndpoint.start(metricsAddress.toSocketAddress(), registry);
            } catch (PeerSetException e) {
                if (eventLog != null) {
                    eventLog.close();
                }
                return fail(err, IoErrors.addressInUse(e) ? busyPort("serve metrics on", metricsAddress, "--metrics")
                        : e.getMessage(), EXIT_FAILED);
            }
        }
        NodeBuilder builder = PeerSets.nodeBuilder(node);
        NodeMetrics metrics = registry == null ? null : NodeMetrics.create(registry);
        if (metrics != null) {
            builder.listener(metrics.listener()).nodeListener(metrics.nodeListener());
        }
        if (eventLog != null) {
            eventLog.listenTo(builder);
        }
        PeerSetNode running;
        try {
            running = builder.start();
        } catch (PeerSetException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            if (eventLog != null) {
                eventLog.close();
            }
            return fail(err, IoErrors.addressInUse(e) ? busyPort("listen on", node.listenAddress(), "--listen")
                    : e.getMessage(), EXIT_FAILED);
        }
        if (eventLog != null) {
            eventLog.start(running);
        }
        if (metrics != null) {
            metrics.attach(running);
        }
        err.println("peerset run: " + node.network().name() + " node listening on " + running.localAddress()
                + ", keeping " + node.peerSet().initialTargetSize() + " outbound peers; SIGINT or SIGTERM to stop");
        AutoCloseable metricsHandle = () -> { };
        if (endpoint != null) {
            PrometheusEndpoint served = endpoint;
            NodeMetrics metricsBinding = metrics;
            metricsHandle = () -> {
                served.close();
                metricsBinding.close();
            };
            err.println("peerset run: metrics on http://" + PeerAddress.of(served.address()) + PrometheusEndpoint.PATH);
        }
        err.flush();
        running.closeFuture().whenComplete((v, e) -> stop.complete(null));
        boolean interrupted = false;
        while (!stop.isDone()) {
            try {
                stop.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (live) {
                    out.print("\r\033[2K" + liveLine(running.status(), node.peerSet().initialTargetSize()));
                    out.flush();
                } else {
                    print(out, running.status());
                }
            } catch (InterruptedException e) {
                interrupted = true; // restored after close(), which must be able to wait
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        boolean failed = running.closeFuture().isCompletedExceptionally();
        try {
            metricsHandle.close();
        } catch (Exception e) {
            err.println("peerset run: closing the metrics endpoint failed: " + e.getMessage());
        }
        if (live) {
            out.println();
        }
        running.close();
        if (eventLog != null) {
            eventLog.close(); // after the node: its shutdown (peers closed) is recorded too
            if (eventLog.failure().isPresent()) {
                err.println("peerset run: writing " + events + " failed: " + IoErrors.reason(eventLog.failure().get()));
            } else if (eventLog.dropped() > 0) {
                err.println("peerset run: " + eventLog.dropped() + " event(s) dropped (the file could not keep up)");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        print(out, running.status());
        failed |= running.closeFuture().isCompletedExceptionally();
        if (!running.closeFuture().isDone()) {
            return fail(err, "the node did not finish shutting down in time (the peer cache may be stale)",
                    EXIT_FAILED);
        }
        if (failed) {
            Throwable cause = running.closeFuture().handle((v, e) -> e).join();
            return fail(err, "the node stopped on its own: " + (cause.getCause() != null ? cause.getCause().getMessage()
                    : cause.getMessage()), EXIT_FAILED);
        }
        err.println("peerset run: stopped");
        err.flush();
        return 0;
    }

    private LoadedConfig load() {
        if (config == null) {
            return ConfigLoader.defaults(networkOptions.network());
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : new String[] {"--network", "--magic"}) {
            if (parsed.hasMatchedOption(option)) {
                throw new IllegalArgumentException("--config and " + option
                        + " cannot be combined (expected: the network set in the file)");
            }
        }
        return ConfigLoader.load(config);
    }

    /** Applies the flags to the file's (or the defaults') settings. */
    NodeConfig merge(NodeConfig base) {
        Network network = base.network();
        NodeConfig.Builder b = base.toBuilder();
        if (listen != null) {
            try {
                b.listenAddress(SocketAddresses.parse(listen, network.defaultPort()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--listen " + listen + ": " + e.getMessage());
            }
        }
        if (peers != null) {
            try {
                b.initialPeers(peers);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--peer: " + e.getMessage());
            }
        }
        if (noDns) {
            b.dnsSeeding(false);
        }
        if (dnsServer != null) {
            PeerAddress server;
            try {
                server = SocketAddresses.parse(dnsServer, 53);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dns-server " + dnsServer + ": " + e.getMessage());
            }
            b.dnsServer(new InetSocketAddress(server.ip(), server.port()));
        }
        if (cache != null && cache.dir != null) {
            b.cacheDir(cache.dir);
        } else if (cache != null && cache.none) {
            b.noCache();
        }
        if (targetSize != null) {
            if (targetSize < 1 || targetSize > 10_000) {
                throw new IllegalArgumentException("--target-size " + targetSize + " (expected: 1..10000)");
            }
            PeerSetConfig old = base.peerSet();
            b.peerSet(PeerSetConfig.builder(network).initialTargetSize(targetSize)
                    .maxConnectionsPerIp(old.maxConnectionsPerIp()).requestQueueCapacity(old.requestQueueCapacity())
                    .readyTimeout(old.readyTimeout()).build());
        }
        return b.build();
    }

    private static Duration checkInterval(Duration d) {
        if (d.compareTo(LoadedConfig.MIN_STATUS_INTERVAL) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("--status-interval " + d.toMillis() + "ms (expected: 1s..24h)");
        }
        return d;
    }

    private void print(PrintWriter out, NodeStatus status) {
        out.println(json ? jsonLine(status) : humanLine(status));
        out.flush();
    }

    /**
     * @param s a status
     * @return one JSON object: {@code outbound}, {@code inbound}, {@code ready}, {@code addressBook}
     *         (counts by state, named as in {@link #stateName}), {@code handshakes} ({@code ok}, {@code failed})
     */
    static String jsonLine(NodeStatus s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("outbound", s.outbound());
            g.writeNumberField("inbound", s.inbound());
            g.writeNumberField("ready", s.ready());
            g.writeObjectFieldStart("addressBook");
            for (PeerAddrState state : PeerAddrState.values()) {
                g.writeNumberField(stateName(state), s.addressBook().getOrDefault(state, 0));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("handshakes");
            g.writeNumberField("ok", s.handshakesOk());
            g.writeNumberField("failed", s.handshakesFailed());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * The live status on a terminal, redrawn in place: a bar of connected peers (either direction)
     * against the target, then the counts.
     *
     * @param s      a status
     * @param target the outbound target
     * @return one line without a line break, e.g.
     *         {@code [########------------] 10/25 peers (8 out, 2 in, 9 ready) | 240 addresses | handshakes 14 ok, 5 failed}
     */
    static String liveLine(NodeStatus s, int target) {
        int peers = s.peerSet().total();
        int filled = target <= 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, (long) peers * BAR_WIDTH / target);
        int addresses = s.addressBook().values().stream().mapToInt(Integer::intValue).sum();
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + peers + "/" + target + " peers ("
                + s.outbound() + " out, " + s.inbound() + " in, " + s.ready() + " ready) | " + addresses
                + " addresses | handshakes " + s.handshakesOk() + " ok, " + s.handshakesFailed() + " failed";
    }

    /**
     * @param s a status
     * @return one human line, e.g. {@code peers: 3 outbound, 1 inbound, 4 ready | addresses: 12 connected,
     *         240 never connected, 1 connecting, 5 failed | handshakes: 14 ok, 5 failed}
     */
    static String humanLine(NodeStatus s) {
        List<String> book = new ArrayList<>();
        for (PeerAddrState state : PeerAddrState.values()) {
            book.add(s.addressBook().getOrDefault(state, 0) + " " + stateName(state).replace('-', ' '));
        }
        return "peers: " + s.outbound() + " outbound, " + s.inbound() + " inbound, " + s.ready() + " ready"
                + " | addresses: " + String.join(", ", book)
                + " | handshakes: " + s.handshakesOk() + " ok, " + s.handshakesFailed() + " failed";
    }

    /**
     * @param state a record state
     * @return its name in output, its {@link PeerAddrState#code() code}: {@code connected},
     *         {@code never-connected}, {@code failed}, {@code connecting}
     */
    static String stateName(PeerAddrState state) {
        return state.code();
    }

    /**
     * A busy port, for the node's listener and the metrics endpoint alike: one line in one wording,
     * naming the option that moves it (the libraries' own messages cannot know the option).
     *
     * @param what    {@code "listen on"} or {@code "serve metrics on"}
     * @param address the address asked for
     * @param option  the option that chooses another
     */
    static String busyPort(String what, PeerAddress address, String option) {
        return "cannot " + what + " " + address + ": address already in use (another process holds it; choose"
                + " another with " + option + ")";
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("peerset run: " + message);
        err.flush();
        return code;
    }
}
