package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.PeerCacheStore;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the peer cache file on the reference's schedule (section 3.3): first
 * {@link AddressBookConstants#PEER_CACHE_RETRY_INTERVAL} after {@link #start()}, again every 20 s
 * until a non-empty write succeeds, then every
 * {@link PeerSetConstants#PEER_DISK_CACHE_UPDATE_INTERVAL}, and once more at {@link #close()}. The selection is taken from a book
 * snapshot; the write (to the node's {@link PeerCacheStore}) runs on the given blocking executor,
 * never on the scheduler's thread.
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} may be called from any thread.
 */
final class PeerCacheWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerCacheWriter.class);

    private final AddressBook book;
    private final PeerCacheStore store;
    private final Scheduler scheduler;
    private final Executor blocking;
    private boolean written;
    private boolean closed;
    private Cancellable next = () -> false;

    PeerCacheWriter(AddressBook book, PeerCacheStore store, Scheduler scheduler, Executor blocking) {
        this.book = requireNonNull(book, "book");
        this.store = requireNonNull(store, "store");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.blocking = requireNonNull(blocking, "blocking");
    }

    /** Schedules the first write. */
    synchronized void start() {
        if (!closed) {
            next = scheduler.schedule(AddressBookConstants.PEER_CACHE_RETRY_INTERVAL, this::tick);
        }
    }

    /** @return whether a write has succeeded */
    synchronized boolean hasWritten() {
        return written;
    }

    private void tick() {
        try {
            blocking.execute(this::writeNow);
        } catch (RejectedExecutionException e) {
            log.warn("peer cache: blocking executor rejected the write", e);
            reschedule();
        }
    }

    private void writeNow() {
        List<PeerAddress> selected = PeerCacheFile.selectAddresses(book.snapshot().entries(), scheduler.instant());
        boolean ok;
        try {
            synchronized (this) {
                ok = !closed && store.write(selected);
            }
        } catch (IOException | RuntimeException e) {
            log.warn(PeerCacheFile.cannotWrite(store, e));
            ok = false;
        }
        synchronized (this) {
            written |= ok;
        }
        reschedule();
    }

    private synchronized void reschedule() {
        if (closed) {
            return;
        }
        Duration delay = written ? PeerSetConstants.PEER_DISK_CACHE_UPDATE_INTERVAL
                : AddressBookConstants.PEER_CACHE_RETRY_INTERVAL;
        next = scheduler.schedule(delay, this::tick);
    }

    /**
     * Cancels the next write and writes once more, on the calling thread (a clean shutdown keeps
     * the freshest addresses, as the reference does); waits for a write in progress first.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        next.cancel();
        try {
            written |= store.write(PeerCacheFile.selectAddresses(book.snapshot().entries(), scheduler.instant()));
        } catch (IOException | RuntimeException e) {
            log.warn("{} (at shutdown)", PeerCacheFile.cannotWrite(store, e));
        }
    }
}
