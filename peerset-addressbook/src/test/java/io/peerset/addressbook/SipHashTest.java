package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class SipHashTest {

    @Test
    void matchesTheReferenceImplementationsVector() {
        // key 00..0f, message 00..1f: vectors[32] of the SipHash reference code (ce 7c f2 72 2f 51 27 71)
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        assertThat(SipHash.hash(k0, k1, 0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 0x1716151413121110L,
                0x1f1e1d1c1b1a1918L)).isEqualTo(0x7127512f72f27cceL);
    }

    @Test
    void matchesGuava() {
        // computed with Guava 33.7.2's Hashing.sipHash24(k0, k1).newHasher().putLong(w0)...putLong(w3)
        assertThat(SipHash.hash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 1, -2, 3, Long.MIN_VALUE))
                .isEqualTo(0x2eec86e042cc6704L);
        assertThat(SipHash.hash(0x1234567890abcdefL, -42L, 0, 0, 0, 0)).isEqualTo(0xc85c64ede1145b46L);
    }

    @Test
    void everyKeyBitMatters() {
        qt().forAll(longs().all(), longs().all(), longs().between(0, 127)).checkAssert((k0, k1, bit) -> {
            long flipped0 = bit < 64 ? k0 ^ (1L << bit) : k0;
            long flipped1 = bit >= 64 ? k1 ^ (1L << (bit - 64)) : k1;
            assertThat(SipHash.hash(flipped0, flipped1, 1, 2, 3, 4)).isNotEqualTo(SipHash.hash(k0, k1, 1, 2, 3, 4));
        });
    }
}
