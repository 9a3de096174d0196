package io.peerset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.cli.admin.AdminClient;
import io.peerset.cli.admin.AdminCookie;
import io.peerset.cli.admin.AdminServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands that talk to a running node's admin API ({@code peerset run --admin}, issue 17 §2):
 * {@code peers}, {@code bans}, {@code ban}, {@code unban}, {@code connect} and {@code disconnect}.
 * Each sends one request with the cookie's token and prints the answer — for people, or with
 * {@code --json} the API's JSON as it came.
 *
 * <p>Exit status: 0 when the node did it; 1 when it refused (the reason on standard error, one line),
 * or the API could not be reached or refused the cookie; 2 on usage errors.
 */
final class AdminCommands {

    private AdminCommands() {
    }

    /** Exit status when the node refused or could not be reached. */
    static final int EXIT_FAILED = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Options every admin command takes. */
    static final class Target {
        @Option(names = "--admin", paramLabel = "URL",
                description = "The node's admin API: http://ADDR:PORT, ADDR:PORT or PORT (default: 127.0.0.1:"
                        + AdminServer.DEFAULT_PORT + ").")
        String admin = "127.0.0.1:" + AdminServer.DEFAULT_PORT;

        @Option(names = "--admin-cookie", paramLabel = "FILE",
                description = "The node's cookie file (default: <default cache dir>/peerset-admin-<port>.cookie).")
        Path cookie;

        @Option(names = "--json", description = "Print the API's JSON answer.")
        boolean json;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }

    /** The shared part: connect, send, report. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        /** @return the answer of this command's request */
        abstract AdminClient.Answer send(AdminClient client) throws IOException;

        /** Prints a successful answer for people. */
        abstract void print(PrintWriter out, JsonNode body);

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.qualifiedName();
            URI base;
            try {
                base = AdminClient.baseUri(target.admin);
            } catch (IllegalArgumentException e) {
                err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
                return spec.exitCodeOnInvalidInput();
            }
            if (target.cookie == null && !isLoopback(base)) {
                // the default cookie is this machine's node's: never send its token to another host
                err.println(name + ": --admin " + target.admin + " is not this machine; give its node's cookie with "
                        + "--admin-cookie (see '" + name + " --help')");
                return spec.exitCodeOnInvalidInput();
            }
            Path cookie = target.cookie != null ? target.cookie : AdminCookie.defaultPath(Optional.empty(), base.getPort());
            AdminClient.Answer answer;
            try {
                answer = send(new AdminClient(base, AdminCookie.read(cookie)));
            } catch (IllegalArgumentException e) {
                err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
                return spec.exitCodeOnInvalidInput();
            } catch (IOException e) {
                err.println(name + ": " + e.getMessage());
                return EXIT_FAILED;
            }
            if (answer.status() == 401) {
                err.println(name + ": the admin API at " + base + " refused the cookie " + cookie
                        + " (the node writes a new one at each start; give its file with --admin-cookie)");
                return EXIT_FAILED;
            }
            if (answer.status() != 200) {
                err.println(name + ": " + answer.error());
                return EXIT_FAILED;
            }
            if (target.json) {
                out.println(answer.body().toString());
            } else {
                print(out, answer.body());
            }
            out.flush();
            return 0;
        }

        private static boolean isLoopback(URI base) {
            try {
                return io.peerset.wire.PeerAddress.parse(base.getHost().startsWith("[") ? base.getHost() + ":1"
                        : base.getHost() + ":1").ip().isLoopbackAddress();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        static String body(String field, Object value) {
            ObjectNode o = MAPPER.createObjectNode();
            o.putPOJO(field, value);
            return o.toString();
        }
    }

    @Command(name = "peers", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"List a running node's peers (as bitcoind's getpeerinfo): address, direction, state, "
                    + "version, user agent, height, age, routing load, last round trip, traffic, network group, "
                    + "misbehaviour.", "Needs 'peerset run --admin'."})
    static final class Peers extends Base {
        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            return client.get("/peers");
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            JsonNode peers = body.path("peers");
            Instant now = Instant.now();
            out.printf(Locale.ROOT, "%-24s %-3s %-8s %-7s %-22s %9s %8s %9s %8s %15s %15s %-18s %s%n", "ADDRESS", "DIR",
                    "STATE", "VERSION", "USER AGENT", "HEIGHT", "AGE", "LOAD ms", "RTT ms", "IN msg/bytes",
                    "OUT msg/bytes", "NETGROUP", "SCORE");
            int outbound = 0;
            for (JsonNode p : peers) {
                boolean in = "inbound".equals(p.path("direction").asText());
                outbound += in ? 0 : 1;
                out.printf(Locale.ROOT, "%-24s %-3s %-8s %-7d %-22s %9d %8s %9.1f %8s %15s %15s %-18s %d%n",
                        p.path("address").asText(), in ? "in" : "out", p.path("state").asText(),
                        p.path("version").asLong(), printable(p.path("userAgent").asText(), 22),
                        p.path("startHeight").asLong(), age(now, p.path("connectedSince").asText()),
                        p.path("loadMillis").asDouble(), p.path("lastRttMillis").isNumber()
                                ? String.format(Locale.ROOT, "%.1f", p.path("lastRttMillis").asDouble()) : "-",
                        p.path("messagesReceived").asLong() + "/" + bytes(p.path("bytesReceived").asLong()),
                        p.path("messagesSent").asLong() + "/" + bytes(p.path("bytesSent").asLong()),
                        p.path("netgroup").asText(), p.path("misbehaviour").asInt());
            }
            out.println(peers.size() + " peer(s): " + outbound + " outbound, " + (peers.size() - outbound) + " inbound");
        }
    }

    @Command(name = "bans", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"List a running node's bans: misbehaviour bans and the operator's.",
                    "Needs 'peerset run --admin'."})
    static final class Bans extends Base {
        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            return client.get("/bans");
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            JsonNode bans = body.path("bans");
            for (JsonNode b : bans) {
                out.println(banLine(b));
            }
            out.println(bans.size() + " ban(s)");
        }
    }

    @Command(name = "ban", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"Ban an address or block (203.0.113.7, 203.0.113.0/24, 2001:db8::/32) on a running node: "
                    + "its connections close and it is neither dialled nor accepted until the ban ends. One IPv6 "
                    + "address bans its /64. Kept across restarts.", "Needs 'peerset run --admin'."})
    static final class Ban extends Base {
        @Parameters(paramLabel = "SUBNET", description = "The address or block.")
        String subnet;

        @Option(names = "--duration", paramLabel = "DURATION", description = "How long, like 90s, 12h or 7d "
                + "(default: 1d, up to 3650d).")
        String duration = "1d";

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept with the ban, at most 200 characters).")
        String reason = "";

        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("subnet", subnet);
            o.put("duration", duration);
            o.put("reason", reason);
            return client.post("/ban", o.toString());
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            out.println("banned " + banLine(body.path("banned")));
        }
    }

    @Command(name = "unban", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"Lift a ban on a running node (the block given to 'peerset ban', or one address).",
                    "Needs 'peerset run --admin'."})
    static final class Unban extends Base {
        @Parameters(paramLabel = "SUBNET", description = "The address or block.")
        String subnet;

        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            return client.post("/unban", body("subnet", subnet));
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            out.println("unbanned " + subnet);
        }
    }

    @Command(name = "connect", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"Connect a running node to a peer now (as bitcoind's addnode), once or kept: a kept "
                    + "address is dialled again whenever its connection ends.", "Needs 'peerset run --admin'."})
    static final class Connect extends Base {
        @Parameters(paramLabel = "ADDR:PORT", description = "The peer, an IP literal and port.")
        String address;

        @Option(names = "--keep", description = "Keep connecting to it (until 'peerset disconnect').")
        boolean keep;

        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("address", address);
            o.put("keep", keep);
            return client.post("/connect", o.toString());
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            JsonNode c = body.path("connected");
            out.printf(Locale.ROOT, "connected to %s (version %d, %s) in %.0f ms%s%n", c.path("address").asText(),
                    c.path("version").asLong(), printable(c.path("userAgent").asText(), 64),
                    c.path("handshakeMillis").asDouble(), body.path("kept").asBoolean() ? "; kept" : "");
        }
    }

    @Command(name = "disconnect", sortOptions = false, exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1,
            description = {"Close a running node's connections to a peer and stop keeping it.",
                    "Needs 'peerset run --admin'."})
    static final class Disconnect extends Base {
        @Parameters(paramLabel = "ADDR:PORT", description = "The peer, as 'peerset peers' shows it.")
        String address;

        @Override
        AdminClient.Answer send(AdminClient client) throws IOException {
            return client.post("/disconnect", body("address", address));
        }

        @Override
        void print(PrintWriter out, JsonNode body) {
            out.println("closed " + body.path("disconnected").asInt() + " connection(s) to " + address);
        }
    }

    /** One ban for people: {@code 203.0.113.0/24 until 2026-12-07T10:00:00Z (operator): reason}. */
    static String banLine(JsonNode b) {
        String reason = b.path("reason").asText("");
        return b.path("subnet").asText() + " until " + b.path("expiresAt").asText() + " (" + b.path("by").asText() + ")"
                + (reason.isEmpty() ? "" : ": " + printable(reason, 200));
    }

    /** Remote text for a terminal: control characters replaced, cut to {@code max}. */
    static String printable(String text, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return b.toString();
    }

    /** @return {@code 5s}, {@code 12m}, {@code 3h}, {@code 2d} since {@code since} */
    static String age(Instant now, String since) {
        try {
            long s = Math.max(0, Duration.between(Instant.parse(since), now).getSeconds());
            return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** @return {@code 512B}, {@code 34kB}, {@code 12MB} */
    static String bytes(long n) {
        return n < 10_000 ? n + "B" : n < 10_000_000 ? n / 1000 + "kB" : n / 1_000_000 + "MB";
    }
}
