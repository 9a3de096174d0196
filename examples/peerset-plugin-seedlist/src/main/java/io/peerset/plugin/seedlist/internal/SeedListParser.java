package io.peerset.plugin.seedlist.internal;

import io.peerset.wire.PeerAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the seed-list format: UTF-8 text, one address per line ({@code 1.2.3.4:8233} or
 * {@code [2001:db8::1]:8233}, the port required), {@code #} starting a comment anywhere on a line,
 * blank lines and surrounding spaces ignored, {@code \n} or {@code \r\n} line ends, an optional
 * byte-order mark.
 *
 * <p>The input may come from a hostile server, so nothing in it can make the parser do more than
 * a bounded amount of work or fail the whole list: a line that is not an address (a host name, a
 * bad port, port 0, invalid UTF-8, longer than {@value SeedListConstants#MAX_LINE_BYTES} bytes) is
 * skipped and counted, duplicates are dropped, and reading stops at {@code maxPeers} addresses. Host
 * names are refused rather than resolved: resolving them is the {@code dns} source's job, and a list
 * that needs DNS defeats the purpose of a list. The only failure is input larger than its bound.
 *
 * <p>Stateless and thread-safe.
 */
public final class SeedListParser {

    private SeedListParser() {
    }

    /**
     * @param text     the list's bytes
     * @param maxBytes the most bytes accepted
     * @param maxPeers the most addresses returned; reading stops there
     * @return the addresses and what was skipped
     * @throws SeedListException if {@code text} is longer than {@code maxBytes} (the fetchers never
     *                           pass such input; the check keeps the bound where the work is)
     * @throws IllegalArgumentException if {@code maxBytes} or {@code maxPeers} is not positive
     */
    public static SeedList parse(byte[] text, int maxBytes, int maxPeers) {
        if (maxBytes <= 0 || maxPeers <= 0) {
            throw new IllegalArgumentException("maxBytes, maxPeers: " + maxBytes + ", " + maxPeers + " (expected: > 0)");
        }
        if (text.length > maxBytes) {
            throw new SeedListException(text.length + " bytes (expected: at most " + maxBytes + ")");
        }
        Set<PeerAddress> peers = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        int bad = 0;
        int duplicates = 0;
        int lineNumber = 0;
        int start = startsWithBom(text) ? 3 : 0;
        while (start < text.length) {
            int end = indexOf(text, (byte) '\n', start);
            int stop = end < 0 ? text.length : end;
            int next = end < 0 ? text.length : end + 1;
            lineNumber++;
            if (peers.size() == maxPeers) {
                if (hasContent(text, start, text.length)) {
                    return new SeedList(List.copyOf(peers), bad, problems, duplicates, OptionalInt.of(lineNumber));
                }
                break;
            }
            if (stop > start && text[stop - 1] == '\r') {
                stop--;
            }
            String problem = problem(text, start, stop, peers);
            if (problem != null && problem.isEmpty()) {
                duplicates++;
            } else if (problem != null) {
                bad++;
                if (problems.size() < SeedListConstants.BAD_LINES_SHOWN) {
                    problems.add("line " + lineNumber + ": " + problem);
                }
            }
            start = next;
        }
        return new SeedList(List.copyOf(peers), bad, problems, duplicates, OptionalInt.empty());
    }

    /**
     * Reads one line into {@code peers}.
     *
     * @return null when the line was an address, a comment or blank; "" when it repeated an address;
     *         else what is wrong with it
     */
    private static String problem(byte[] text, int from, int to, Set<PeerAddress> peers) {
        if (to - from > SeedListConstants.MAX_LINE_BYTES) {
            return "longer than " + SeedListConstants.MAX_LINE_BYTES + " bytes";
        }
        String line = decode(text, from, to);
        if (line == null) {
            return "not UTF-8";
        }
        int hash = line.indexOf('#');
        String entry = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (entry.isEmpty()) {
            return null;
        }
        PeerAddress address;
        try {
            address = PeerAddress.parse(entry);
        } catch (IllegalArgumentException e) {
            return "not an IP address and port (expected: like 1.2.3.4:8233 or [2001:db8::1]:8233; host names are"
                    + " not resolved)";
        }
        if (address.port() == 0) {
            return "port 0 (expected: 1..65535)";
        }
        return peers.add(address) ? null : "";
    }

    private static boolean startsWithBom(byte[] text) {
        return text.length >= 3 && (text[0] & 0xff) == 0xef && (text[1] & 0xff) == 0xbb && (text[2] & 0xff) == 0xbf;
    }

    private static int indexOf(byte[] text, byte b, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether anything but line ends and spaces is left: a list that ends exactly at the bound is not truncated. */
    private static boolean hasContent(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = text[i];
            if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Strict UTF-8: malformed input is a bad line, never replacement characters that might parse. */
    private static String decode(byte[] text, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
