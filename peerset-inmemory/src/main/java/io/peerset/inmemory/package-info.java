/**
 * Whole networks in one process: {@link io.peerset.inmemory.InMemoryNetwork} hands out
 * {@link io.peerset.inmemory.InMemoryTransport}s (one per host IP) that carry real frames through the
 * wire codec, with latency, dropped connects and stalled writes; {@link io.peerset.inmemory.VirtualScheduler}
 * is the one clock and executor they run on, advanced by the caller; {@link io.peerset.inmemory.RawConnection}
 * writes arbitrary bytes; {@link io.peerset.inmemory.ForwardingConnection} intercepts a connection of
 * any transport.
 *
 * <p>Threading: everything runs on the thread that advances the scheduler; {@code schedule} and
 * {@code execute} may be called from any thread.
 */
package io.peerset.inmemory;
