package io.peerset.addressbook;

import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.Clock;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.time.Instant;

/** Shared test helpers: addresses, a manual clock, a default mainnet config. */
final class Fixtures {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    static PeerAddress addr(String text) {
        return PeerAddress.parse(text);
    }

    static PeerAddress v4(int last, int port) {
        return PeerAddress.of(new byte[] {(byte) 198, 51, 100, (byte) last}, port);
    }

    /** The reference's book (no tables): the tests of reference section 4 and 9 specify its order and eviction. */
    static AddressBookConfig mainnet() {
        return reference().build();
    }

    /** @return a Mainnet book's settings with the reference's behaviour: no tables, no discouragement */
    static AddressBookConfig.Builder reference() {
        return AddressBookConfig.builder(Network.MAINNET).addressTables(false).discourageScore(0);
    }

    /** A clock moved by hand; wall and monotonic time move together. */
    static final class ManualClock implements Clock {
        long nanos = 1_000_000_000_000L;

        @Override
        public synchronized Instant instant() {
            return START.plusNanos(nanos - 1_000_000_000_000L);
        }

        @Override
        public synchronized long nanoTime() {
            return nanos;
        }

        synchronized void advance(Duration d) {
            nanos += d.toNanos();
        }
    }
}
