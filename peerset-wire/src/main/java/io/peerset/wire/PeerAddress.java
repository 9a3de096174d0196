package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address and port of a peer, canonicalised: an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) becomes the plain IPv4 address, and IPv6 scope ids are dropped. Bans,
 * per-IP limits and peer keys therefore agree on dual-stack listeners (reference section 8, #33).
 *
 * <p>{@link #toString()} gives {@code 1.2.3.4:8233} or {@code [2001:db8::1]:8233} (RFC 5952 text);
 * {@link #redacted()} hides the IP for logs at info level and above. Never performs a DNS lookup.
 * Immutable and thread-safe.
 *
 * @param ip   the canonical address
 * @param port the port, 0..65535
 */
public record PeerAddress(InetAddress ip, int port) {

    private static volatile boolean showInLogs;

    /**
     * Canonicalises and validates.
     *
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public PeerAddress {
        requireNonNull(ip, "ip");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (!(ip instanceof Inet4Address) && (((Inet6Address) ip).getScopeId() != 0
                || ((Inet6Address) ip).getScopedInterface() != null || isIpv4Mapped(ip.getAddress()))) {
            // Already-canonical addresses (the codec's) are kept as they are: no second copy.
            ip = canonical(ip.getAddress());
        }
    }

    /**
     * Builds an address from raw address bytes as carried on the wire.
     *
     * @param address 4 bytes (IPv4) or 16 bytes (IPv6, IPv4-mapped allowed)
     * @param port    0..65535
     * @return the canonical address
     */
    public static PeerAddress of(byte[] address, int port) {
        return new PeerAddress(canonical(requireNonNull(address, "address")), port);
    }

    /**
     * @param socketAddress a resolved socket address
     * @return the canonical peer address
     * @throws IllegalArgumentException if {@code socketAddress} is unresolved
     */
    public static PeerAddress of(InetSocketAddress socketAddress) {
        requireNonNull(socketAddress, "socketAddress");
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("socketAddress: " + socketAddress + " (expected: resolved)");
        }
        return new PeerAddress(socketAddress.getAddress(), socketAddress.getPort());
    }

    /**
     * Parses a literal {@code a.b.c.d:port} or {@code [ipv6]:port}. Host names are refused: this
     * method never resolves.
     *
     * @param text the literal
     * @return the canonical address
     * @throws IllegalArgumentException if {@code text} is not such a literal
     */
    public static PeerAddress parse(String text) {
        requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw badLiteral(text);
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw badLiteral(text);
        }
        byte[] bytes;
        if (host.startsWith("[") && host.endsWith("]")) {
            bytes = parseIpv6(host.substring(1, host.length() - 1));
        } else {
            bytes = parseIpv4(host);
        }
        if (bytes == null || port < 0 || port > 65_535) {
            throw badLiteral(text);
        }
        return of(bytes, port);
    }

    private static IllegalArgumentException badLiteral(String text) {
        return new IllegalArgumentException("address: \"" + text
                + "\" (expected: an IP literal and port, like 1.2.3.4:8233 or [2001:db8::1]:8233)");
    }

    private static byte[] parseIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String host) {
        if (!host.matches("[0-9a-fA-F:.]{2,45}")) {
            return null;
        }
        try {
            // A literal made only of hex digits, colons and dots is parsed without any lookup.
            return InetAddress.getByName("[" + host + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress canonical(byte[] raw) {
        try {
            if (raw.length == 16 && isIpv4Mapped(raw)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(raw, 12, 16));
            }
            if (raw.length == 4 || raw.length == 16) {
                return InetAddress.getByAddress(raw);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("length already checked", e);
        }
        throw new IllegalArgumentException("address: " + raw.length + " bytes (expected: 4 or 16)");
    }

    private static boolean isIpv4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    /** @return whether the address is IPv4 */
    public boolean isIpv4() {
        return ip instanceof Inet4Address;
    }

    /**
     * @return the 16-byte form carried in {@code addr} and {@code version} messages (IPv4 as
     *         {@code ::ffff:a.b.c.d})
     */
    public byte[] toIpv6Bytes() {
        byte[] raw = ip.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    /** @return the socket address (no lookup) */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(ip, port);
    }

    /** @return the IP as text: dotted quad, or RFC 5952 compressed IPv6 without brackets */
    public String ipText() {
        return ip instanceof Inet6Address ? ipv6Text(ip.getAddress()) : ip.getHostAddress();
    }

    /**
     * Process-wide switch for {@link #redacted()}: an operator who wants peer IPs in the logs (the
     * command line's {@code --log-ips}) turns it on at start-up. Off by default: logs at info level and
     * above name no peer IP, so they can be shared.
     *
     * @param show whether {@link #redacted()} shows the real address
     */
    public static void showInLogs(boolean show) {
        showInLogs = show;
    }

    /** @return whether {@link #redacted()} shows real addresses (see {@link #showInLogs(boolean)}) */
    public static boolean showsInLogs() {
        return showInLogs;
    }

    /**
     * @return {@code v4redacted:port} or {@code v6redacted:port}, for logs at info level and above;
     *         the address itself once {@link #showInLogs(boolean)} was turned on
     */
    public String redacted() {
        return showInLogs ? toString() : (isIpv4() ? "v4redacted:" : "v6redacted:") + port;
    }

    @Override
    public String toString() {
        return isIpv4() ? ipText() + ":" + port : "[" + ipText() + "]:" + port;
    }

    /** RFC 5952: lowercase hex, no leading zeros, the longest run (>= 2) of zero groups as "::". */
    private static String ipv6Text(byte[] raw) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
