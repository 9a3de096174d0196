package io.peerset.addressbook;

import io.peerset.api.BannedIp;
import io.peerset.api.Subnet;
import io.peerset.api.internal.AtomicFile;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bans of a node, kept across restarts (issue 16 §1.5, beyond the reference, whose bans live in
 * memory): {@code <cacheDir>/network/<network>.peerset-bans}, peerset's own file beside the peer
 * cache. One ban per line, misbehaviour bans oldest first, then the operator's:
 * {@code <ip>/<prefix> <banned at> <expires at> <m|o> <reason>}, the IP a literal (IPv6 in brackets;
 * a misbehaviour ban's IPv6 address is its /64's first address), the times ISO-8601 instants, {@code m}
 * for a misbehaviour ban and {@code o} for an operator's (issue 17), the reason the rest of the line;
 * {@code #} starts a comment. Lines of the first format, {@code <ip> <banned at> <expires at>}, are
 * still read (misbehaviour bans without a reason).
 *
 * <p>Reading is bounded and tolerant: at most {@code max} lines and 320 bytes a line are read, a bad
 * line is skipped and counted in one warning, expired bans are dropped by the book. Writing is atomic
 * (a temporary file renamed over the target). Stateless; blocking file I/O.
 */
final class BanFile {

    private static final Logger log = LoggerFactory.getLogger(BanFile.class);
    private static final int MAX_LINE_BYTES = 320;

    private BanFile() {
    }

    static Path path(Path cacheDir, Network network) {
        return cacheDir.resolve("network").resolve(network.name().toLowerCase(Locale.ROOT) + ".peerset-bans");
    }

    /**
     * @param file the file
     * @param max  the most misbehaviour bans kept ({@code max_banned_ips}): the last {@code max} of them are
     *             used, and the last {@link BanList#MAX_OPERATOR_BANS} of the operator's
     * @return the bans in the file, in file order; empty when it is missing or unreadable (said once)
     */
    static List<BannedIp> read(Path file, int max) {
        List<String> lines;
        try {
            long size = Files.size(file);
            if (size > (long) (max + BanList.MAX_OPERATOR_BANS) * MAX_LINE_BYTES + 4096) {
                log.warn("address book: ban file {} is {} bytes, more than {} bans take; ignoring it", file, size, max);
                return List.of();
            }
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            log.warn("address book: cannot read the ban file {} ({}); starting without its bans", file, e.toString());
            return List.of();
        }
        List<BannedIp> out = new ArrayList<>();
        int bad = 0;
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split(" +", 5);
            try {
                if (f.length < 3 || f.length == 4 && !f[3].matches("[mo]") || t.length() > MAX_LINE_BYTES) {
                    throw new IllegalArgumentException("fields");
                }
                if (f.length == 3) {
                    InetAddress ip = PeerAddress.parse(f[0] + ":1").ip();
                    out.add(new BannedIp(ip, Instant.parse(f[1]), Instant.parse(f[2])));
                } else {
                    if (!f[3].matches("[mo]")) {
                        throw new IllegalArgumentException("kind");
                    }
                    Subnet block = Subnet.parse(f[0].replace("[", "").replace("]", ""));
                    String reason = f.length == 5 ? f[4] : "";
                    out.add(new BannedIp(block.network(), block.prefixLength(), Instant.parse(f[1]), Instant.parse(f[2]),
                            reason, f[3].equals("o")));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                bad++;
            }
        }
        if (bad > 0) {
            log.warn("address book: skipped {} malformed line(s) of the ban file {}", bad, file);
        }
        // each kind trimmed on its own: the operator's bans (written last) never crowd out, nor are
        // crowded out by, misbehaviour bans
        List<BannedIp> misbehaviour = new ArrayList<>();
        List<BannedIp> operator = new ArrayList<>();
        for (BannedIp b : out) {
            (b.byOperator() ? operator : misbehaviour).add(b);
        }
        List<BannedIp> kept = new ArrayList<>(misbehaviour.size() > max
                ? misbehaviour.subList(misbehaviour.size() - max, misbehaviour.size()) : misbehaviour);
        kept.addAll(operator.size() > BanList.MAX_OPERATOR_BANS
                ? operator.subList(operator.size() - BanList.MAX_OPERATOR_BANS, operator.size()) : operator);
        return kept;
    }

    /** Writes {@code bans} (oldest first) atomically. */
    static void write(Path file, List<BannedIp> bans, RandomGenerator random) throws IOException {
        StringBuilder text = new StringBuilder("# peerset bans: ip/prefix banned-at expires-at m(isbehaviour)|o(perator)"
                + " reason (docs/SECURITY.md)\n");
        for (BannedIp b : bans) {
            String ip = b.ip() instanceof Inet6Address ? "[" + b.ip().getHostAddress() + "]" : b.ip().getHostAddress();
            text.append(ip).append('/').append(b.prefixLength()).append(' ').append(b.bannedAt()).append(' ')
                    .append(b.expiresAt()).append(' ').append(b.byOperator() ? 'o' : 'm');
            if (!b.reason().isEmpty()) {
                text.append(' ').append(b.reason());
            }
            text.append('\n');
        }
        if (!AtomicFile.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), random, false)) {
            log.warn(AtomicFile.notAtomic(file));
        }
    }
}
