package io.peerset.sim.adversary;

import io.peerset.sim.spi.AdversaryContext;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Message;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the poisoning strategies share: an {@code addr} of adversary addresses only. */
final class Gossip {

    /** The protocol's most addresses in one {@code addr} (reference §4.9). */
    static final int MAX_ADDRS = 1_000;

    private Gossip() {
    }

    /**
     * @param count       how many addresses, at most {@link #MAX_ADDRS} and the adversaries' count
     *                    plus {@code unreachable}
     * @param unreachable how many of the group's unreachable addresses may be drawn besides the nodes'
     * @param context     the group's view
     * @return an {@code addr} of distinct adversary addresses drawn from the group's generator, each
     *         announced as seen a few minutes ago (fresh enough for any address book)
     */
    static AddrMessage adversaryAddr(int count, int unreachable, AdversaryContext context) {
        List<PeerAddress> all = context.adversaries();
        int space = all.size() + Math.min(unreachable, context.unreachableCapacity());
        int n = Math.min(Math.min(count, MAX_ADDRS), space);
        Set<PeerAddress> chosen = new LinkedHashSet<>();
        while (chosen.size() < n) {
            int i = context.random().nextInt(space);
            chosen.add(i < all.size() ? all.get(i) : context.unreachable(i - all.size()));
        }
        Instant now = context.instant();
        List<AddressEntry> entries = new ArrayList<>(chosen.size());
        for (PeerAddress a : chosen) {
            entries.add(new AddressEntry(now.minusSeconds(60 + context.random().nextInt(600)), PeerServices.NETWORK, a));
        }
        return new AddrMessage(entries);
    }

    /**
     * @param message what the node is about to send
     * @param context the group's view
     * @return the message, or — for an {@code addr} (the node's answer to {@code getaddr}) — one of as
     *         many adversary addresses (at least 1), drawn from the nodes' and {@code unreachable} more
     */
    static List<Message> poisonAddr(Message message, int unreachable, AdversaryContext context) {
        if (message instanceof AddrMessage addr) {
            return List.of(adversaryAddr(Math.max(1, addr.entries().size()), unreachable, context));
        }
        return List.of(message);
    }
}
