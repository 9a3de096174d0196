package io.peerset.cli.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.peerset.api.BannedIp;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerInfo;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The admin API's JSON: one writer per shape, shared with {@code peerset run --json}'s status lines so
 * that a status reads the same everywhere. Field names are the API's contract (docs: README "Admin
 * API"); times are ISO-8601 instants, durations milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdminJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AdminJson() {
    }

    /** Writes the JSON one {@link Body} produces. */
    @FunctionalInterface
    public interface Body {
        /** @param g the generator @throws IOException never, into a string */
        void write(JsonGenerator g) throws IOException;
    }

    /** @return what {@code body} writes, as a string */
    public static String of(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * The status fields of {@code peerset run --json}: {@code outbound}, {@code inbound}, {@code ready},
     * {@code addressBook} (counts by state) and {@code handshakes} ({@code ok}, {@code failed}).
     */
    public static void statusFields(JsonGenerator g, NodeStatus s) throws IOException {
        g.writeNumberField("outbound", s.outbound());
        g.writeNumberField("inbound", s.inbound());
        g.writeNumberField("ready", s.ready());
        g.writeObjectFieldStart("addressBook");
        for (PeerAddrState state : PeerAddrState.values()) {
            g.writeNumberField(stateName(state), s.addressBook().getOrDefault(state, 0));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("handshakes");
        g.writeNumberField("ok", s.handshakesOk());
        g.writeNumberField("failed", s.handshakesFailed());
        g.writeEndObject();
    }

    /** @return a state's name in status lines, its code: {@code connected}, {@code never-connected}, ... */
    public static String stateName(PeerAddrState state) {
        return state.code();
    }

    /** One peer (Bitcoin Core's {@code getpeerinfo} is the model). */
    static void peer(JsonGenerator g, PeerInfo p) throws IOException {
        g.writeStartObject();
        g.writeStringField("address", p.address().toString());
        g.writeStringField("direction", p.inbound() ? "inbound" : "outbound");
        g.writeStringField("state", p.state().code());
        g.writeNumberField("version", p.negotiatedVersion());
        g.writeNumberField("announcedVersion", p.announcedVersion());
        g.writeStringField("userAgent", p.userAgent()); // the generator escapes what the peer chose
        g.writeNumberField("services", p.services().bits());
        g.writeNumberField("startHeight", p.startHeight());
        g.writeStringField("connectedSince", p.connectedSince().toString());
        g.writeNumberField("loadMillis", Math.round(p.loadMillis() * 1000) / 1000.0);
        if (p.lastRtt().isPresent()) {
            g.writeNumberField("lastRttMillis", p.lastRtt().get().toNanos() / 1e6);
        } else {
            g.writeNullField("lastRttMillis");
        }
        g.writeNumberField("messagesReceived", p.traffic().messagesReceived());
        g.writeNumberField("messagesSent", p.traffic().messagesSent());
        g.writeNumberField("bytesReceived", p.traffic().bytesReceived());
        g.writeNumberField("bytesSent", p.traffic().bytesSent());
        g.writeStringField("netgroup", p.netgroup());
        g.writeNumberField("misbehaviour", p.misbehaviorScore());
        g.writeEndObject();
    }

    /** One ban. */
    static void ban(JsonGenerator g, BannedIp b) throws IOException {
        g.writeStartObject();
        g.writeStringField("subnet", b.subnet().toString());
        g.writeStringField("bannedAt", b.bannedAt().toString());
        g.writeStringField("expiresAt", b.expiresAt().toString());
        g.writeStringField("reason", b.reason());
        g.writeStringField("by", b.byOperator() ? "operator" : "misbehaviour");
        g.writeEndObject();
    }

    /** A new connection. */
    static void connection(JsonGenerator g, ConnectionInfo c) throws IOException {
        g.writeStartObject();
        g.writeStringField("address", c.remoteAddress().toString());
        g.writeNumberField("version", c.negotiatedVersion());
        g.writeStringField("userAgent", c.remoteVersion().userAgent());
        g.writeNumberField("handshakeMillis", c.handshakeTime().toNanos() / 1e6);
        g.writeEndObject();
    }

    /** A list of addresses. */
    static void addresses(JsonGenerator g, String field, List<PeerAddress> addresses) throws IOException {
        g.writeArrayFieldStart(field);
        for (PeerAddress a : addresses) {
            g.writeString(a.toString());
        }
        g.writeEndArray();
    }

    /** {@code {"error": message}}. */
    static String error(String message) {
        return of(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
