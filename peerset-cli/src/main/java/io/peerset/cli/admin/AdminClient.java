package io.peerset.cli.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the admin API ({@link AdminServer}) for {@code peerset peers}, {@code ban},
 * {@code unban}, {@code connect}, {@code disconnect} and {@code bans}: one request, its JSON answer.
 * Plain {@link HttpURLConnection} (in {@code java.base}: the distribution's runtime needs no more
 * modules), bounded in time and in the size of what it reads.
 *
 * <p>Not thread-safe; one per command.
 */
public final class AdminClient {

    /** The largest answer read (a node with thousands of peers answers a few MiB). */
    static final int MAX_ANSWER = 64 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;

    /**
     * @param base  {@code http://host:port}
     * @param token the cookie's token
     */
    public AdminClient(URI base, String token) {
        this.base = requireNonNull(base, "base");
        this.token = requireNonNull(token, "token");
    }

    /**
     * @param text {@code http://ADDR:PORT}, {@code ADDR:PORT}, {@code [v6]:PORT} or {@code PORT}
     *             (127.0.0.1, and {@link AdminServer#DEFAULT_PORT} when no port is given)
     * @return the base URI
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI baseUri(String text) {
        requireNonNull(text, "text");
        String t = text.startsWith("http://") ? text.substring(7) : text;
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (text.startsWith("https://")) {
            throw new IllegalArgumentException("--admin " + text + ": the admin API is plain HTTP (expected: http://ADDR:PORT)");
        }
        PeerAddress a;
        try {
            a = t.matches("[0-9]{1,5}") ? PeerAddress.parse("127.0.0.1:" + t)
                    : t.matches(".*:[0-9]{1,5}") ? PeerAddress.parse(t)
                    : PeerAddress.parse((t.contains(":") && !t.startsWith("[") ? "[" + t + "]" : t) + ":"
                            + AdminServer.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--admin " + text + ": expected http://ADDR:PORT, ADDR:PORT or PORT, "
                    + "with an IP literal (like 127.0.0.1:8239)");
        }
        try {
            return new URI("http://" + a);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--admin " + text + ": " + e.getMessage());
        }
    }

    /** An answer: its HTTP status and JSON body. */
    public record Answer(int status, JsonNode body) {
        /** @return the {@code error} field of an error answer, or the status */
        public String error() {
            JsonNode e = body.get("error");
            return e != null ? e.asText() : "HTTP " + status;
        }
    }

    /** @param path {@code /peers} ... @return the answer @throws IOException unreachable, timed out, not JSON */
    public Answer get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** @param path {@code /ban} ... @param json the body @return the answer @throws IOException as {@link #get} */
    public Answer post(String path, String json) throws IOException {
        return send("POST", path, requireNonNull(json, "json"));
    }

    private Answer send(String method, String path, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setInstanceFollowRedirects(false); // the token goes to the API it was meant for, nowhere else
            c.setConnectTimeout(5_000);
            c.setReadTimeout((int) AdminServer.TIMEOUT.plusSeconds(10).toMillis());
            c.setRequestProperty("Authorization", "Bearer " + token);
            c.setRequestProperty("Accept", "application/json");
            if (json != null) {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            byte[] bytes;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                bytes = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER + 1);
            }
            if (bytes.length > MAX_ANSWER) {
                throw new IOException("the answer is over " + (MAX_ANSWER >> 20) + " MiB");
            }
            JsonNode body;
            try {
                body = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new IOException(base + path + " did not answer JSON (is it a peerset admin API?)");
            }
            return new Answer(status, body == null ? MAPPER.createObjectNode() : body);
        } catch (ConnectException e) {
            throw new IOException("cannot reach the admin API at " + base + " (is 'peerset run --admin "
                    + base.getPort() + "' running?)", e);
        } catch (SocketTimeoutException e) {
            throw new IOException("the admin API at " + base + " did not answer in time", e);
        } finally {
            c.disconnect();
        }
    }
}
