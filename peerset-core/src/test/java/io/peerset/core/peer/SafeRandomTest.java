package io.peerset.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@link SafeRandom}: one generator, wrapped many times, is still used by one thread at a time. */
class SafeRandomTest {

    /** A generator that is not thread-safe and notices when two threads are inside it at once. */
    private static final class Detector implements RandomGenerator {
        private final SplittableRandom inner = new SplittableRandom(1);
        private final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public long nextLong() {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                for (int i = 0; i < 50; i++) {
                    Thread.onSpinWait(); // widen the window a concurrent caller would fall into
                }
                return inner.nextLong();
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void wrappersAroundOneGeneratorExcludeEachOther() throws Exception {
        // As in a node: the handshaker wraps the generator, and so does every connection.
        Detector shared = new Detector();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RandomGenerator wrapper = SafeRandom.of(shared);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    wrapper.nextLong();
                    wrapper.nextDouble();
                    wrapper.nextInt(100);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(shared.overlaps).hasValue(0);
    }

    @Test
    void wrappingIsIdempotent() {
        RandomGenerator once = SafeRandom.of(new SplittableRandom(2));
        assertThat(SafeRandom.of(once)).isSameAs(once);
    }
}
