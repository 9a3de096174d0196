package io.peerset.plugin.seedlist.internal;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.wire.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The seed-list parser over hostile input: whatever the bytes, it throws nothing but its documented
 * {@link SeedListException} (and that only for input above its bound), returns at most its bound of
 * distinct addresses, and reads back every list it could have been given.
 */
class SeedListParserProperties {

    /** Bytes biased towards the format's own alphabet, so that near-misses are common. */
    private static final byte[] ALPHABET = "0123456789abcdefABCDEF.:[]# \t\r\n%-+x".getBytes(StandardCharsets.US_ASCII);

    private static Gen<byte[]> hostileBytes() {
        return longs().all().zip(integers().between(0, 600), (seed, length) -> {
            Random r = new Random(seed);
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++) {
                b[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : ALPHABET[r.nextInt(ALPHABET.length)];
            }
            return b;
        });
    }

    @Test
    void anyInputGivesAtMostTheBoundOfDistinctAddressesOrItsOneException() {
        qt().withExamples(2000).forAll(hostileBytes(), integers().between(1, 700), integers().between(1, 20))
                .checkAssert((bytes, maxBytes, maxPeers) -> {
                    SeedList list;
                    try {
                        list = SeedListParser.parse(bytes, maxBytes, maxPeers);
                    } catch (SeedListException e) {
                        if (bytes.length <= maxBytes) {
                            throw new AssertionError("refused " + bytes.length + " bytes within the bound " + maxBytes, e);
                        }
                        return;
                    }
                    if (bytes.length > maxBytes) {
                        throw new AssertionError("accepted " + bytes.length + " bytes above the bound " + maxBytes);
                    }
                    if (list.peers().size() > maxPeers || new HashSet<>(list.peers()).size() != list.peers().size()) {
                        throw new AssertionError("peers: " + list.peers() + " (bound " + maxPeers + ")");
                    }
                    if (list.problems().size() > SeedListConstants.BAD_LINES_SHOWN || list.badLines() < list.problems().size()) {
                        throw new AssertionError("problems: " + list.problems() + " of " + list.badLines());
                    }
                });
    }

    @Test
    void aWrittenListReadsBackInOrderWithoutDuplicates() {
        qt().withExamples(500).forAll(lists().of(longs().all()).ofSizeBetween(0, 40)).checkAssert(seeds -> {
            List<PeerAddress> written = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (long seed : seeds) {
                Random r = new Random(seed);
                PeerAddress address = address(r);
                written.add(address);
                switch (r.nextInt(4)) {
                    case 0 -> text.append("# ").append(seed).append('\n');
                    case 1 -> text.append("  \t\n");
                    default -> { }
                }
                text.append(r.nextBoolean() ? " " : "").append(address).append(r.nextBoolean() ? " # x" : "")
                        .append(r.nextBoolean() ? "\r\n" : "\n");
            }
            List<PeerAddress> expected = new ArrayList<>(new LinkedHashSet<>(written));
            SeedList list = SeedListParser.parse(text.toString().getBytes(StandardCharsets.UTF_8), 1 << 20, 1000);
            if (!list.peers().equals(expected) || list.badLines() != 0) {
                throw new AssertionError("wrote " + expected + ", read " + list);
            }
        });
    }

    private static PeerAddress address(Random r) {
        int port = 1 + r.nextInt(65_535);
        if (r.nextBoolean()) {
            return PeerAddress.parse(r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)
                    + ":" + port);
        }
        StringBuilder v6 = new StringBuilder("[2001:db8");
        for (int i = 0; i < 6; i++) {
            v6.append(':').append(Integer.toHexString(r.nextInt(4) == 0 ? 0 : r.nextInt(0x10000)));
        }
        return PeerAddress.parse(v6.append("]:").append(port).toString());
    }
}
