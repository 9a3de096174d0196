package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.api.BannedIp;
import io.peerset.api.Subnet;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link BanList} and {@link RemovedInWindow}: what the book remembers of records that left it. */
class BanListTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.750Z");

    private static InetAddress ip(int n) {
        return PeerAddress.parse("198.51.100." + n + ":8233").ip();
    }

    @Test
    void bansStartAtTheWholeSecondExpireInOrderAndReadersExpireNothing() {
        BanList bans = new BanList(Duration.ofHours(1), 10);
        BannedIp first = bans.ban(ip(1), T0, "test");
        assertThat(first.bannedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(first.expiresAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        bans.ban(ip(2), T0.plusSeconds(60), "test");
        Instant later = T0.plus(Duration.ofMinutes(60)); // 01:00:00.75: the first has ended, the second not
        assertThat(bans.inForceAt(ip(1), later)).isFalse();
        assertThat(bans.inForce(later)).extracting(BannedIp::ip).containsExactly(ip(2));
        assertThat(bans.inForce(T0)).as("readers expired nothing").hasSize(2);
        assertThat(bans.isBanned(ip(2), later)).isTrue();
        assertThat(bans.all(later)).extracting(BannedIp::ip).containsExactly(ip(2));
        assertThat(bans.inForce(T0)).as("the writer expired the first").hasSize(1);
    }

    @Test
    void theListKeepsItsLimitByEvictingTheOldestAndARepeatedBanStartsAgain() {
        BanList bans = new BanList(Duration.ofHours(1), 2);
        bans.ban(ip(1), T0, "test");
        bans.ban(ip(2), T0.plusSeconds(1), "test");
        bans.ban(ip(1), T0.plusSeconds(2), "test"); // moves to the end
        bans.ban(ip(3), T0.plusSeconds(3), "test"); // evicts 2, now the oldest
        assertThat(bans.all(T0.plusSeconds(3))).extracting(BannedIp::ip).containsExactly(ip(1), ip(3));
    }

    @Test
    void removedAddressesAreHeldBackUntilTheirWindowEndsWithinTheLimit() {
        RemovedInWindow memory = new RemovedInWindow(1);
        PeerAddress a = PeerAddress.parse("198.51.100.1:8233");
        PeerAddress b = PeerAddress.parse("198.51.100.2:8233");
        assertThat(memory.holdsBack(a, 0)).isFalse();
        memory.remember(a, 100, 0);
        assertThat(memory.holdsBack(a, 99)).isTrue();
        assertThat(memory.holdsBack(a, 100)).as("the window has ended").isFalse();
        assertThat(memory.holdsBack(a, 50)).as("and it was forgotten").isFalse();
        int limit = AddressBookConstants.MIN_REMOVED_IN_WINDOW_MEMORY;
        for (int i = 0; i <= limit; i++) {
            memory.remember(PeerAddress.of(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 8233), 1_000, 0);
        }
        assertThat(memory.holdsBack(PeerAddress.of(new byte[] {10, 0, 0, 0}, 8233), 1))
                .as("the oldest went beyond the limit").isFalse();
        assertThat(memory.holdsBack(PeerAddress.of(new byte[] {10, 0, 0, 1}, 8233), 1)).isTrue();
        memory.remember(b, 2_000, 1_000); // every earlier window has ended: dropped on the way
        assertThat(memory.holdsBack(b, 1_500)).isTrue();
    }

    /** Two IPv6 addresses share a ban exactly when their first 64 bits agree; IPv4 addresses never share one. */
    @Test
    void anIpv6BanCoversExactlyItsSlash64() {
        qt().withExamples(500).forAll(
                longs().all(), longs().all(),
                longs().all(), integers().between(0, 2))
                .check((high, low, otherLow, mode) -> {
                    long otherHigh = mode == 0 ? high : high ^ (1L << (mode * 7));
                    InetAddress a = v6(high, low);
                    InetAddress b = v6(otherHigh, otherLow);
                    BanList bans = new BanList(Duration.ofHours(1), 10);
                    bans.ban(a, Instant.EPOCH, "test");
                    return bans.isBanned(b, Instant.EPOCH) == (high == otherHigh || a.equals(b));
                });
    }

    private static InetAddress v6(long high, long low) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(high).putLong(low);
        return PeerAddress.of(b.array(), 1).ip();
    }

    @Test
    void operatorBansCoverTheirBlockForTheirOwnDurationAndEndOnUnban() {
        BanList bans = new BanList(Duration.ofHours(1), 10);
        BannedIp block = bans.banByOperator(Subnet.parse("198.51.100.0/24"), Duration.ofDays(2), "spam\u0001", T0);
        assertThat(block.byOperator()).isTrue();
        assertThat(block.reason()).as("printable ASCII").isEqualTo("spam?");
        assertThat(block.expiresAt()).as("two days from now, to the next whole second")
                .isEqualTo(Instant.parse("2026-01-03T00:00:01Z"));
        assertThat(block.bannedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(bans.isBanned(ip(77), T0.plus(Duration.ofDays(1)))).as("outlasts ban_duration").isTrue();
        assertThat(bans.inForceAt(PeerAddress.parse("198.51.101.1:1").ip(), T0)).isFalse();
        assertThat(bans.unban(Subnet.parse("198.51.100.0/25"))).as("another block").isFalse();
        assertThat(bans.unban(Subnet.parse("198.51.100.0/24"))).isTrue();
        assertThat(bans.isBanned(ip(77), T0)).isFalse();
        bans.ban(ip(5), T0, "misbehaviour");
        assertThat(bans.unban(Subnet.parse("198.51.100.5"))).as("one address ends its misbehaviour ban").isTrue();
        assertThat(bans.isBanned(ip(5), T0)).isFalse();
    }

    @Test
    void operatorBansOfOneIpv6AddressCoverItsSlash64AndAreBounded() {
        BanList bans = new BanList(Duration.ofHours(1), 10);
        BannedIp b = bans.banByOperator(Subnet.parse("2001:db8:1:2::7"), Duration.ofMinutes(5), "", T0);
        assertThat(b.prefixLength()).isEqualTo(64);
        assertThat(bans.isBanned(PeerAddress.parse("[2001:db8:1:2:ffff::1]:1").ip(), T0)).isTrue();
        assertThat(bans.isBanned(PeerAddress.parse("[2001:db8:1:2:ffff::1]:1").ip(), T0.plusSeconds(301))).isFalse();
        assertThat(bans.all(T0.plusSeconds(301))).as("expired").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bans.banByOperator(Subnet.parse("10.0.0.0/8"),
                Duration.ZERO, "", T0)).hasMessageStartingWith("duration: PT0S (expected: 1 s to 3650 days)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bans.banByOperator(Subnet.parse("10.0.0.0/8"),
                Duration.ofMillis(500), "", T0)).as("under a second").hasMessageStartingWith("duration: PT0.5S");
        for (int i = 0; i < BanList.MAX_OPERATOR_BANS; i++) {
            bans.banByOperator(Subnet.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"), Duration.ofHours(1), "", T0);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bans.banByOperator(Subnet.parse("11.0.0.0/8"),
                Duration.ofHours(1), "", T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("operator bans: 1000 (expected: fewer than 1000");
        assertThat(bans.banByOperator(Subnet.parse("10.0.0.0/24"), Duration.ofHours(2), "again", T0).reason())
                .as("a block already banned is replaced, not refused").isEqualTo("again");
    }

    @Test
    void restoredOperatorBansKeepTheirDurationAndReason() {
        BanList bans = new BanList(Duration.ofHours(1), 10);
        BannedIp kept = new BannedIp(PeerAddress.parse("203.0.113.0:1").ip(), 24, T0, T0.plus(Duration.ofDays(30)),
                "abuse", true);
        BannedIp ended = new BannedIp(PeerAddress.parse("192.0.2.0:1").ip(), 24, T0, T0.plusSeconds(1), "", true);
        bans.restore(java.util.List.of(kept, ended), T0.plusSeconds(10));
        assertThat(bans.all(T0.plusSeconds(10))).containsExactly(kept);
    }
}
