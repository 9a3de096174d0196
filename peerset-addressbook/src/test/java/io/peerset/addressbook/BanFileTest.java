package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.BannedIp;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bans that last (issue 16 §1.5): the ban file, and a book that reads it back at start. */
class BanFileTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void bansRoundTripIncludingIpv6AndBadLinesAreSkipped() throws Exception {
        Path file = BanFile.path(dir, Network.MAINNET);
        assertThat(file.getFileName().toString()).isEqualTo("mainnet.peerset-bans");
        List<BannedIp> bans = List.of(new BannedIp(InetAddress.getByName("203.0.113.7"), T, T.plusSeconds(60)),
                new BannedIp(InetAddress.getByName("2001:db8:1:2::"), 64, T, T.plusSeconds(90), "bad blocks", false),
                new BannedIp(InetAddress.getByName("198.51.100.0"), 22, T, T.plusSeconds(900), "operator: spam", true));
        BanFile.write(file, bans, new SplittableRandom(1));
        assertThat(BanFile.read(file, 100)).isEqualTo(bans);
        Files.writeString(file, Files.readString(file) + "garbage line\nexample.com 2026-01-01T00:00:00Z x\n\n# c\n");
        assertThat(BanFile.read(file, 100)).isEqualTo(bans);
        assertThat(BanFile.read(file, 1)).as("the newest max misbehaviour bans, and the operator's apart")
                .containsExactly(bans.get(1), bans.get(2));
        Files.writeString(file, "203.0.113.9 2026-12-06T10:00:00Z 2026-12-06T11:00:00Z\n"
                + "198.51.100.0/24 2026-12-06T10:00:00Z 2026-12-06T11:00:00Z x reason\n");
        assertThat(BanFile.read(file, 10)).as("the first format is still read; an unknown kind is skipped")
                .containsExactly(new BannedIp(InetAddress.getByName("203.0.113.9"), T, T.plus(java.time.Duration.ofHours(1))));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).hasSize(1);
        }
        assertThat(BanFile.read(dir.resolve("missing"), 10)).isEmpty();
    }

    @Test
    void aFileFarLargerThanTheBansItCanHoldIsIgnored() throws Exception {
        Path file = BanFile.path(dir, Network.MAINNET);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x".repeat(10_000));
        assertThat(BanFile.read(file, 10)).isEmpty();
    }

    @Test
    void restoredBansNeverOutlastABanMadeNowAndKeepExpiryOrder() {
        qt().forAll(lists().of(integers().between(-1000, 100_000)).ofSizeBetween(0, 40), integers().between(1, 20))
                .checkAssert((ends, max) -> {
                    List<BannedIp> kept = new ArrayList<>();
                    for (int i = 0; i < ends.size(); i++) {
                        byte[] ip = {(byte) 203, 0, (byte) 113, (byte) (i + 1)};
                        Instant until = T.plusSeconds(ends.get(i));
                        kept.add(new BannedIp(addr(ip), until.isBefore(T.minusSeconds(5000)) ? until : T.minusSeconds(5000),
                                until));
                    }
                    BanList list = new BanList(Duration.ofHours(8), max);
                    list.restore(kept, T);
                    List<BannedIp> now = list.all(T);
                    assertThat(now.size()).isLessThanOrEqualTo(max);
                    for (int i = 0; i < now.size(); i++) {
                        assertThat(now.get(i).expiresAt()).isAfter(T).isBeforeOrEqualTo(T.plus(Duration.ofHours(8)));
                        if (i > 0) {
                            assertThat(now.get(i).expiresAt()).isAfterOrEqualTo(now.get(i - 1).expiresAt());
                        }
                    }
                    long live = ends.stream().filter(e -> e > 0).count();
                    assertThat(now).hasSize((int) Math.min(live, max));
                    // a ban made now goes last, and expiring at any time never leaves an ended ban behind
                    list.ban(addr(new byte[] {(byte) 198, 51, 100, 1}), T, "test");
                    for (int s = 0; s <= 30_000; s += 997) {
                        Instant at = T.plusSeconds(s);
                        assertThat(list.all(at)).allSatisfy(b -> assertThat(b.expiresAt()).isAfter(at));
                    }
                });
    }

    @Test
    void bansSurviveARestartAndExpire() {
        VirtualScheduler scheduler = new VirtualScheduler();
        AddressBookConfig config = Fixtures.reference().cacheDir(dir).banDuration(Duration.ofHours(2)).build();
        PeerAddress bad = v4(66, 8233);
        AddressBook first = book(config, scheduler, 1);
        first.submit(new AddressChange.UpdateMisbehavior(bad, 100, "invalid block"));
        scheduler.runUntilIdle();
        assertThat(first.isBanned(bad.ip())).isTrue();
        first.close();
        assertThat(BanFile.read(BanFile.path(dir, Network.MAINNET), 10)).hasSize(1);

        scheduler.advance(Duration.ofHours(1));
        AddressBook second = book(config, scheduler, 2);
        assertThat(second.isBanned(bad.ip())).as("read back at start").isTrue();
        assertThat(second.snapshot().bans()).singleElement().satisfies(b -> assertThat(b.ip()).isEqualTo(bad.ip()));
        scheduler.advance(Duration.ofMinutes(61));
        assertThat(second.isBanned(bad.ip())).as("and it still expires after 2 h").isFalse();
        second.close();
    }

    private static AddressBook book(AddressBookConfig config, VirtualScheduler scheduler, long seed) {
        return new DefaultAddressBookProvider().create(config,
                new AddressBookContext(scheduler, new SplittableRandom(seed), scheduler, Runnable::run));
    }

    private static InetAddress addr(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void operatorBansAreReadBackWhateverMaxBannedIpsSays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bans");
        List<BannedIp> bans = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bans.add(new BannedIp(InetAddress.getByName("198.51." + i + ".0"), 24, T, T.plusSeconds(3600),
                    "x".repeat(BannedIp.MAX_REASON_LENGTH), true));
        }
        BanFile.write(file, bans, new SplittableRandom(1));
        assertThat(BanFile.read(file, 1)).as("max_banned_ips = 1 bounds misbehaviour bans only").isEqualTo(bans);
    }

    @Test
    void anUnbanIsWrittenAndHoldsAcrossARestart(@TempDir Path dir) throws Exception {
        BanList list = new BanList(java.time.Duration.ofHours(1), 10);
        list.banByOperator(io.peerset.api.Subnet.parse("203.0.113.0/24"), java.time.Duration.ofHours(2), "a", T);
        list.banByOperator(io.peerset.api.Subnet.parse("192.0.2.0/24"), java.time.Duration.ofHours(2), "b", T);
        assertThat(list.unban(io.peerset.api.Subnet.parse("203.0.113.0/24"))).isTrue();
        Path file = dir.resolve("bans");
        BanFile.write(file, list.all(T), new SplittableRandom(1));
        BanList restarted = new BanList(java.time.Duration.ofHours(1), 10);
        restarted.restore(BanFile.read(file, 10), T.plusSeconds(1));
        assertThat(restarted.isBanned(InetAddress.getByName("203.0.113.9"), T.plusSeconds(1))).isFalse();
        assertThat(restarted.isBanned(InetAddress.getByName("192.0.2.9"), T.plusSeconds(1))).isTrue();
    }
}
