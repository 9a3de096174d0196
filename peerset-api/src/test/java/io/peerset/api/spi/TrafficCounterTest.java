package io.peerset.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.Traffic;
import io.peerset.wire.PayloadCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrafficCounterTest {

    @Test
    void theCommandSetIsTheCodecsSortedThenOther() {
        assertThat(TrafficCounter.COMMANDS).hasSize(PayloadCodec.COMMANDS.size() + 1)
                .startsWith("addr", "addrv2").endsWith(Traffic.OTHER)
                .containsAll(PayloadCodec.COMMANDS);
        assertThat(TrafficCounter.COMMANDS.subList(0, PayloadCodec.COMMANDS.size())).isSorted();
    }

    @Test
    void countsByCommandAndDirection() {
        TrafficCounter counter = new TrafficCounter();
        counter.received("ping", 32);
        counter.received("ping", 32);
        counter.sent("pong", 32);
        counter.sent("version", 130);
        Traffic t = counter.snapshot();
        assertThat(t.command("ping")).hasValue(new Traffic.Command("ping", 2, 64, 0, 0));
        assertThat(t.command("pong")).hasValue(new Traffic.Command("pong", 0, 0, 1, 32));
        assertThat(t.command("version")).hasValue(new Traffic.Command("version", 0, 0, 1, 130));
        assertThat(t.total()).isEqualTo(new Traffic.Command("total", 2, 64, 2, 162));
        assertThat(t.command("nonsense")).isEmpty();
    }

    @Test
    void unknownCommandsAreCountedAsOtherSoAPeerCannotGrowTheSet() {
        TrafficCounter counter = new TrafficCounter();
        for (int i = 0; i < 1000; i++) {
            counter.received("made-up" + i, 24);
        }
        counter.sent("\\x00evil", 30);
        Traffic t = counter.snapshot();
        assertThat(t.commands()).hasSize(TrafficCounter.COMMANDS.size());
        assertThat(t.command(Traffic.OTHER)).hasValue(new Traffic.Command(Traffic.OTHER, 1000, 24_000, 1, 30));
    }

    @Test
    void concurrentCountsAreNotLost() throws Exception {
        TrafficCounter counter = new TrafficCounter();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < 10_000; i++) {
                        counter.received("inv", 61);
                        counter.sent("getdata", 61);
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(counter.snapshot().total()).isEqualTo(new Traffic.Command("total", 40_000, 2_440_000, 40_000, 2_440_000));
    }

    @Test
    void everyFrameIsCountedOnceUnderItsCommandOrOther() {
        qt().forAll(lists().of(integers().between(0, TrafficCounter.COMMANDS.size() + 3)).ofSizeBetween(0, 200),
                        integers().between(24, 2_000_000))
                .checkAssert((picks, size) -> {
                    TrafficCounter counter = new TrafficCounter();
                    Map<String, Long> expected = new HashMap<>();
                    for (int pick : picks) {
                        String command = pick < TrafficCounter.COMMANDS.size() - 1
                                ? TrafficCounter.COMMANDS.get(pick) : "unknown" + pick;
                        boolean in = (pick & 1) == 0;
                        if (in) {
                            counter.received(command, size);
                        } else {
                            counter.sent(command, size);
                        }
                        String key = (PayloadCodec.COMMANDS.contains(command) ? command : Traffic.OTHER) + (in ? "<" : ">");
                        expected.merge(key, 1L, Long::sum);
                    }
                    Traffic t = counter.snapshot();
                    for (Traffic.Command c : t.commands()) {
                        long in = expected.getOrDefault(c.command() + "<", 0L);
                        long out = expected.getOrDefault(c.command() + ">", 0L);
                        assertThat(c).isEqualTo(new Traffic.Command(c.command(), in, in * size, out, out * size));
                    }
                    assertThat(t.total().messagesReceived() + t.total().messagesSent()).isEqualTo(picks.size());
                    assertThat(List.copyOf(t.commands().stream().map(Traffic.Command::command).toList()))
                            .isEqualTo(TrafficCounter.COMMANDS);
                });
    }
}
