package io.peerset.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.FailureReason;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.internal.Checks;
import io.peerset.api.internal.IoErrors;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.cli.census.Census;
import io.peerset.cli.config.SocketAddresses;
import io.peerset.core.Providers;
import io.peerset.core.common.SystemScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerset crawl}: a network census ({@link Census}). Starting from the network's DNS seeders
 * (unless {@code --no-dns}) and the {@code --peer}s, it handshakes anonymously with every address it
 * learns, pings it, asks it for addresses, and writes one record per address — as JSON lines or CSV,
 * to {@code --output FILE} (appended) or standard output. Progress goes to standard error every
 * second. With an existing {@code --output} file, the addresses already in it are not visited again:
 * a census is resumed by running the same command again.
 *
 * <p>Record fields (JSON names; CSV columns in this order): {@code address}, {@code reachable},
 * {@code error} (a short code, or null), {@code version}, {@code userAgent}, {@code services},
 * {@code startHeight}, {@code handshakeMs}, {@code pingMs}, {@code addressesReturned},
 * {@code firstSeen}, {@code lastSeen} (ISO-8601), {@code errorMessage}.
 *
 * <p>Exit status: 0 when the census ends (nothing left to visit, or {@code --duration} passed, or
 * SIGINT/SIGTERM) having reached at least one peer; 1 when it reached none or the output cannot be
 * written; 2 on usage errors.
 *
 * <p>Threading: the calling thread writes the records and progress; the census runs on the
 * scheduler's thread and hands records over through a queue.
 */
@Command(name = "crawl", sortOptions = false,
        description = {"Census of a network: handshake with every address learnt from seeders, given peers and the "
                + "peers' answers; one record per address (reachable or why not, version, user agent, services, "
                + "height, latency, addresses returned)."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class CrawlCommand implements Callable<Integer> {

    /** The record fields, in CSV column order. */
    static final List<String> FIELDS = List.of("address", "reachable", "error", "version", "userAgent", "services",
            "startHeight", "handshakeMs", "pingMs", "addressesReturned", "firstSeen", "lastSeen", "errorMessage");

    /** How often progress is printed. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /** How long seeding may take before the census starts with what it has (DNS: 5 s per name). */
    static final Duration SEEDING_WAIT = Duration.ofSeconds(12);

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ArgGroup(exclusive = true)
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A starting peer or seeder; repeat for more.")
    List<String> peers;

    @Option(names = "--no-dns", description = "Do not ask the network's DNS seeders.")
    boolean noDns;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", description = "The DNS server to resolve seeders with.")
    String dnsServer;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "Stop after this long (default 5m).")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Connections open at a time (1..1024, default 16); one per IP at most.")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "Budget for connect + handshake, and for the ping (default 5s).")
    Duration timeout;

    @Option(names = "--output", paramLabel = "FILE", description = "Append records to FILE (resumes from it).")
    Path output;

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json", description = "json (default) or csv.")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network;
        NodeConfig seeding;
        boolean csv;
        try {
            network = networkOptions.network();
            csv = switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> false;
                case "csv" -> true;
                default -> throw new IllegalArgumentException("--format " + format + " (expected: json or csv)");
            };
            Checks.checkArgument(concurrency >= 1 && concurrency <= 1024, "--concurrency %s (expected: 1..1024)",
                    concurrency);
            Checks.checkArgument(timeout.compareTo(Duration.ofMillis(100)) >= 0
                    && timeout.compareTo(Duration.ofMinutes(1)) <= 0, "--timeout %sms (expected: 100ms..1m)",
                    timeout.toMillis());
            NodeConfig.Builder b = NodeConfig.builder(network).noCache().dnsSeeding(!noDns);
            if (peers != null) {
                List<String> start = new ArrayList<>(peers);
                if (!noDns) {
                    start.addAll(NodeConfig.defaultInitialPeers(network));
                }
                b.initialPeers(start);
            }
            if (dnsServer != null) {
                PeerAddress server = SocketAddresses.parse(dnsServer, 53);
                b.dnsServer(new InetSocketAddress(server.ip(), server.port()));
            }
            seeding = b.build();
            Checks.checkArgument(!noDns || (peers != null && !peers.isEmpty()),
                    "--no-dns without --peer (expected: somewhere to start from)");
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage() + " (see 'peerset crawl --help')", spec.exitCodeOnInvalidInput());
        }
        List<PeerAddress> done;
        try {
            done = output != null && Files.exists(output) ? readAddresses(output, csv) : List.of();
        } catch (IOException e) {
            return fail(err, "cannot read " + output + " to resume: " + IoErrors.reason(e), 1);
        } catch (UncheckedIOException e) {
            return fail(err, "cannot read " + output + " to resume: " + IoErrors.reason(e.getCause()), 1);
        }
        LinkedBlockingQueue<Census.Entry> entries = new LinkedBlockingQueue<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        StopSignals.trigger.accept(() -> stop.complete(null));
        ExecutorService blocking = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "peerset-crawl-io");
            t.setDaemon(true);
            return t;
        });
        SecureRandom random = new SecureRandom();
        try (SystemScheduler scheduler = new SystemScheduler();
             Transport transport = Providers.transportProvider().create(TransportConfig.builder(network).build());
             BufferedWriter file = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Census census = Census.builder(transport, network, scheduler, random, entries::add).concurrency(concurrency)
                    .timeouts(timeout, Census.DEFAULT_ADDR_WAIT).build();
            census.skip(done);
            if (!done.isEmpty()) {
                err.println("peerset crawl: resuming: " + done.size() + " address(es) in " + output + " are not visited again");
            }
            if (csv && (output == null || done.isEmpty())) {
                write(out, file, String.join(",", FIELDS));
            }
            List<CandidateSource> sources = new ArrayList<>();
            CompletableFuture<Void> seeded = seed(seeding, census, scheduler, random, blocking, err, sources);
            long deadline = System.nanoTime() + duration.toNanos();
            long started = System.nanoTime();
            long lastProgress = started;
            boolean stopping = false;
            while (true) {
                Census.Entry e = entries.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    write(out, file, csv ? csvLine(e) : jsonLine(e));
                }
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
                    lastProgress = now;
                    Census.Progress p = census.progress();
                    err.println("crawl: " + p.reached() + " reached, " + p.failed() + " failed, " + p.queued()
                            + " queued, " + p.inFlight() + " in flight");
                    err.flush();
                }
                if (!stopping && (stop.isDone() || now >= deadline
                        || (census.progress().idle() && (seeded.isDone() || now - started > SEEDING_WAIT.toNanos())))) {
                    stopping = true;
                    census.stop();
                    sources.forEach(CandidateSource::close);
                }
                if (stopping && census.done().isDone() && entries.isEmpty()) {
                    break;
                }
            }
            if (file != null) {
                file.flush();
            }
            Census.Progress p = census.progress();
            err.println("peerset crawl: done: " + p.reached() + " reached, " + p.failed() + " failed");
            err.flush();
            return p.reached() > 0 ? 0 : fail(err, "no peer was reachable", 1);
        } catch (IOException e) {
            return fail(err, "cannot write " + output + ": " + IoErrors.reason(e), 1);
        } catch (UncheckedIOException e) {
            return fail(err, "cannot write " + output + ": " + IoErrors.reason(e.getCause()), 1);
        } catch (PeerSetException e) {
            return fail(err, e.getMessage(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            blocking.shutdownNow();
        }
    }

    /**
     * Asks every candidate source except the disk cache; each answer is queued as it comes.
     *
     * @return completes when every source has answered (a failed one counts as answered)
     */
    private static CompletableFuture<Void> seed(NodeConfig config, Census census, SystemScheduler scheduler,
                                                SecureRandom random, ExecutorService blocking, PrintWriter err,
                                                List<CandidateSource> sources) {
        AddressBookContext context = new AddressBookContext(scheduler, random, blocking, blocking);
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (CandidateSourceProvider provider : Providers.candidateSourceProviders(config)) {
            if (provider.name().equals("disk-cache")) {
                continue; // a census starts from the network, not from this machine's history
            }
            CandidateSource source = provider.create(config, context);
            sources.add(source);
            answers.add(source.candidates().thenCompose(census::add).exceptionally(e -> {
                err.println("crawl: source " + source.name() + " failed: " + e.getMessage());
                return null;
            }));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]));
    }

    private static void write(PrintWriter out, BufferedWriter file, String line) throws IOException {
        if (file != null) {
            file.write(line);
            file.newLine();
        } else {
            out.println(line);
            out.flush();
        }
    }

    /** Reads the addresses of an earlier run's output (JSON lines or CSV with a header). */
    static List<PeerAddress> readAddresses(Path file, boolean csv) throws IOException {
        List<PeerAddress> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("address,")) {
                continue;
            }
            String text;
            if (csv) {
                text = line.substring(0, line.indexOf(',') < 0 ? line.length() : line.indexOf(','));
            } else {
                JsonNode node = mapper.readTree(line);
                text = node.path("address").asText("");
            }
            try {
                out.add(PeerAddress.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IOException("not a record of peerset crawl: " + line);
            }
        }
        return out;
    }

    static String jsonLine(Census.Entry e) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("address", e.address().toString());
            g.writeBooleanField("reachable", e.reachable());
            optional(g, "error", e.error().map(FailureReason::code));
            optional(g, "version", e.version());
            optional(g, "userAgent", e.userAgent());
            optional(g, "services", e.services());
            optional(g, "startHeight", e.startHeight());
            optional(g, "handshakeMs", e.handshakeMillis());
            optional(g, "pingMs", e.pingMillis());
            g.writeNumberField("addressesReturned", e.addressesReturned());
            g.writeStringField("firstSeen", e.firstSeen().toString());
            g.writeStringField("lastSeen", e.lastSeen().toString());
            optional(g, "errorMessage", e.errorMessage());
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return w.toString();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        } else {
            g.writeNullField(field);
        }
    }

    private static void optional(JsonGenerator g, String field, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.getAsLong());
        } else {
            g.writeNullField(field);
        }
    }

    static String csvLine(Census.Entry e) {
        List<String> cells = List.of(e.address().toString(), String.valueOf(e.reachable()),
                e.error().map(FailureReason::code).orElse(""),
                text(e.version()), e.userAgent().orElse(""), text(e.services()), text(e.startHeight()),
                text(e.handshakeMillis()), text(e.pingMillis()), String.valueOf(e.addressesReturned()),
                e.firstSeen().toString(), e.lastSeen().toString(), e.errorMessage().orElse(""));
        List<String> quoted = new ArrayList<>();
        for (String c : cells) {
            quoted.add(c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")
                    ? "\"" + c.replace("\"", "\"\"").replace("\r", " ").replace("\n", " ") + "\"" : c);
        }
        return String.join(",", quoted);
    }

    private static String text(OptionalLong v) {
        return v.isPresent() ? String.valueOf(v.getAsLong()) : "";
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("peerset crawl: " + message);
        err.flush();
        return code;
    }
}
