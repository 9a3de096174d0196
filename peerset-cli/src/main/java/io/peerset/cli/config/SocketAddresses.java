package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the socket addresses of the configuration file ({@code listen_addr},
 * {@code external_addr}, {@code dns_server}) the way zebrad does (reference section 3.1):
 * <ol>
 *   <li>{@code a.b.c.d:port} or {@code [ipv6]:port};</li>
 *   <li>else the text with {@code ":<default port>"} appended, so a bare {@code a.b.c.d} or a
 *       bracketed {@code [ipv6]} gets the network's default port;</li>
 *   <li>else a bare, unbracketed IPv6 address ({@code ::}, {@code 2001:db8::1}), also with the
 *       default port.</li>
 * </ol>
 * Host names are refused with a message saying so: zebrad documents them but its parser never
 * accepted them (reference Appendix A.12), and peerset never resolves a name to listen on. IPv4
 * octets with leading zeros ({@code 010.0.0.1}) are refused as Rust refuses them (they read as
 * octal elsewhere). The result is canonical ({@link PeerAddress}: IPv4-mapped IPv6 becomes IPv4).
 *
 * <p>Stateless and thread-safe.
 */
public final class SocketAddresses {

    private static final String OCTET = "(?:0|[1-9][0-9]{0,2})";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern WITH_PORT = Pattern.compile("(.*):([0-9]{1,5})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?(:[0-9]*)?");

    private SocketAddresses() {
    }

    /**
     * Parses an address with an optional port.
     *
     * @param text        {@code ip:port}, {@code [ipv6]:port}, {@code ip}, {@code [ipv6]} or an
     *                    unbracketed IPv6 address; surrounding whitespace is not allowed
     * @param defaultPort the port used when {@code text} has none
     * @return the canonical address
     * @throws IllegalArgumentException with the reason and the expected forms (a host name is
     *                                  named as such)
     */
    public static PeerAddress parse(String text, int defaultPort) {
        requireNonNull(text, "text");
        Checks.inRange("defaultPort", defaultPort, 0, 65_535);
        Matcher withPort = WITH_PORT.matcher(text);
        if (withPort.matches()) {
            int port = Integer.parseInt(withPort.group(2));
            if (port > 65_535 && literal(withPort.group(1), 0) != null) {
                throw new IllegalArgumentException("\"" + text + "\": port " + port + " (expected: 0..65535)");
            }
            PeerAddress address = literal(withPort.group(1), port);
            if (address != null) {
                return address;
            }
        }
        PeerAddress address = literal(text, defaultPort);
        if (address != null) {
            return address;
        }
        if (IPV6_CHARS.matcher(text).matches() && text.indexOf(':') >= 0) {
            address = literal("[" + text + "]", defaultPort);
            if (address != null) {
                return address;
            }
        }
        if (HOST_NAME.matcher(text).matches() && text.chars().anyMatch(Character::isLetter)) {
            throw new IllegalArgumentException("\"" + text + "\" is a host name; host names are not "
                    + "resolved here (expected: an IP address, optionally with a port, like \"0.0.0.0\", "
                    + "\"[::]:8233\" or \"192.0.2.1:8233\")");
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an IP address (expected: ip:port, "
                + "[ipv6]:port, or a bare IP that gets the default port " + defaultPort
                + ", like \"0.0.0.0\", \"[::]:8233\" or \"192.0.2.1:8233\")");
    }

    /** {@code host} as an IPv4 literal or a bracketed IPv6 literal with {@code port}, else null. */
    private static PeerAddress literal(String host, int port) {
        if (port > 65_535) {
            return null;
        }
        boolean bracketed = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                && IPV6_CHARS.matcher(host.substring(1, host.length() - 1)).matches();
        if (!bracketed && !IPV4.matcher(host).matches()) {
            return null;
        }
        try {
            return PeerAddress.parse(host + ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
