package io.peerset.plugin.seedlist.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP response body read into memory up to a bound, for the JDK's {@code HttpClient}: the status
 * and the announced length are checked before any of the body is read, the body is pulled one chunk
 * at a time, and the exchange is cancelled as soon as it passes the bound. The server may be hostile,
 * so memory stays within the bound (plus one chunk the client already holds) whatever it sends.
 *
 * <p>Called by the HTTP client, one signal at a time (the reactive-streams rule), on its threads.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final String label;
    private final int maxBytes;
    private final String limit;
    /** Why the response is refused before its body, or null. */
    private final String refusal;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private ByteArrayOutputStream out;
    private Flow.Subscription subscription;

    private BoundedBody(String label, int maxBytes, String limit, String refusal) {
        this.label = label;
        this.maxBytes = maxBytes;
        this.limit = limit;
        this.refusal = refusal;
    }

    /**
     * @param label    what messages call the download, for example {@code "seed list https://x/y.txt"}
     * @param maxBytes the most bytes read
     * @param limit    how messages name the bound and its setting
     * @return a handler whose subscribers refuse anything but a 200 answer within the bound
     */
    static HttpResponse.BodyHandler<byte[]> handler(String label, int maxBytes, String limit) {
        return info -> new BoundedBody(label, maxBytes, limit, refusal(info, maxBytes, limit));
    }

    private static String refusal(HttpResponse.ResponseInfo info, int maxBytes, String limit) {
        int status = info.statusCode();
        if (status >= 300 && status < 400) {
            return "HTTP " + status + ", a redirect to " + info.headers().firstValue("location").orElse("nowhere")
                    + " (expected: 200; redirects are not followed: configure the final URL)";
        }
        if (status != 200) {
            return "HTTP " + status + " (expected: 200)";
        }
        OptionalLong length = info.headers().firstValueAsLong("content-length");
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            return "announces " + length.getAsLong() + " bytes (expected: at most " + limit + ")";
        }
        return null;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (refusal != null) {
            s.cancel();
            body.completeExceptionally(new SeedListException(label + ": " + refusal));
            return;
        }
        out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (n > maxBytes - out.size()) {
                subscription.cancel();
                body.completeExceptionally(new SeedListException(label + ": more than " + maxBytes
                        + " bytes (expected: at most " + limit + ")"));
                return;
            }
            byte[] chunk = new byte[n];
            item.get(chunk);
            out.write(chunk, 0, n);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (!body.isDone()) {
            body.complete(out.toByteArray());
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
