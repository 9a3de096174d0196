/**
 * Whole peerset networks in one process: the in-memory {@link io.peerset.api.spi.Transport}
 * ({@link io.peerset.inmemory.InMemoryNetwork}, {@link io.peerset.inmemory.InMemoryTransport}) that
 * carries real frames through the wire codec, with latency, dropped connects and stalled writes; the
 * virtual-time {@link io.peerset.api.spi.Scheduler} ({@link io.peerset.inmemory.VirtualScheduler}) that
 * runs every task on the caller's thread in a deterministic order; raw byte-level connections; and a
 * forwarding connection to intercept any transport's traffic.
 *
 * <p>JUnit-free and depending on the API alone, so that it ships at run time: the simulator and the
 * CLI run on it, and every module can use it in tests without a reactor cycle. The test support
 * (scripted peers, shared doubles, the JUnit extension and the transport conformance suite) is in
 * {@code io.peerset.testkit}, which is never shipped.
 */
module io.peerset.inmemory {
    requires transitive io.peerset.api;

    exports io.peerset.inmemory;
}
