package io.peerset.plugin.seedlist.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP/1.1 server on 127.0.0.1 for the plugin's integration tests: each path answers with
 * bytes written as they are, so a test can send what a hostile server would (a false length, a body
 * that never ends, a redirect). Plain sockets rather than the JDK's HTTP server: this module must not
 * read {@code jdk.httpserver}, and a test needs bytes no well-behaved server writes.
 *
 * <p>One daemon thread per connection; {@link #close()} stops accepting and closes every connection.
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** A scripted answer: the raw bytes, and whether to keep the connection open afterwards (a stalled body). */
    record Answer(byte[] bytes, boolean stall) {
        static Answer ok(byte[] body) {
            return raw(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body, false);
        }

        static Answer status(int status, String headers) {
            return raw(("HTTP/1.1 " + status + " Scripted\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), new byte[0], false);
        }

        static Answer raw(byte[] head, byte[] body, boolean stall) {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return new Answer(all, stall);
        }
    }

    private final ServerSocket server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    LoopbackHttpServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "test-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return {@code http://127.0.0.1:<port>} + path */
    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.put(s, true);
                Thread t = new Thread(() -> serve(s), "test-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            String head = readHead(in);
            requests.incrementAndGet();
            String path = head.split(" ", 3)[1];
            Answer a = answers.getOrDefault(path, Answer.status(404, ""));
            out.write(a.bytes());
            out.flush();
            if (a.stall()) {
                closed.await();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: what the hostile-server tests provoke
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(s);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
            if (head.length() > 16_384) {
                throw new IOException("request head too long");
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : open.keySet()) {
            s.close();
        }
    }
}
