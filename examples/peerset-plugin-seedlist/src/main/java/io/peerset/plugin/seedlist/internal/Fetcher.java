package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/**
 * Reads a bounded number of bytes from a {@link Location}: a file on the blocking executor, a URL with
 * the JDK's HTTP client (no redirects, HTTP/1.1, the status and length checked before the body, the
 * body bounded by {@link BoundedBody}). Every fetch ends within its timeout, counted on the node's
 * scheduler (DESIGN.md §4: no timer of its own): connecting, waiting for the answer and reading the
 * whole body together. Failures complete the future with a {@link SeedListException} that names the
 * location and what to do.
 *
 * <p>One HTTP client per fetch: a seed list is fetched once per node start, and a client kept
 * between starts would keep its selector thread. The JDK ends that thread once the client is
 * unreachable. Thread-safe.
 */
public final class Fetcher {

    private final Scheduler scheduler;
    private final Executor blocking;
    private final Duration timeout;

    /**
     * @param scheduler counts the timeouts
     * @param blocking  runs file reads, and the HTTP client's work
     * @param timeout   the most a fetch may take, start to end
     */
    public Fetcher(Scheduler scheduler, Executor blocking, Duration timeout) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.blocking = requireNonNull(blocking, "blocking");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * @param location where the bytes are
     * @param label    what messages call them, for example {@code "seed list seeds.txt"}
     * @param maxBytes the most bytes read
     * @param limit    how messages name the bound and its setting, for example
     *                 {@code "plugins.seed-list.max_bytes = 65536; raise it or shorten the list"}
     * @return the bytes; completing or cancelling the future from outside abandons the fetch
     */
    public CompletableFuture<byte[]> fetch(Location location, String label, int maxBytes, String limit) {
        if (location instanceof Location.File file) {
            return CompletableFuture.supplyAsync(() -> read(file.path(), label, maxBytes, limit), blocking);
        }
        return download(((Location.Url) location), label, maxBytes, limit);
    }

    private static byte[] read(Path path, String label, int maxBytes, String limit) {
        try {
            if (Files.isDirectory(path)) {
                throw new SeedListException(label + ": is a directory (expected: a file)");
            }
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new SeedListException(label + ": " + size + " bytes (expected: at most " + limit + ")");
            }
            // read one byte past the bound: a file that grew since size() is still refused, never read whole
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new SeedListException(label + ": more than " + maxBytes + " bytes (expected: at most "
                            + limit + ")");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new SeedListException(label + ": cannot read it: no such file", e);
        } catch (AccessDeniedException e) {
            throw new SeedListException(label + ": cannot read it: permission denied", e);
        } catch (IOException e) {
            throw new SeedListException(label + ": cannot read it: " + e, e);
        }
    }

    private CompletableFuture<byte[]> download(Location.Url url, String label, int maxBytes, String limit) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(blocking)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url.uri())
                .timeout(timeout)
                .header("Accept", "text/plain, */*")
                .header("User-Agent", "peerset-seed-list")
                .GET().build();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request, BoundedBody.handler(label, maxBytes, limit));
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new SeedListException(label + ": cannot fetch it: " + e.getMessage(), e));
            return result;
        }
        Cancellable deadline = scheduler.schedule(timeout, () -> result.completeExceptionally(
                new SeedListException(label + ": no complete answer within " + timeout.toMillis() + " ms (expected: "
                        + "within plugins.seed-list.timeout; raise it for a slow server)")));
        exchange.whenComplete((response, error) -> {
            deadline.cancel();
            if (error != null) {
                result.completeExceptionally(failure(label, error));
            } else {
                result.complete(response.body());
            }
        });
        // done, abandoned or timed out: nothing more is read from the server
        result.whenComplete((bytes, error) -> exchange.cancel(true));
        return result;
    }

    private SeedListException failure(String label, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof SeedListException e) {
            return e;
        }
        String why;
        if (cause instanceof HttpConnectTimeoutException) {
            why = "cannot connect within " + timeout.toMillis() + " ms";
        } else if (cause instanceof HttpTimeoutException) {
            why = "no answer within " + timeout.toMillis() + " ms";
        } else if (cause instanceof ConnectException) {
            why = "cannot connect: connection refused";
        } else if (cause instanceof SSLException) {
            why = "TLS failed: " + cause.getMessage() + (Ed25519.tlsCurvesAvailable() ? ""
                    : " (this Java runtime lacks the elliptic curves most servers require: add the JDK module "
                    + "jdk.crypto.ec to it)");
        } else {
            why = "cannot fetch it: " + cause;
        }
        return new SeedListException(label + ": " + why, cause);
    }
}
