package io.peerset.core.set;

import io.peerset.api.PeerSetConstants;
import io.peerset.api.TransactionId;
import io.peerset.api.internal.SerialLoop;
import io.peerset.core.common.CoreConstants;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Section 5.3 "how the registry is fed": peers' inventory advertisements and {@code notfound}s,
 * on the connections' threads, become {@link LoopMessage.Inventory} messages for the loop. At most
 * {@link CoreConstants#INVENTORY_QUEUE_CAPACITY} wait (reference 1.2: a lossy channel); beyond it
 * reports are dropped and counted, since they only steer routing.
 *
 * <p>{@link #report} runs on any thread; {@link #taken()} on the loop.
 */
final class InventoryFeed {

    private static final Logger log = LoggerFactory.getLogger(InventoryFeed.class);

    private final SerialLoop<LoopMessage> loop;
    private final BooleanSupplier closed;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    InventoryFeed(SerialLoop<LoopMessage> loop, BooleanSupplier closed) {
        this.loop = loop;
        this.closed = closed;
    }

    /** A peer advertised items or reported them missing (on the connection's thread). */
    void report(PeerAddress peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
        List<Object> available = new ArrayList<>();
        if (advertised.size() == 1 && advertised.get(0) instanceof InventoryItem.Block b) {
            available.add(b.hash());
        } else {
            for (InventoryItem item : advertised) {
                TransactionId.fromInventory(item).ifPresent(available::add);
                if (available.size() == PeerSetConstants.MAX_INV_PER_MAP) {
                    break;
                }
            }
        }
        List<Object> gone = new ArrayList<>();
        for (InventoryItem item : missing) {
            if (item instanceof InventoryItem.Block b) {
                gone.add(b.hash());
            } else {
                TransactionId.fromInventory(item).ifPresent(gone::add);
            }
            if (gone.size() == PeerSetConstants.MAX_INV_PER_MAP) {
                break;
            }
        }
        if (!available.isEmpty()) {
            queue(new LoopMessage.Inventory(peer, available, InventoryRegistry.Status.AVAILABLE));
        }
        if (!gone.isEmpty()) {
            queue(new LoopMessage.Inventory(peer, gone, InventoryRegistry.Status.MISSING));
        }
    }

    /** The loop has taken a queued report: it no longer counts against the bound. */
    void taken() {
        queued.decrementAndGet();
    }

    private void queue(LoopMessage.Inventory inv) {
        if (closed.getAsBoolean()) {
            return;
        }
        if (queued.incrementAndGet() > CoreConstants.INVENTORY_QUEUE_CAPACITY) {
            queued.decrementAndGet();
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.info("peer set: dropped {} inventory report(s) so far (the loop is behind; they only steer routing)", n);
            }
            return;
        }
        loop.submit(inv);
    }
}
