package io.peerset.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.api.SettingException;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.internal.IoErrors;
import io.peerset.cli.admin.AdminJson;
import io.peerset.cli.admin.AdminServer;
import io.peerset.cli.config.ConfigException;
import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.FileOptions;
import io.peerset.cli.config.LoadedConfig;
import io.peerset.cli.config.OptionText;
import io.peerset.cli.config.SocketAddresses;
import io.peerset.core.NodeBuilder;
import io.peerset.core.PeerSets;
import io.peerset.metrics.NodeMetrics;
import io.peerset.metrics.PrometheusEndpoint;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
 * Every setting of the option table ({@link FileOptions#runFlags()}) is a flag, made from its
 * declaration by {@link SettingFlags}: its name ({@code --} and the key with dashes, or the
 * declared one such as {@code --target-size}), its help, its grammar (the file's:
 * {@link OptionText}) and its range; the flags given are applied to the file's settings one by one
 * through the table ({@link #merge}), so no setting can be dropped on the way.
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
@Command(name = "run", sortOptions = false, modelTransformer = RunCommand.SettingFlags.class,
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

    @Option(names = "--json", description = "Status lines as JSON objects, one per line.")
    boolean json;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics (port 0 = any free port).")
    String metrics;

    @Option(names = "--admin", paramLabel = "[ADDR:]PORT",
            description = "Serve the admin API (peers, bans, connect, disconnect; JSON over HTTP) on ADDR:PORT, "
                    + "ADDR 127.0.0.1 by default; requests need the token of the cookie file.")
    String admin;

    @Option(names = "--admin-cookie", paramLabel = "FILE",
            description = "The admin API's cookie file, readable only by this user (default: "
                    + "<cache dir>/peerset-admin-<port>.cookie).")
    Path adminCookie;

    @Option(names = "--admin-allow-remote",
            description = "Let --admin bind an address other than loopback: the API is plain HTTP, so the "
                    + "token and every answer then cross the network unencrypted.")
    boolean adminAllowRemote;

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

    /**
     * @param text {@code PORT}, {@code ADDR}, {@code ADDR:PORT} or {@code [v6]:PORT}
     * @return the admin API's address: 127.0.0.1 unless given, {@link AdminServer#DEFAULT_PORT} unless given
     */
    static PeerAddress adminAddress(String text) {
        try {
            if (text.matches("[0-9]{1,5}")) {
                return SocketAddresses.parse("127.0.0.1:" + text, AdminServer.DEFAULT_PORT);
            }
            return SocketAddresses.parse(text, AdminServer.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--admin " + text + ": " + e.getMessage());
        }
    }

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
        PeerAddress adminAddress = null;
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
            interval = statusInterval(loaded);
            if (admin != null) {
                adminAddress = adminAddress(admin);
                if (!adminAllowRemote && !adminAddress.ip().isLoopbackAddress()) {
                    // before the node starts: a refused API must not leave a node running unreachable
                    return fail(err, "--admin " + admin + ": " + adminAddress + " is not a loopback address (expected: "
                            + "127.0.0.1 or [::1]; --admin-allow-remote binds it, and then the API is reachable "
                            + "unencrypted from the network)", EXIT_FAILED);
                }
            } else if (adminCookie != null || adminAllowRemote) {
                throw new IllegalArgumentException("--admin-cookie and --admin-allow-remote need --admin");
            }
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
                eventLog = EventLog.open(events, Clock.systemUTC());
            } catch (IOException e) {
                return fail(err, "--events " + events + ": cannot open for appending: " + IoErrors.reason(e), EXIT_FAILED);
            }
        }
        if (adminAddress != null) {
            AdminServer.boundRequestTimes(); // before any HTTP server starts (the metrics endpoint's too)
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
        AdminServer adminServer = null;
        if (adminAddress != null) {
            try {
                adminServer = AdminServer.start(adminAddress.toSocketAddress(), adminAllowRemote, adminCookie,
                        node.cacheDir(), running);
            } catch (PeerSetException e) {
                running.close();
                if (metrics != null) {
                    metrics.close();
                }
                if (endpoint != null) {
                    endpoint.close();
                }
                if (eventLog != null) {
                    eventLog.close();
                }
                return fail(err, e.getMessage(), EXIT_FAILED);
            }
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
        if (adminServer != null) {
            err.println("peerset run: admin API on http://" + PeerAddress.of(adminServer.address()) + " (cookie "
                    + adminServer.cookie() + ")");
        }
        err.flush();
        running.closeFuture().whenComplete((v, e) -> stop.complete(null));
        boolean interrupted = false;
        try {
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
                } catch (ExecutionException e) {
                    break;
                }
            }
        } finally {
            if (adminServer != null) {
                adminServer.close(); // first, whatever ended the loop: no command reaches a closing node; the cookie goes
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

    /** The flag that turns the peer cache off, beside {@code cache_dir}'s own. */
    static final String NO_CACHE = "--no-cache";

    /**
     * Applies the flags given to the file's (or the defaults') settings: each through its option,
     * parsed and checked as the file's value would be, so a setting not given keeps the file's value
     * whatever it is.
     *
     * @param base the file's settings
     * @return the settings with the flags applied
     * @throws IllegalArgumentException naming the flag, its value and what was expected
     */
    NodeConfig merge(NodeConfig base) {
        Network network = base.network();
        NodeConfig.Builder b = base.toBuilder();
        ParseResult parsed = spec.commandLine().getParseResult();
        for (ConfigOption<?> option : FileOptions.runFlags()) {
            String flag = FileOptions.flag(option);
            if (NodeOptions.settings().contains(option) && option.appliesTo(network) && parsed.hasMatchedOption(flag)) {
                apply(b, option, flag, parsed.matchedOptionValue(flag, null), network);
            }
        }
        if (parsed.hasMatchedOption(NO_CACHE)) {
            b.clear(NodeOptions.CACHE_DIR);
        }
        try {
            return b.build();
        } catch (SettingException e) {
            throw new IllegalArgumentException(FileOptions.flag(e.option()) + " " + e.problem(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FileOptions.flag(NodeOptions.WRITE_BUFFER_LOW_WATER_MARK) + " and "
                    + FileOptions.flag(NodeOptions.WRITE_BUFFER_HIGH_WATER_MARK) + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void apply(NodeConfig.Builder b, ConfigOption<T> option, String flag, Object given,
                                  Network network) {
        T value;
        if (OptionText.isNegationFlag(option)) {
            value = (T) Boolean.FALSE;
        } else if (option.kind() == ConfigOption.Kind.HOST_PORTS) {
            value = (T) List.copyOf((List<String>) given);
            option.range().problem(value).ifPresent(problem -> {
                throw new IllegalArgumentException(flag + ": " + problem);
            });
        } else {
            value = value(option, flag, (String) given, network);
        }
        try {
            b.set(option, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    /** A flag's value, read in the file's grammar and checked against the option's range. */
    private static <T> T value(ConfigOption<T> option, String flag, String text, Network network) {
        T value;
        try {
            value = OptionText.parse(option, text, network);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + text + ": " + e.getMessage());
        }
        OptionText.problem(option, value, text).ifPresent(problem -> {
            throw new IllegalArgumentException(flag + " " + problem);
        });
        return value;
    }

    /** {@code --status-interval}, else the file's {@code status_interval}. */
    private Duration statusInterval(LoadedConfig loaded) {
        String flag = FileOptions.flag(FileOptions.STATUS_INTERVAL);
        ParseResult parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption(flag)) {
            return loaded.statusInterval();
        }
        return value(FileOptions.STATUS_INTERVAL, flag, parsed.matchedOptionValue(flag, ""), loaded.node().network());
    }

    /**
     * Adds a flag for every option of {@link FileOptions#runFlags()} to the command, under a heading
     * of its own: the name, the placeholder and the help (what it does, its default and range) all
     * come from the option's declaration. Values are kept as the text given and read by
     * {@link #merge} in the file's grammar. {@code --cache-dir} and {@code --no-cache} form an
     * exclusive group. Called by picocli once per command instance.
     */
    public static final class SettingFlags implements IModelTransformer {

        /** Called by picocli. */
        public SettingFlags() {
        }

        @Override
        public CommandSpec transform(CommandSpec command) {
            ArgGroupSpec.Builder settings = ArgGroupSpec.builder().exclusive(false).validate(false)
                    .heading("%nSettings (each also a key of the configuration file, where 'peerset config' "
                            + "describes it):%n");
            Set<String> added = new HashSet<>();
            OptionSpec cacheDir = null;
            for (ConfigOption<?> option : FileOptions.runFlags()) {
                String flag = FileOptions.flag(option);
                if (!added.add(flag)) {
                    continue; // one flag for both initial peer lists
                }
                OptionSpec.Builder spec = OptionSpec.builder(flag).description(help(option));
                if (OptionText.isNegationFlag(option)) {
                    spec.arity("0").type(boolean.class);
                } else if (option.kind() == ConfigOption.Kind.HOST_PORTS) {
                    spec.arity("1").type(List.class).auxiliaryTypes(String.class)
                            .paramLabel(OptionText.paramLabel(option));
                } else {
                    spec.arity("1").type(String.class).paramLabel(OptionText.paramLabel(option));
                }
                if (option == NodeOptions.CACHE_DIR) {
                    cacheDir = spec.build();
                } else {
                    settings.addArg(spec.build());
                }
            }
            command.addArgGroup(settings.build());
            command.addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("0..1")
                    .addArg(Objects.requireNonNull(cacheDir, "cache_dir's flag"))
                    .addArg(OptionSpec.builder(NO_CACHE).arity("0").type(boolean.class)
                            .description("Read and write no peer cache (cache_dir = false).").build())
                    .build());
            return command;
        }

        /** The option's first sentence, then its key, default and range. */
        private static String help(ConfigOption<?> option) {
            String text;
            if (option.kind() == ConfigOption.Kind.HOST_PORTS) {
                text = "An initial peer or DNS seeder (host:port); repeat for more. Replaces the file's list "
                        + "(initial_mainnet_peers on Mainnet, initial_testnet_peers elsewhere).";
            } else if (OptionText.isNegationFlag(option)) {
                text = option.key() + " = false: " + firstSentence(option.doc());
            } else {
                text = firstSentence(option.doc()) + " (" + option.key() + "; default "
                        + OptionText.defaultText(option, Network.MAINNET)
                        + (OptionText.hasRange(option) ? "; " + OptionText.expected(option) : "") + ")";
            }
            return text.replace("%", "%%");
        }

        private static String firstSentence(String doc) {
            int end = doc.indexOf(". ");
            return end < 0 ? doc : doc.substring(0, end + 1);
        }
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
        return AdminJson.of(g -> {
            g.writeStartObject();
            AdminJson.statusFields(g, s);
            g.writeEndObject();
        });
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
        return AdminJson.stateName(state);
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
