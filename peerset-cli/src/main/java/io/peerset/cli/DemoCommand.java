package io.peerset.cli;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Checks;
import io.peerset.cli.DemoOutput.NodeRow;
import io.peerset.cli.DemoOutput.Settings;
import io.peerset.cli.DemoOutput.StoppedBy;
import io.peerset.cli.DemoOutput.Summary;
import io.peerset.core.PeerSets;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.Console;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerset demo}: starts N real nodes in this process — real TCP on 127.0.0.1 ephemeral
 * ports, the Regtest network — where only the first node is configured in the others, so the rest
 * must find each other through gossip (the crawler's {@code getaddr}); shows them converge, and
 * reports how long every node took to reach its target.
 *
 * <p>Simulation settings (one line on standard error says so): the nodes run with a 2 s crawl
 * interval, a 1 s crawl rate limit (the reference's 61 s and 31 s would take minutes), an accept
 * pause of 100 ms (the reference's 1 s would time out the joiners' handshakes when they all dial the
 * first node at once), a per-IP limit of {@code 2 × nodes + 10} (every node shares one IP), no peer
 * cache and no DNS. Nodes start one at a time, {@value #START_SPACING_MS} ms plus a seeded jitter of
 * up to {@value #MAX_START_JITTER_MS} ms apart, so the joiners' first dials to node 0 do not queue
 * behind its accept pause.
 *
 * <p>Target: {@code --target}, by default {@link #defaultTarget} — 4, or half the nodes if fewer,
 * raised to {@code ceil((nodes - 1) / 5)} beyond 21 nodes, because node 0 accepts at most
 * 5 × target inbound peers and a joiner it turns away knows no other node (a smaller explicit
 * target is allowed, with a warning on standard error).
 *
 * <p>A node has reached its target when its peer set holds at least {@code --target} peers in
 * either direction ({@code status().peerSet().total()}): with every node on one IP the first nodes'
 * peers are mostly inbound, so outbound peers alone would never reach it there. The time is
 * measured from the start of the demo (just before the first node starts) to the first sample, every
 * 100 ms, that sees it.
 *
 * <p>Requests: every 100 ms the demo picks a node (with the seed) that has a ready peer and fewer
 * than {@value #MAX_IN_FLIGHT} requests of its own in flight, and sends a real
 * {@link Request.MempoolTransactionIds} ({@code mempool} on the wire) through its peer set, which
 * routes it to one of its peers. "Requests served" counts, per node, the remote requests its
 * inbound service answered (with an empty transaction list): the demo's {@code mempool} requests.
 * {@code getaddr} and {@code ping} are answered inside peerset and are not counted.
 *
 * <p>End: as soon as every node has reached its target the demo runs one settle second more
 * (so the table shows the settled network), then stops; otherwise it stops at {@code --duration}.
 * SIGINT or SIGTERM stop it at once. Every node is then closed (in parallel, bounded) and the summary
 * printed: human lines on standard output, or with {@code --json} one JSON object
 * ({@link DemoOutput#summaryJson}).
 *
 * <p>Display: on a terminal (see {@link #isTerminal()}), and without {@code --json} or
 * {@code --plain}, a live table (one line per node) is redrawn in place every 500 ms with ANSI
 * cursor-up and clear-line; otherwise one plain progress line per second for the whole network
 * ({@link DemoOutput#progressLine}), on standard output — or on standard error with {@code --json},
 * so that standard output holds the JSON object only. Log lines (warnings only, by default) go to
 * standard error; one printed on the terminal while the table is live shifts the next frame down.
 *
 * <p>Seed: {@code --seed} (default random, and printed) drives only the demo's own choices — the
 * joiners' start jitter and which node sends each request. The nodes' own randomness is
 * {@link SecureRandom} and they run over real TCP in real time, so a seed does not make a run
 * repeatable.
 *
 * <p>Exit status: 0 if every node reached its target; 1 otherwise (or if a node could not start or
 * stopped on its own); {@value #EXIT_INTERRUPTED} after SIGINT or SIGTERM; 2 on usage errors.
 *
 * <p>Threading: the calling thread starts the nodes, samples them, prints and closes them; the
 * signal handlers ({@link StopSignals}) only wake it; the nodes' inbound services (on their I/O
 * threads) only increment counters.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Start N real nodes on 127.0.0.1 (Regtest, real TCP) that know only the first node, "
                + "show them find each other by gossip, and report how long each took to reach its target. "
                + "Uses accelerated simulation settings; needs no Internet."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class DemoCommand implements Callable<Integer> {

    /** Exit status when some node did not reach its target (the usage-error status is 2). */
    static final int EXIT_FAILED = 1;

    /** Exit status after SIGINT or SIGTERM (128 + SIGINT, the shell's convention). */
    static final int EXIT_INTERRUPTED = 130;

    static final int MIN_NODES = 2;
    static final int MAX_NODES = 64;
    static final Duration MIN_DURATION = Duration.ofSeconds(1);
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    /** The default target (see {@link #defaultTarget}): small, so a dozen nodes converge in seconds. */
    static final int DEFAULT_TARGET = 4;

    /** How often nodes are sampled (the resolution of the reported times) and a request is sent. */
    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);

    /** How often the live table is redrawn. */
    static final Duration TABLE_INTERVAL = Duration.ofMillis(500);

    /** How often a plain progress line is printed. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(1);

    /** After every node reached its target, the demo runs this much longer before it stops. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /** Requests one node may have in flight: the demo shows traffic, it does not load-test. */
    static final int MAX_IN_FLIGHT = 2;

    /**
     * The least time between two nodes' starts: a little more than the accept pause, so the joiners'
     * first dials, all to node 0, do not queue in its backlog (a dial queued longer than the 3 s
     * handshake timeout fails, and a joiner that knows only node 0 then waits 119 s to retry).
     */
    static final long START_SPACING_MS = 120;

    /** The most a start is delayed beyond {@link #START_SPACING_MS} (seeded jitter). */
    static final int MAX_START_JITTER_MS = 30;

    /** How long closing every node may take in total. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    static final Duration CRAWL_INTERVAL = Duration.ofSeconds(2);
    static final Duration CRAWL_RATE_LIMIT = Duration.ofSeconds(1);
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);
    static final Duration REJECT_PAUSE = Duration.ofMillis(10);

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes to start (2..64; default 12).")
    int nodes = 12;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest run (1s..10m; default 30s); the demo ends earlier once every node reached its target.")
    Duration duration = Duration.ofSeconds(30);

    @Option(names = "--target", paramLabel = "N",
            description = "Peers (either direction) each node must reach (1..nodes-1; default 4, or nodes/2 if fewer, "
                    + "raised to ceil((nodes-1)/5) so that node 0 can accept every joiner).")
    Integer target;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the demo's own choices (start jitter, request senders); default random.")
    Long seed;

    @Option(names = "--json", description = "Print the summary as one JSON object on standard output.")
    boolean json;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal (no live table).")
    boolean plain;

    /**
     * A node of the demo, with the counters its inbound service and the requests keep. The calling
     * thread owns every field except {@link #served} and {@link #inFlight}, which the node's I/O
     * threads update.
     */
    private static final class DemoNode {
        final int index;
        final AtomicLong served = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        PeerSetNode node;
        String address = "-";
        long reachedAfterMs = -1;
        Optional<String> error = Optional.empty();
        NodeRow last;

        DemoNode(int index) {
            this.index = index;
        }

        /** Answers the demo's {@code mempool} requests with an empty list and counts them; nothing else. */
        CompletableFuture<Response> serve(Request<?> request, ConnectionInfo peer) {
            if (request instanceof Request.MempoolTransactionIds) {
                served.incrementAndGet();
                return CompletableFuture.completedFuture(new Response.TransactionIds(List.of()));
            }
            return CompletableFuture.completedFuture(new Response.Nil());
        }
    }

    /** Lines the live table's last frame printed (the next frame goes up over them). */
    private int drawnLines;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int targetSize;
        try {
            targetSize = validate();
        } catch (IllegalArgumentException e) {
            err.println("peerset demo: " + e.getMessage() + " (see 'peerset demo --help')");
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        long demoSeed = seed != null ? seed : new SecureRandom().nextLong();
        SplittableRandom random = new SplittableRandom(demoSeed);
        Settings settings = new Settings(Network.REGTEST.name(), CRAWL_INTERVAL.toMillis(), CRAWL_RATE_LIMIT.toMillis(),
                ACCEPT_PAUSE.toMillis(), REJECT_PAUSE.toMillis(), maxConnectionsPerIp(nodes));
        err.println(DemoOutput.settingsLine(nodes, targetSize, demoSeed, settings));
        if (targetSize < minTargetForAllJoiners(nodes)) {
            err.println("peerset demo: warning: with --target " + targetSize + " node 0 accepts at most "
                    + targetSize * PeerSetConstants.INBOUND_PEER_LIMIT_MULTIPLIER + " inbound peers; joiners it "
                    + "turns away know no other node and retry only after 119s (use --target "
                    + minTargetForAllJoiners(nodes) + " or more)");
        }
        err.flush();
        boolean live = !json && !plain && isTerminal();
        PrintWriter progress = json ? err : out;

        CompletableFuture<Void> stop = new CompletableFuture<>();
        StopSignals.trigger.accept(() -> stop.complete(null));
        AtomicLong sent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<DemoNode> demo = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            demo.add(new DemoNode(i));
        }
        long t0 = System.nanoTime();
        StoppedBy stoppedBy = StoppedBy.DURATION;
        Summary summary;
        try {
            stoppedBy = observe(demo, targetSize, random, stop, t0, live, progress, sent, answered);
        } finally {
            long endMs = elapsedMs(t0);
            sample(demo, targetSize, endMs);
            if (live) { // the last frame, before closing (closing nodes may log on the same terminal)
                List<String> frame = new ArrayList<>();
                frame.add(DemoOutput.title(endMs, targetSize, rows(demo)));
                frame.addAll(DemoOutput.table(rows(demo)));
                out.print(DemoOutput.redraw(drawnLines, frame));
                out.flush();
            }
            closeAll(demo, err);
            summary = new Summary(targetSize, demoSeed, duration.toMillis(), endMs, stoppedBy, settings,
                    sent.get(), answered.get(), rows(demo));
            if (json) {
                out.println(DemoOutput.summaryJson(summary));
            } else {
                if (!live) {
                    DemoOutput.table(summary.rows()).forEach(out::println);
                }
                DemoOutput.summaryLines(summary).forEach(out::println);
            }
            out.flush();
            err.flush();
        }
        if (stoppedBy == StoppedBy.INTERRUPT) {
            return EXIT_INTERRUPTED;
        }
        return summary.allReachedTarget() ? 0 : EXIT_FAILED;
    }

    /**
     * Checks the options.
     *
     * @return the target size
     * @throws IllegalArgumentException with one line naming the option and its range
     */
    int validate() {
        Checks.checkArgument(nodes >= MIN_NODES && nodes <= MAX_NODES, "--nodes %s (expected: %s..%s)", nodes,
                MIN_NODES, MAX_NODES);
        Checks.checkArgument(duration.compareTo(MIN_DURATION) >= 0 && duration.compareTo(MAX_DURATION) <= 0,
                "--duration %sms (expected: 1s..10m)", duration.toMillis());
        int t = target != null ? target : defaultTarget(nodes);
        Checks.checkArgument(t >= 1 && t <= nodes - 1, "--target %s (expected: 1..%s with %s nodes)", t, nodes - 1,
                nodes);
        return t;
    }

    /**
     * The default target: {@value #DEFAULT_TARGET}, or half the nodes if that is fewer (so that the
     * network need not become almost complete: with 6 nodes a target of 4 means 4 of the 5 others,
     * which takes twice as long as 3), and raised where node 0 could not otherwise accept every
     * joiner: a node accepts at most {@code 5 × target} inbound peers (the reference's inbound limit),
     * and a joiner that knows only node 0 and finds it full waits 119 s before it retries.
     *
     * @param nodes node count, &gt;= 2
     * @return {@code max(min(4, max(1, nodes / 2)), ceil((nodes - 1) / 5))}
     */
    static int defaultTarget(int nodes) {
        return Math.max(Math.min(DEFAULT_TARGET, Math.max(1, nodes / 2)), minTargetForAllJoiners(nodes));
    }

    /** @return the least target whose inbound limit ({@code 5 × target}) admits every joiner at node 0 */
    static int minTargetForAllJoiners(int nodes) {
        int multiplier = PeerSetConstants.INBOUND_PEER_LIMIT_MULTIPLIER;
        return (nodes - 1 + multiplier - 1) / multiplier;
    }

    /** @return the per-IP limit: every node shares 127.0.0.1, so each may connect to all others both ways */
    static int maxConnectionsPerIp(int nodes) {
        return 2 * nodes + 10;
    }

    /**
     * @param nodes      node count
     * @param targetSize peers to reach
     * @param peers      the initial peers ({@code host:port})
     * @return one demo node's configuration
     */
    static NodeConfig config(int nodes, int targetSize, List<String> peers) {
        Network network = Network.REGTEST;
        return NodeConfig.builder(network).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(peers)
                .peerSet(PeerSetConfig.builder(network).initialTargetSize(targetSize)
                        .maxConnectionsPerIp(maxConnectionsPerIp(nodes)).build())
                .crawlInterval(CRAWL_INTERVAL).crawlRateLimit(CRAWL_RATE_LIMIT)
                .acceptPacing(ACCEPT_PAUSE, REJECT_PAUSE)
                .build();
    }

    /**
     * Starts one node: node 0 with no initial peer, a joiner with node 0 only.
     * A node that cannot start is recorded with its error.
     */
    private static void startNode(DemoNode d, List<DemoNode> demo, int targetSize) {
        DemoNode first = demo.get(0);
        if (d.index > 0 && first.node == null) {
            d.error = Optional.of("node 0 did not start");
            return;
        }
        List<String> peers = d.index == 0 ? List.of() : List.of(first.address);
        try {
            d.node = PeerSets.nodeBuilder(config(demo.size(), targetSize, peers)).inbound(d::serve).start();
            d.address = d.node.localAddress().toString();
        } catch (PeerSetException | IllegalArgumentException e) {
            d.error = Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /**
     * Starts the nodes one by one (sampling between starts, so the first nodes' times are not held
     * back by the later starts), then samples, sends requests and prints until every node settled
     * at its target, the duration, or a stop.
     */
    private StoppedBy observe(List<DemoNode> demo, int targetSize, SplittableRandom random, CompletableFuture<Void> stop,
                              long t0, boolean live, PrintWriter progress, AtomicLong sent, AtomicLong answered) {
        long deadlineMs = duration.toMillis();
        long settleUntilMs = -1;
        long nextPrintMs = 0;
        int started = 0;
        long nextStartMs = 0;
        while (true) {
            long now = elapsedMs(t0);
            if (started < demo.size() && now >= nextStartMs) {
                nextStartMs = now + START_SPACING_MS + random.nextInt(MAX_START_JITTER_MS + 1);
                startNode(demo.get(started++), demo, targetSize);
                now = elapsedMs(t0);
            }
            sample(demo, targetSize, now);
            if (now >= nextPrintMs) {
                List<NodeRow> rows = rows(demo);
                if (live) {
                    List<String> frame = new ArrayList<>();
                    frame.add(DemoOutput.title(now, targetSize, rows));
                    frame.addAll(DemoOutput.table(rows));
                    progress.print(DemoOutput.redraw(drawnLines, frame));
                    drawnLines = frame.size();
                    nextPrintMs = now + TABLE_INTERVAL.toMillis();
                } else {
                    progress.println(DemoOutput.progressLine(now, targetSize, rows));
                    nextPrintMs = now + LINE_INTERVAL.toMillis();
                }
                progress.flush();
            }
            if (settleUntilMs < 0 && started == demo.size() && demo.stream().allMatch(d -> d.reachedAfterMs >= 0 && d.error.isEmpty())) {
                settleUntilMs = now + SETTLE.toMillis();
            }
            if (settleUntilMs >= 0 && now >= settleUntilMs) {
                return StoppedBy.TARGET;
            }
            if (now >= deadlineMs) {
                return StoppedBy.DURATION;
            }
            sendRequest(demo, random, sent, answered);
            long waitMs = Math.min(SAMPLE_INTERVAL.toMillis(), deadlineMs - now);
            if (started < demo.size()) {
                waitMs = Math.min(waitMs, nextStartMs - now);
            }
            try {
                stop.get(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
                return StoppedBy.INTERRUPT;
            } catch (TimeoutException e) {
                // the next sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StoppedBy.INTERRUPT;
            } catch (ExecutionException e) {
                return StoppedBy.INTERRUPT;
            }
        }
    }

    /** Reads every node's counters and notes the first time each reaches its target. */
    private static void sample(List<DemoNode> demo, int targetSize, long nowMs) {
        for (DemoNode d : demo) {
            if (d.node == null) {
                d.last = row(d, null);
                continue;
            }
            if (d.error.isEmpty() && d.node.closeFuture().isDone()) {
                Throwable cause = d.node.closeFuture().handle((v, e) -> e).join();
                if (cause != null) {
                    d.error = Optional.of("stopped on its own: " + String.valueOf(
                            cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage()));
                }
            }
            NodeStatus status = d.node.status();
            if (d.reachedAfterMs < 0 && d.error.isEmpty() && status.peerSet().total() >= targetSize) {
                d.reachedAfterMs = nowMs;
            }
            d.last = row(d, status);
        }
    }

    private static NodeRow row(DemoNode d, NodeStatus s) {
        OptionalLong reached = d.reachedAfterMs >= 0 ? OptionalLong.of(d.reachedAfterMs) : OptionalLong.empty();
        if (s == null) {
            return new NodeRow(d.index, d.address, 0, 0, 0, 0, 0, 0, 0, d.served.get(), reached, d.error);
        }
        int known = s.addressBook().values().stream().mapToInt(Integer::intValue).sum();
        return new NodeRow(d.index, d.address, s.outbound(), s.inbound(), s.ready(), s.peerSet().total(), known,
                s.handshakesOk(), s.handshakesFailed(), d.served.get(), reached, d.error);
    }

    private static List<NodeRow> rows(List<DemoNode> demo) {
        return demo.stream().map(d -> d.last).toList();
    }

    /** Sends one {@code mempool} request through a seeded choice among the nodes that can send one now. */
    private static void sendRequest(List<DemoNode> demo, SplittableRandom random, AtomicLong sent, AtomicLong answered) {
        List<DemoNode> able = demo.stream().filter(d -> d.node != null && d.error.isEmpty() && d.last != null
                && d.last.ready() > 0 && d.inFlight.get() < MAX_IN_FLIGHT).toList();
        if (able.isEmpty()) {
            return;
        }
        DemoNode d = able.get(random.nextInt(able.size()));
        d.inFlight.incrementAndGet();
        sent.incrementAndGet();
        d.node.peerSet().call(new Request.MempoolTransactionIds()).whenComplete((response, e) -> {
            d.inFlight.decrementAndGet();
            if (e == null) {
                answered.incrementAndGet();
            }
        });
    }

    /** Closes every started node in parallel, waiting at most {@link #CLOSE_WAIT} in total. */
    private static void closeAll(List<DemoNode> demo, PrintWriter err) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (DemoNode d : demo) {
            if (d.node != null) {
                PeerSetNode node = d.node;
                CompletableFuture<Void> done = new CompletableFuture<>();
                closing.add(done);
                Thread closer = new Thread(() -> {
                    try {
                        node.close();
                    } finally {
                        done.complete(null);
                    }
                }, "peerset-demo-close-" + d.index);
                closer.setDaemon(true);
                closer.start();
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            err.println("peerset demo: some nodes did not close within " + CLOSE_WAIT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // close() does not throw; nothing to report
        }
    }

    /**
     * Whether standard output is an interactive terminal, where the live table can redraw itself:
     * {@link System#console()} is present (on JDK 17–21 it is only when both standard input and
     * output are a terminal), and, on JDK 22 and later, where a console is present even when output
     * is redirected, {@code Console.isTerminal()} says so too; and {@code TERM} is not {@code dumb}.
     *
     * @return whether to draw the live table
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK < 22: a console means a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
