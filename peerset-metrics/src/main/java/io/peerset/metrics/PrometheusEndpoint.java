package io.peerset.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerset.api.PeerSetException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal Prometheus scrape endpoint on the JDK's HTTP server ({@code jdk.httpserver}): {@code GET
 * /metrics} answers {@code 200} with {@link PrometheusMeterRegistry#scrape()} in the text exposition
 * format 0.0.4 ({@link #CONTENT_TYPE}); any other path answers {@code 404}, any other method on
 * {@code /metrics} {@code 405} (with {@code Allow: GET}); a scrape that throws answers {@code 500}.
 * Nothing else is served: no TLS, no authentication — bind it to a loopback or private address.
 *
 * <p>Threading: {@link #start} binds the socket before returning; requests are served on
 * {@link #THREADS} named daemon threads ({@code peerset-metrics-http-N}), so a scrape never runs on
 * a peer-set loop and the endpoint never keeps a JVM alive. {@link #close()} stops the server at once
 * (in-flight exchanges are dropped), releases the port, is idempotent and may be called from any
 * thread.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** The path served. */
    public static final String PATH = "/metrics";

    /** Prometheus' text exposition format, the format of {@link PrometheusMeterRegistry#scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Serving threads: scrapes arrive every few seconds from one or two scrapers. */
    static final int THREADS = 2;

    /** The listen backlog: enough for a few scrapers, small because nothing else should connect. */
    static final int BACKLOG = 16;

    private static final Logger log = LoggerFactory.getLogger(PrometheusEndpoint.class);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.address = server.getAddress();
    }

    /**
     * Binds {@code address} and starts serving {@code registry}'s scrape.
     *
     * @param address  where to listen; port 0 picks a free port (see {@link #address()})
     * @param registry the registry to scrape
     * @return the running endpoint
     * @throws PeerSetException if the address cannot be bound, e.g. {@code "cannot serve metrics on
     *                          127.0.0.1:9100: address already in use (another process holds it;
     *                          choose another address)"}
     */
    public static PrometheusEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry) {
        requireNonNull(address, "address");
        requireNonNull(registry, "registry");
        if (address.isUnresolved()) {
            throw new PeerSetException("cannot serve metrics on " + address.getHostString() + ":"
                    + address.getPort() + ": unresolved host");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            // The node's listener's wording for a busy port (peerset-core), one line with one hint.
            String why = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")
                    ? "address already in use (another process holds it; choose another address)"
                    : String.valueOf(e.getMessage());
            throw new PeerSetException("cannot serve metrics on " + format(address) + ": " + why, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, registry));
        server.start();
        PrometheusEndpoint endpoint = new PrometheusEndpoint(server, executor);
        log.info("serving metrics on http://{}{}", format(endpoint.address), PATH);
        return endpoint;
    }

    /** @return the bound address, with the real port when port 0 was asked */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops serving at once and releases the port. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            // the root context matches every path: require the exact one ("/metricsx" is not ours)
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: try " + PATH + "\n");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
                return;
            }
            String body;
            try {
                body = registry.scrape();
            } catch (RuntimeException e) {
                log.warn("metrics scrape failed", e);
                respond(exchange, 500, "text/plain; charset=utf-8", "scrape failed\n");
                return;
            }
            respond(exchange, 200, CONTENT_TYPE, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task, "peerset-metrics-http-" + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return {@code 127.0.0.1:9100} or {@code [::1]:9100}: the literal the user typed, no host-name lookup */
    static String format(InetSocketAddress address) {
        String host = address.getAddress() instanceof Inet6Address ? "[" + address.getHostString() + "]"
                : address.getHostString();
        return host + ":" + address.getPort();
    }
}
