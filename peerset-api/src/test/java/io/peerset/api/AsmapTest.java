package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asmap interpreter and checker against maps built here from the format's description (an
 * encoder of our own: a tree of address-bit branches, prefix matches and defaults, written as the
 * format's instructions), and the groups {@link Netgroups} makes with one.
 */
class AsmapTest {

    // ---- an encoder, from the format's description ----

    /** A map as a tree over the address bits. */
    sealed interface Tree permits Leaf, Branch, Match, Default {
    }

    /** The answer. */
    record Leaf(long asn) implements Tree {
    }

    /** The next address bit chooses. */
    record Branch(Tree zero, Tree one) implements Tree {
    }

    /** The next address bits must be {@code bits} (most significant first); else the default. */
    record Match(String bits, Tree next) implements Tree {
    }

    /** The answer for a failed match from here on. */
    record Default(long asn, Tree next) implements Tree {
    }

    private static final int[] TYPE = {0, 0, 1};
    private static final int[] ASN = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
            27, 28, 29, 30};

    /** The variable-length code: continuation bits pick a width class, then the bits of the rest. */
    static void number(List<Boolean> out, long value, long min, int[] sizes) {
        long v = value - min;
        for (int k = 0; k < sizes.length; k++) {
            boolean last = k + 1 == sizes.length;
            if (!last && v >= 1L << sizes[k]) {
                out.add(true);
                v -= 1L << sizes[k];
                continue;
            }
            if (!last) {
                out.add(false);
            }
            for (int b = sizes[k] - 1; b >= 0; b--) {
                out.add(((v >>> b) & 1) != 0);
            }
            return;
        }
        throw new IllegalArgumentException("too large: " + value);
    }

    static List<Boolean> encode(Tree t) {
        List<Boolean> out = new ArrayList<>();
        if (t instanceof Leaf l) {
            number(out, 0, 0, TYPE);
            number(out, l.asn(), 1, ASN);
        } else if (t instanceof Branch b) {
            List<Boolean> zero = encode(b.zero());
            number(out, 1, 0, TYPE);
            number(out, zero.size(), 17, JUMP); // skipped when the bit is 1
            out.addAll(zero);
            out.addAll(encode(b.one()));
        } else if (t instanceof Match m) {
            // at most 8 bits per instruction; only the last of a run may be shorter
            for (int i = 0; i < m.bits().length(); i += 8) {
                String chunk = m.bits().substring(i, Math.min(m.bits().length(), i + 8));
                number(out, 2, 0, TYPE);
                number(out, (1L << chunk.length()) | Long.parseLong(chunk, 2), 2, MATCH);
            }
            out.addAll(encode(m.next()));
        } else if (t instanceof Default d) {
            number(out, 3, 0, TYPE);
            number(out, d.asn(), 1, ASN);
            out.addAll(encode(d.next()));
        }
        return out;
    }

    /** Bits to bytes, least significant bit first, zero-padded. */
    static byte[] bytes(List<Boolean> bits) {
        byte[] b = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)) {
                b[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return b;
    }

    /** The model: the tree walked over the address's 128 bits. */
    static long lookup(Tree t, byte[] ip16) {
        int at = 0;
        long dflt = 0;
        while (true) {
            if (t instanceof Leaf l) {
                return l.asn();
            } else if (t instanceof Branch b) {
                t = bit(ip16, at++) ? b.one() : b.zero();
            } else if (t instanceof Match m) {
                for (char c : m.bits().toCharArray()) {
                    if (bit(ip16, at++) != (c == '1')) {
                        return dflt;
                    }
                }
                t = m.next();
            } else {
                Default d = (Default) t;
                dflt = d.asn();
                t = d.next();
            }
        }
    }

    static boolean bit(byte[] ip, int i) {
        return ((ip[i / 8] >> (7 - i % 8)) & 1) != 0;
    }

    static String bits(String... octets) {
        StringBuilder s = new StringBuilder();
        for (String o : octets) {
            int v = Integer.parseInt(o);
            for (int b = 7; b >= 0; b--) {
                s.append((v >> b) & 1);
            }
        }
        return s.toString();
    }

    /**
     * IPv4 (read as {@code ::ffff:0:0/96}, whose first 3 bits are 000) 1.0.0.0/8 is AS 13335 but
     * 1.2.0.0/16 is AS 4134; 200.0.0.0/5 (200 to 207) is AS 3320; other IPv4 addresses are AS 64512 (a
     * default); IPv6 2001:db8::/32 (first bits 001) is AS 65001; everything else none.
     */
    static final Tree VECTOR = new Match("00", new Branch(
            new Match("0".repeat(77) + "1".repeat(16), new Default(64512, new Branch(
                    new Match("0000001", new Default(13335, new Match(bits("2"), new Leaf(4134)))),
                    new Match("1001", new Leaf(3320))))),
            new Match(bits("32", "1", "13", "184").substring(3), new Leaf(65001))));

    static Asmap vector() {
        return Asmap.parse(bytes(encode(VECTOR)));
    }

    static InetAddress ip(String text) {
        return PeerAddress.parse(text.contains(":") ? "[" + text + "]:1" : text + ":1").ip();
    }

    private static Path oneAs;

    /** A file holding the smallest valid map — RETURN AS 1: 17 zero bits and 7 of padding — made once. */
    static synchronized Path oneAsFile() {
        if (oneAs == null) {
            try {
                oneAs = Files.createTempFile("peerset-asmap", ".map");
                oneAs.toFile().deleteOnExit();
                Files.write(oneAs, new byte[3]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return oneAs;
    }

    // ---- tests ----

    @Test
    void theVectorMapsEachRangeToItsAs() {
        Asmap map = vector();
        assertThat(map.asn(ip("1.1.1.1"))).isEqualTo(13335);
        assertThat(map.asn(ip("1.2.3.4"))).isEqualTo(4134);
        assertThat(map.asn(ip("1.3.3.4"))).as("1.0.0.0/8 outside 1.2.0.0/16").isEqualTo(13335);
        assertThat(map.asn(ip("200.1.1.1"))).isEqualTo(3320);
        assertThat(map.asn(ip("207.255.255.255"))).isEqualTo(3320);
        assertThat(map.asn(ip("255.255.255.255"))).as("IPv4 default").isEqualTo(64512);
        assertThat(map.asn(ip("8.8.8.8"))).as("IPv4 default").isEqualTo(64512);
        assertThat(map.asn(ip("150.1.1.1"))).as("IPv4 default").isEqualTo(64512);
        assertThat(map.asn(ip("::ffff:1.2.3.4"))).as("IPv4-mapped is IPv4").isEqualTo(4134);
        assertThat(map.asn(ip("2001:db8::1"))).isEqualTo(65001);
        assertThat(map.asn(ip("2001:db9::1"))).as("no AS").isZero();
        assertThat(map.asn(ip("::2"))).as("not ::ffff:0:0/96").isZero();
        assertThat(Asmap.parse(new byte[3]).asn(ip("9.9.9.9"))).as("RETURN AS 1 for everything").isEqualTo(1);
    }

    @Test
    void theInstructionsHaveTheirDocumentedCodes() {
        // RETURN 1: type 0, then class 0 (continuation 0) and 15 zero bits
        assertThat(encode(new Leaf(1))).hasSize(17).containsOnly(false);
        // RETURN 32769 = 1 + 2^15: the second width class (16 bits)
        List<Boolean> big = encode(new Leaf(1 + (1 << 15)));
        assertThat(big.subList(0, 3)).containsExactly(false, true, false);
        assertThat(big).hasSize(1 + 2 + 16);
        assertThat(Asmap.parse(bytes(big)).asn(ip("1.1.1.1"))).isEqualTo(1 + (1 << 15));
        // the largest AS number the code holds: every class but the last skipped, the last all ones
        long max = 1;
        for (int k = 0; k < ASN.length; k++) {
            max += 1L << ASN[k];
        }
        max -= 1;
        assertThat(Asmap.parse(bytes(encode(new Leaf(max)))).asn(ip("1.1.1.1"))).isEqualTo(max);
    }

    @Test
    void malformedMapsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Asmap.parse(new byte[0])).hasMessageContaining("no RETURN");
        assertThatThrownBy(() -> Asmap.parse(new byte[2])).hasMessageContaining("cut off by the end");
        assertThatThrownBy(() -> Asmap.parse(new byte[4])).hasMessageContaining("more than 7 bits");
        assertThatThrownBy(() -> Asmap.parse(new byte[] {0, 0, (byte) 0x80})).hasMessageContaining("padding bits");
        List<Boolean> defaultThenReturn = encode(new Default(5, new Leaf(6)));
        assertThatThrownBy(() -> Asmap.parse(bytes(defaultThenReturn))).hasMessageContaining("RETURN right after a DEFAULT");
        List<Boolean> twoDefaults = encode(new Default(5, new Default(6, new Branch(new Leaf(1), new Leaf(2)))));
        assertThatThrownBy(() -> Asmap.parse(bytes(twoDefaults))).hasMessageContaining("two DEFAULTs");
        List<Boolean> shortMatches = new ArrayList<>(encode(new Match("101", new Leaf(1))));
        List<Boolean> another = encode(new Match("11", new Leaf(1)));
        shortMatches.addAll(0, another.subList(0, another.size() - 17)); // "11" then "101": two short ones
        assertThatThrownBy(() -> Asmap.parse(bytes(shortMatches))).hasMessageContaining("two short matches");
        // a jump past the end
        List<Boolean> far = new ArrayList<>();
        number(far, 1, 0, TYPE);
        number(far, 1000, 17, JUMP);
        far.addAll(encode(new Leaf(1)));
        assertThatThrownBy(() -> Asmap.parse(bytes(far))).hasMessageContaining("a jump past the end");
        // more than 128 address bits
        Tree deep = new Leaf(1);
        for (int i = 0; i < 129; i++) {
            deep = new Branch(new Leaf(2), deep);
        }
        Tree tooDeep = deep;
        assertThatThrownBy(() -> Asmap.parse(bytes(encode(tooDeep)))).hasMessageContaining("128 address bits");
        assertThatThrownBy(() -> Asmap.parse(bytes(encode(new Match("1".repeat(129), new Leaf(1))))))
                .hasMessageContaining("past the 128 address bits");
    }

    @Test
    void aFileIsReadBoundedAndCheckedAndAGoodOneGroupsByAs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ip_asn.map");
        Files.write(file, bytes(encode(VECTOR)));
        Netgroups groups = Netgroups.defaults().withAsmap(Asmap.read(file));
        assertThat(groups.of(PeerAddress.parse("1.2.3.4:8233"))).isEqualTo(new Netgroup(Netgroup.Kind.AS, 4134, 0));
        assertThat(groups.of(PeerAddress.parse("1.2.3.4:8233")).toString()).isEqualTo("AS4134");
        // two /16s of one AS are one group; without the map they are two
        assertThat(groups.of(PeerAddress.parse("1.1.0.1:8233"))).isEqualTo(groups.of(PeerAddress.parse("1.9.0.1:8233")));
        assertThat(Netgroups.defaults().of(PeerAddress.parse("1.1.0.1:8233")))
                .isNotEqualTo(Netgroups.defaults().of(PeerAddress.parse("1.9.0.1:8233")));
        // 6to4 carries 1.2.3.4: its AS
        assertThat(groups.of(PeerAddress.parse("[2002:102:304::1]:8233")).toString()).isEqualTo("AS4134");
        // no AS: the prefix group; not routed: a host group, whatever the map
        assertThat(groups.of(PeerAddress.parse("[2001:db9::1]:8233")).kind()).isEqualTo(Netgroup.Kind.IPV6);
        assertThat(groups.of(PeerAddress.parse("10.1.2.3:8233")).kind()).isEqualTo(Netgroup.Kind.HOST);
        assertThat(groups.of(PeerAddress.parse("127.0.0.1:8233")).kind()).isEqualTo(Netgroup.Kind.LOCAL);
        assertThat(groups).isEqualTo(Netgroups.defaults().withAsmap(Asmap.read(file))).isNotEqualTo(Netgroups.defaults());

        Files.write(file, new byte[5]);
        assertThatThrownBy(() -> Asmap.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid asmap");
        try (var out = Files.newOutputStream(file)) {
            out.write(new byte[Asmap.MAX_FILE_BYTES + 1]);
        }
        assertThatThrownBy(() -> Asmap.read(file)).hasMessageContaining("larger than 16 MiB");
    }

    @Test
    void aNodeConfigurationReadsTheMapOnceAndNamesABadOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ip_asn.map");
        Files.write(file, bytes(encode(VECTOR)));
        NodeConfig config = NodeConfig.builder(io.peerset.wire.Network.MAINNET).asmap(file).build();
        assertThat(config.asmap()).contains(file);
        assertThat(config.netgroups().of(PeerAddress.parse("1.2.3.4:8233")).toString()).isEqualTo("AS4134");
        Files.delete(file);
        // a copy keeps the map it was made from, without reading the file again
        assertThat(config.toBuilder().listenAddress(PeerAddress.parse("0.0.0.0:8233")).build().netgroups())
                .isEqualTo(config.netgroups());
        assertThatThrownBy(() -> NodeConfig.builder(io.peerset.wire.Network.MAINNET).asmap(file).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("asmap: " + file + ": cannot read it");
        Files.write(file, new byte[9]);
        assertThatThrownBy(() -> NodeConfig.builder(io.peerset.wire.Network.MAINNET).asmap(file).build())
                .hasMessageStartingWith("asmap: " + file + ": not a valid asmap")
                .hasMessageEndingWith("(expected: a map in Bitcoin Core's asmap format)");
    }

    /** A random map (within the checker's rules) and random addresses: the interpreter agrees with the tree. */
    @Test
    void randomMapsAnswerAsTheirTreesAndPassTheCheck() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tree tree = randomTree(r, 0, 6, false);
            Asmap map = Asmap.parse(bytes(encode(tree)));
            for (int i = 0; i < 40; i++) {
                byte[] ip = new byte[16];
                r.nextBytes(ip);
                if (i % 2 == 0) { // often inside the tree's paths: copy bits the tree looks at
                    ip[0] = (byte) (r.nextBoolean() ? 0 : 0xFF);
                }
                InetAddress address;
                try {
                    address = InetAddress.getByAddress(ip);
                } catch (java.net.UnknownHostException e) {
                    throw new AssertionError(e);
                }
                byte[] asRead = address.getAddress().length == 4 ? mapped(address.getAddress()) : ip;
                assertThat(map.asn(address)).as("%s in %s", address, tree).isEqualTo(lookup(tree, asRead));
            }
        });
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /**
     * Trees the checker accepts: no RETURN or DEFAULT right after a DEFAULT, no match right after a
     * match (they would be one run with two short instructions), at most 128 bits deep.
     */
    private static Tree randomTree(SplittableRandom r, int depth, int budget, boolean afterDefault) {
        return randomTree(r, depth, budget, afterDefault, false);
    }

    private static Tree randomTree(SplittableRandom r, int depth, int budget, boolean afterDefault, boolean afterMatch) {
        int kind = budget <= 0 ? 0 : r.nextInt(4);
        if (depth >= 120) {
            kind = 0;
        }
        if (afterDefault && (kind == 0 || kind == 3)) {
            kind = depth >= 120 || r.nextBoolean() ? 1 : 2; // a branch or a match
        }
        if (afterMatch && kind == 2) {
            kind = 1;
        }
        return switch (kind) {
            case 0 -> new Leaf(1 + r.nextLong(1L << 24));
            case 1 -> new Branch(randomTree(r, depth + 1, budget - 1, false), randomTree(r, depth + 1, budget - 1, false));
            case 2 -> {
                int n = 1 + r.nextInt(Math.min(20, 127 - depth));
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    s.append(r.nextBoolean() ? '1' : '0');
                }
                yield new Match(s.toString(), randomTree(r, depth + n, budget - 1, false, true));
            }
            default -> new Default(1 + r.nextLong(1L << 24), randomTree(r, depth, budget - 1, true, false));
        };
    }
}
