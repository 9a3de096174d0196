package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection limits and the per-IP throttle against simple models, over random sequences. */
class ConnectionLimitsProperties {

    private static final long S = 1_000_000_000L;

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    @Test
    void theCountNeverExceedsTheLimitAndEveryTokenReleasesExactlyOnce() {
        qt().withExamples(300).forAll(integers().between(1, 6), lists().of(integers().between(0, 99)).ofSizeBetween(1, 200))
                .checkAssert((limit, ops) -> {
                    ConnectionCounter counter = new ConnectionCounter("outbound", limit);
                    List<ConnectionCounter.Token> held = new ArrayList<>();
                    List<ConnectionCounter.Token> gone = new ArrayList<>();
                    for (int op : ops) {
                        if (op < 50) {
                            Optional<ConnectionCounter.Token> t = counter.tryReserve();
                            check(t.isPresent() == (held.size() < limit), "reserve at " + held.size() + "/" + limit);
                            t.ifPresent(held::add);
                        } else if (op < 85 && !held.isEmpty()) {
                            ConnectionCounter.Token t = held.remove(op % held.size());
                            check(t.release(), "first release refused");
                            gone.add(t);
                        } else if (!gone.isEmpty()) {
                            check(!gone.get(op % gone.size()).release(), "a second release counted");
                        }
                        check(counter.count() == held.size(), "count " + counter.count() + " but " + held.size() + " held");
                        check(counter.count() <= limit, "over the limit");
                        check(counter.reservedTotal() - counter.releasedTotal() == held.size(), "totals drifted");
                    }
                });
    }

    @Test
    void concurrentReleasesOfOneTokenCountOnce() throws Exception {
        ConnectionCounter counter = new ConnectionCounter("inbound", 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                ConnectionCounter.Token t = counter.tryReserve().orElseThrow();
                List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(t::release));
                }
                int freed = 0;
                for (java.util.concurrent.Future<Boolean> r : results) {
                    freed += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(freed).isEqualTo(1);
            }
            assertThat(counter.count()).isZero();
            assertThat(counter.releasedTotal()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recentByIpMatchesAModelOfTheLast119Seconds() {
        InetAddress[] ips = new InetAddress[4];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = InetAddress.getLoopbackAddress();
            try {
                ips[i] = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) (i + 1)});
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        qt().withExamples(300).forAll(integers().between(1, 3), lists().of(integers().between(0, 10_000)).ofSizeBetween(1, 150))
                .checkAssert((maxPerIp, codes) -> {
                    RecentByIp recent = new RecentByIp(maxPerIp, 1_000);
                    List<long[]> model = new ArrayList<>(); // {ip index, time} of recorded attempts
                    long now = 0;
                    for (int code : codes) {
                        now += new long[] {0, 1, 10, 60, 118, 119, 120}[code % 7] * S;
                        int ip = (code / 7) % ips.length;
                        final long t = now;
                        model.removeIf(a -> t - a[1] >= 119 * S);
                        long inWindow = model.stream().filter(a -> a[0] == ip).count();
                        boolean allowed = recent.tryAttempt(ips[ip], now);
                        check(allowed == (inWindow < maxPerIp), "allowed " + allowed + " with " + inWindow + " recent");
                        if (allowed) {
                            model.add(new long[] {ip, now});
                        }
                        Map<Integer, Long> perIp = new HashMap<>();
                        model.forEach(a -> perIp.merge((int) a[0], 1L, Long::sum));
                        for (int i = 0; i < ips.length; i++) {
                            check(recent.attempts(ips[i], now) == perIp.getOrDefault(i, 0L), "count for " + i);
                        }
                    }
                });
    }

    @Test
    void recentByIpStaysBoundedUnderAFloodFromManyIps() throws Exception {
        RecentByIp recent = new RecentByIp(1, 100, Duration.ofSeconds(119));
        for (int i = 0; i < 10_000; i++) {
            InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            assertThat(recent.tryAttempt(ip, i)).isTrue();
        }
        assertThat(recent.tracked()).isEqualTo(100);
        InetAddress last = InetAddress.getByAddress(new byte[] {10, 0, (byte) (9_999 >> 8), (byte) 9_999});
        assertThat(recent.tryAttempt(last, 10_000)).as("a remembered IP is still throttled").isFalse();
    }
}
