package io.peerset.testkit;

import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.RawConnection;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** The transport conformance suite, on the in-memory transport under virtual time. */
class InMemoryTransportConformanceTest extends TransportConformanceSuite {

    /** Virtual time a hook may spend before it declares the wait hopeless. */
    private static final Duration HOOK_BUDGET = Duration.ofMinutes(5);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler).latency(Duration.ofMillis(1));
    private int hosts;

    @Override
    protected Transport newTransport(TransportConfig config) {
        hosts++;
        return network.transport(config, "10.0.0." + hosts);
    }

    @Override
    protected PeerAddress listenAddress() {
        return PeerAddress.parse("0.0.0.0:0");
    }

    @Override
    protected <T> T await(CompletableFuture<T> future) {
        awaitCondition("the future completes", future::isDone);
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    @Override
    protected void awaitCondition(String description, BooleanSupplier condition) {
        Duration start = scheduler.elapsed();
        scheduler.runUntilIdle();
        while (!condition.getAsBoolean()) {
            if (scheduler.elapsed().minus(start).compareTo(HOOK_BUDGET) > 0 || !scheduler.advanceToNextTask()) {
                throw new AssertionError("never happened: " + description);
            }
        }
    }

    @Override
    protected void settle() {
        scheduler.advance(Duration.ofSeconds(1));
    }

    @Override
    protected RawPeer connectRaw(PeerAddress address) {
        RawConnection raw = await(network.connectRaw(address));
        return new RawPeer() {
            @Override
            public void write(byte[] bytes) {
                raw.write(bytes);
            }

            @Override
            public boolean isOpen() {
                return raw.isOpen();
            }

            @Override
            public void close() {
                raw.close();
            }
        };
    }
}
