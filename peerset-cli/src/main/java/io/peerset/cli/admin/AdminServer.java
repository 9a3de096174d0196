package io.peerset.cli.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.peerset.api.BannedIp;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Subnet;
import io.peerset.cli.config.HumanDuration;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of a running node (issue 17 §2), on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code GET /status}: the node's counters ({@code peerset run --json}'s status fields), its
 *       listener, the minimum peer version in force, the number of bans and the kept addresses;</li>
 *   <li>{@code GET /peers}: {@code {"peers": [...]}}, one object per peer ({@link AdminJson});</li>
 *   <li>{@code GET /bans}: {@code {"bans": [...]}};</li>
 *   <li>{@code POST /connect} {@code {"address": "203.0.113.7:8233", "keep": false}},
 *       {@code POST /disconnect} {@code {"address": ...}}, {@code POST /ban}
 *       {@code {"subnet": "203.0.113.0/24", "duration": "1d", "reason": "..."}} (duration default
 *       {@link #DEFAULT_BAN}), {@code POST /unban} {@code {"subnet": ...}}, {@code POST /reload}.</li>
 * </ul>
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>}, the token of the cookie file
 * ({@link AdminCookie}); anything else answers {@code 401} and changes nothing. Errors are
 * {@code {"error": "..."}} with {@code 400} (bad input), {@code 404} (no such path), {@code 405} (wrong
 * method), {@code 409} (refused: limits, bans, already connected), {@code 413} (a body over
 * {@link #MAX_BODY} bytes), {@code 501} (the node cannot do it) or {@code 504} (no answer within
 * {@link #TIMEOUT}). Binding anything but a loopback address needs {@code allowRemote}: the API is
 * plain HTTP, so on another interface the token and every answer cross the network unencrypted.
 *
 * <p>Threading: requests are served on {@link #THREADS} daemon threads ({@code peerset-admin-http}), so the
 * API never runs on a node's loop; a client has {@link #MAX_REQUEST_SECONDS} to send its request. The
 * JDK's own dispatcher thread lives until {@link #close()}, which stops the server, deletes the cookie,
 * is idempotent and may be called from any thread.
 */
public final class AdminServer implements AutoCloseable {

    /** The default admin port (next to zcashd's 8232/8233; not one a Zcash node uses). */
    public static final int DEFAULT_PORT = 8239;
    /** The largest request body read: commands are a few fields. */
    public static final int MAX_BODY = 4_096;
    /** The longest wait for the node (a connect waits for a handshake, bounded by its own timeout). */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * Serving threads: the JDK's server reads a request's headers on them, before any token is seen, so
     * one client that stalls would hold a single thread; with {@link #MAX_REQUEST_SECONDS} a stalled
     * request ends, and the others are served meanwhile.
     */
    static final int THREADS = 4;
    /** The longest a client may take to send a request ({@code sun.net.httpserver.maxReqTime}). */
    static final int MAX_REQUEST_SECONDS = 10;

    /**
     * Bounds the time a client may take to send its request and to read the answer (the JDK's server
     * waits forever by default). JVM-wide properties, read when the JDK's server classes first load:
     * {@code peerset run} sets them before it starts any server; one given on the command line wins.
     */
    public static void boundRequestTimes() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(TIMEOUT.toSeconds() * 2));
    }

    /** A ban's duration when the request gives none: bitcoind's default ban time. */
    public static final Duration DEFAULT_BAN = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final PeerSetNode node;
    private final String token;
    private final Path cookie;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(HttpServer server, ExecutorService executor, PeerSetNode node, String token, Path cookie) {
        this.server = server;
        this.executor = executor;
        this.node = node;
        this.token = token;
        this.cookie = cookie;
        this.address = server.getAddress();
    }

    /**
     * Binds {@code address}, writes a new cookie and starts serving {@code node}.
     *
     * @param address     where to listen; port 0 picks a free port
     * @param allowRemote whether an address other than loopback may be bound
     * @param cookie      the cookie file, or null for {@link AdminCookie#defaultPath} of the bound port
     * @param cacheDir    the node's cache directory (for the default cookie path)
     * @param node        the node
     * @return the running server
     * @throws PeerSetException with one line: a non-loopback address without {@code allowRemote}, a busy
     *                          port, a cookie that cannot be written
     */
    public static AdminServer start(InetSocketAddress address, boolean allowRemote, Path cookie,
                                    java.util.Optional<Path> cacheDir, PeerSetNode node) {
        requireNonNull(address, "address");
        requireNonNull(node, "node");
        String where = PeerAddress.of(address).toString();
        if (!allowRemote && !address.getAddress().isLoopbackAddress()) {
            throw new PeerSetException("admin: " + where + " is not a loopback address (expected: 127.0.0.1 or [::1]; "
                    + "--admin-allow-remote binds it, and then the API is reachable unencrypted from the network)");
        }
        boundRequestTimes();
        HttpServer server;
        try {
            server = HttpServer.create(address, 8);
        } catch (IOException e) {
            String why = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")
                    ? "address already in use (another process holds it; choose another port with --admin)"
                    : String.valueOf(e.getMessage());
            throw new PeerSetException("cannot serve the admin API on " + where + ": " + why, e);
        }
        Path file = cookie != null ? cookie : AdminCookie.defaultPath(cacheDir, server.getAddress().getPort());
        String token = AdminCookie.newToken();
        try {
            AdminCookie.write(file, token);
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            throw new PeerSetException("admin: cannot write the cookie " + file + ": " + e.getMessage()
                    + " (give another file with --admin-cookie)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread t = new Thread(task, "peerset-admin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        AdminServer admin = new AdminServer(server, executor, node, token, file);
        server.createContext("/", admin::handle);
        server.start();
        log.info("admin API on http://{} (cookie {})", PeerAddress.of(admin.address), file);
        return admin;
    }

    /** @return the bound address, with the real port when port 0 was asked */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the cookie file */
    public Path cookie() {
        return cookie;
    }

    private record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }

        static Answer error(int status, String message) {
            return new Answer(status, AdminJson.error(message));
        }
    }

    private static final Map<String, String> METHODS = Map.of("/status", "GET", "/peers", "GET", "/bans", "GET",
            "/connect", "POST", "/disconnect", "POST", "/ban", "POST", "/unban", "POST", "/reload", "POST");

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !AdminCookie.matches(token, auth.substring(7).strip())) {
                // checked before anything else: without the token nothing is read, parsed or done
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"peerset\"");
                answer = Answer.error(401, "unauthorized: send the token of the node's cookie file as "
                        + "'Authorization: Bearer <token>'");
            } else if (!METHODS.containsKey(path)) {
                answer = Answer.error(404, "not found: " + path + " (expected: one of " + METHODS.keySet().stream()
                        .sorted().toList() + ")");
            } else if (!METHODS.get(path).equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", METHODS.get(path));
                answer = Answer.error(405, "method not allowed: " + exchange.getRequestMethod() + " " + path
                        + " (expected: " + METHODS.get(path) + ")");
            } else {
                answer = serve(path, exchange);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer serve(String path, HttpExchange exchange) {
        try {
            JsonNode body = "POST".equals(exchange.getRequestMethod()) ? body(exchange) : null;
            if (body == Oversized.INSTANCE) {
                return Answer.error(413, "request body over " + MAX_BODY + " bytes");
            }
            return switch (path) {
                case "/status" -> Answer.ok(status());
                case "/peers" -> {
                    List<PeerInfo> peers = await(node.peers());
                    yield Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeArrayFieldStart("peers");
                        for (PeerInfo p : peers) {
                            AdminJson.peer(g, p);
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }));
                }
                case "/bans" -> Answer.ok(bans(node.bans()));
                case "/connect" -> {
                    PeerAddress a = PeerAddress.parse(text(body, "address"));
                    boolean keep = flag(body, "keep");
                    ConnectionInfo c = await(node.connect(a, keep));
                    boolean kept = node.keptPeers().contains(a);
                    yield Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeFieldName("connected");
                        AdminJson.connection(g, c);
                        g.writeBooleanField("kept", kept);
                        g.writeEndObject();
                    }));
                }
                case "/disconnect" -> {
                    int n = await(node.disconnect(PeerAddress.parse(text(body, "address"))));
                    yield Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeNumberField("disconnected", n);
                        g.writeEndObject();
                    }));
                }
                case "/ban" -> {
                    Subnet block = Subnet.parse(text(body, "subnet"));
                    Duration d = body.hasNonNull("duration") ? duration(text(body, "duration")) : DEFAULT_BAN;
                    String reason = body.hasNonNull("reason") ? text(body, "reason") : "";
                    BannedIp ban = await(node.ban(block, d, reason));
                    yield Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeFieldName("banned");
                        AdminJson.ban(g, ban);
                        g.writeEndObject();
                    }));
                }
                case "/unban" -> {
                    boolean ended = await(node.unban(Subnet.parse(text(body, "subnet"))));
                    yield ended ? Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeBooleanField("unbanned", true);
                        g.writeEndObject();
                    })) : Answer.error(404, "no ban of " + text(body, "subnet") + " (GET /bans lists them)");
                }
                case "/reload" -> {
                    int n = await(node.reloadSources());
                    yield Answer.ok(AdminJson.of(g -> {
                        g.writeStartObject();
                        g.writeNumberField("addresses", n);
                        g.writeEndObject();
                    }));
                }
                default -> Answer.error(404, "not found: " + path);
            };
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        } catch (PeerSetException | IllegalStateException e) {
            return Answer.error(409, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return Answer.error(501, e.getMessage());
        } catch (TimeoutException e) {
            return Answer.error(504, "the node did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (RuntimeException e) {
            log.warn("admin API: {} failed", path, e);
            return Answer.error(500, "internal error: " + e);
        }
    }

    private String status() {
        var s = node.status();
        List<PeerAddress> kept = node.keptPeers();
        int bans = node.bans().size();
        return AdminJson.of(g -> {
            g.writeStartObject();
            g.writeStringField("listen", node.localAddress().toString());
            AdminJson.statusFields(g, s);
            g.writeNumberField("minimumPeerVersion", s.peerSet().minimumVersion());
            g.writeNumberField("bans", bans);
            AdminJson.addresses(g, "kept", kept);
            g.writeEndObject();
        });
    }

    private static String bans(List<BannedIp> bans) {
        return AdminJson.of(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("bans");
            for (BannedIp b : bans) {
                AdminJson.ban(g, b);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A marker: the body was larger than {@link #MAX_BODY}. */
    private static final class Oversized {
        static final JsonNode INSTANCE = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** @return the JSON object in the request body (at most {@link #MAX_BODY} bytes read), or {@link Oversized#INSTANCE} */
    private static JsonNode body(HttpExchange exchange) {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) {
            return Oversized.INSTANCE;
        }
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": missing (expected: a string)");
        }
        return v.asText();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + ": " + v + " (expected: true or false)");
        }
        return v.booleanValue();
    }

    private static Duration duration(String text) {
        try {
            return HumanDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration: \"" + text + "\" (expected: like 90s, 12h or 7d)");
        }
    }

    /** Waits for the node; unwraps its failure so that the caller maps the exception's type to a status. */
    private static <T> T await(CompletableFuture<T> f) throws TimeoutException {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new PeerSetException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Stops serving at once, releases the port and deletes the cookie. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            AdminCookie.delete(cookie);
        }
    }
}
