package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.NodeConfig;
import io.peerset.wire.PeerAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests (QuickTheories) of what DNS seeding resolves and what it yields: every IP literal
 * is left to the {@code "configured"} source and every valid name is ours (the two sources split
 * the initial peers between them); a name's answers become canonical candidates with the entry's
 * port; a round's union keeps each address once, in first-seen order.
 */
class SeedEntryProperties {

    private static final int EXAMPLES = 300;

    private static Gen<Integer> ports() {
        return integers().between(1, 65_535);
    }

    private static Gen<byte[]> bytes(int length) {
        return Generate.byteArrays(Generate.constant(length), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    /** Raw addresses as a resolver might return them: IPv4, IPv6, and IPv4-mapped IPv6. */
    private static Gen<InetAddress> addresses() {
        Gen<InetAddress> v4 = bytes(4).map(SeedEntryProperties::byAddress);
        Gen<InetAddress> v6 = bytes(16).map(SeedEntryProperties::v6);
        Gen<InetAddress> mapped = bytes(4).map(b -> {
            byte[] raw = new byte[16];
            raw[10] = (byte) 0xff;
            raw[11] = (byte) 0xff;
            System.arraycopy(b, 0, raw, 12, 4);
            return v6(raw);
        });
        // Few distinct values too, so duplicates (including v4 vs mapped-v4) are common.
        Gen<InetAddress> small = integers().between(0, 3).map(i -> byAddress(new byte[] {10, 0, 0, (byte) (int) i}));
        Gen<InetAddress> smallMapped = integers().between(0, 3).map(i -> v6(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 10, 0, 0, (byte) (int) i}));
        return Generate.oneOf(v4, v6, mapped, small, smallMapped);
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An {@link Inet6Address} even for an IPv4-mapped address (InetAddress.getByAddress would map it back). */
    private static InetAddress v6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Valid host names: 1..5 labels of letters, digits, '-' inside and '_', the last starting with a letter. */
    private static Gen<String> names() {
        String inner = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        String edge = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        Gen<String> label = lists().of(integers().between(0, inner.length() - 1)).ofSizeBetween(0, 10)
                .zip(integers().between(0, edge.length() - 1), integers().between(0, edge.length() - 1),
                        (middle, first, last) -> {
                            StringBuilder s = new StringBuilder().append(edge.charAt(first));
                            middle.forEach(i -> s.append(inner.charAt(i)));
                            if (!middle.isEmpty()) {
                                s.append(edge.charAt(last));
                            }
                            return s.toString();
                        });
        Gen<String> tld = integers().between(0, letters.length() - 1).zip(label, (first, rest) -> letters.charAt(first) + rest);
        return lists().of(label).ofSizeBetween(0, 4).zip(tld, Generate.booleans(), (labels, top, rooted) -> {
            List<String> all = new ArrayList<>(labels);
            all.add(top);
            return String.join(".", all) + (rooted ? "." : "");
        });
    }

    @Test
    void ipv4LiteralsAreNeverResolved() {
        qt().withExamples(EXAMPLES).forAll(bytes(4), ports()).checkAssert((raw, port) -> {
            String entry = byAddress(raw).getHostAddress() + ":" + port;
            assertThat(SeedEntry.isIpLiteral(entry)).isTrue();
            assertThat(SeedEntry.parse(entry)).isEmpty();
        });
    }

    @Test
    void ipv6LiteralsInEitherFormAreNeverResolved() {
        qt().withExamples(EXAMPLES).forAll(bytes(16), ports(), Generate.booleans()).checkAssert((raw, port, compressed) -> {
            InetAddress ip = v6(raw);
            // RFC 5952 text (PeerAddress) or Java's full form (0:0:0:0:0:0:0:1).
            String entry = compressed ? new PeerAddress(ip, port).toString() : "[" + ip.getHostAddress() + "]:" + port;
            assertThat(SeedEntry.isIpLiteral(entry)).as(entry).isTrue();
            assertThat(SeedEntry.parse(entry)).as(entry).isEmpty();
        });
    }

    @Test
    void validNamesAreResolvedWithTheirPortAndAreNeverLiterals() {
        qt().withExamples(EXAMPLES).forAll(names(), ports()).checkAssert((name, port) -> {
            String entry = name + ":" + port;
            assertThatCode(() -> NodeConfig.checkHostPort(entry)).as(entry).doesNotThrowAnyException();
            assertThat(SeedEntry.isIpLiteral(entry)).as(entry).isFalse();
            Optional<SeedEntry> seed = SeedEntry.parse(entry);
            assertThat(seed).as(entry).contains(new SeedEntry(name.toLowerCase(Locale.ROOT), port));
            assertThat(seed.get().toString()).isEqualToIgnoringCase(entry);
        });
    }

    @Test
    void aNameWithAnyForbiddenCharacterIsRejected() {
        String forbidden = " !\"#$%&'()*+,/;<=>?@[\\]^`{|}~é";
        qt().withExamples(EXAMPLES).forAll(names(), integers().between(0, forbidden.length() - 1), integers().between(0, 100))
                .checkAssert((name, which, where) -> {
                    int at = where % (name.length() + 1);
                    String bad = name.substring(0, at) + forbidden.charAt(which) + name.substring(at);
                    assertThat(SeedEntry.nameProblem(bad)).as(bad).isNotNull();
                });
    }

    @Test
    void answersBecomeCanonicalCandidatesWithTheEntrysPort() {
        qt().withExamples(EXAMPLES).forAll(names(), ports(), lists().of(addresses()).ofSizeBetween(0, 12))
                .checkAssert((name, port, answers) -> {
                    SeedEntry seed = SeedEntry.parse(name + ":" + port).orElseThrow();
                    List<PeerAddress> candidates = seed.candidates(answers);

                    Set<PeerAddress> expected = new LinkedHashSet<>();
                    for (InetAddress answer : answers) {
                        expected.add(PeerAddress.of(answer.getAddress(), port));
                    }
                    assertThat(candidates).containsExactlyElementsOf(expected);
                    assertThat(candidates).allSatisfy(c -> {
                        assertThat(c.port()).isEqualTo(port);
                        // Canonical: an IPv4-mapped answer is yielded as plain IPv4.
                        if (c.ip() instanceof Inet6Address v6) {
                            byte[] raw = v6.getAddress();
                            assertThat(raw[10] == (byte) 0xff && raw[11] == (byte) 0xff
                                    && java.util.Arrays.equals(raw, 0, 10, new byte[10], 0, 10)).isFalse();
                        } else {
                            assertThat(c.ip()).isInstanceOf(Inet4Address.class);
                        }
                    });
                });
    }

    @Test
    void theUnionKeepsEveryAddressOnceInFirstSeenOrder() {
        Gen<List<PeerAddress>> perName = lists().of(addresses()).ofSizeBetween(0, 6)
                .zip(integers().between(8233, 8234), (answers, port) -> new SeedEntry("seed.example", port).candidates(answers));
        Gen<List<PeerAddress>> orFailed = Generate.frequency(
                org.quicktheories.api.Pair.of(4, perName),
                org.quicktheories.api.Pair.of(1, Generate.constant((List<PeerAddress>) null)));
        qt().withExamples(EXAMPLES).forAll(lists().of(orFailed).ofSizeBetween(0, 6)).checkAssert(rounds -> {
            List<PeerAddress> union = DnsSeedSource.union(rounds);

            List<PeerAddress> model = new ArrayList<>();
            for (List<PeerAddress> found : rounds) {
                if (found != null) {
                    for (PeerAddress a : found) {
                        if (!model.contains(a)) {
                            model.add(a);
                        }
                    }
                }
            }
            assertThat(union).containsExactlyElementsOf(model);
        });
    }
}
