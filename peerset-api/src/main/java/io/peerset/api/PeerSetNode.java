package io.peerset.api;

import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running node (reference section 1.4): a bound listener, the address book, initial peers and the
 * crawler keeping the peer set at its target, and the peer cache written in the background. Obtain
 * one from {@code io.peerset.core.PeerSets.nodeBuilder(config).start()}.
 *
 * <p>{@link #close()} shuts down in order — stop accepting, stop dialling, close the peers, write
 * the peer cache — and is idempotent. If a background part fails on its own, the node closes itself
 * the same way and {@link #closeFuture()} completes exceptionally with the cause.
 *
 * <p>Thread-safe; no method blocks except {@link #close()}.
 */
public interface PeerSetNode extends AutoCloseable {

    /** @return the peer set: send requests with {@link PeerSet#call} */
    PeerSet peerSet();

    /** @return the bound listener address (with the real port when port 0 was configured) */
    PeerAddress localAddress();

    /** @return a consistent copy of the address book */
    AddressBookSnapshot addressBook();

    /** @return the node's counters now */
    NodeStatus status();

    /**
     * Adds a listener for the peer set's events. Listeners run on the peer set's loop: they must
     * return quickly and not block.
     *
     * @param listener the listener
     */
    void addListener(PeerSetListener listener);

    /** @param listener a listener added before; removing an unknown one does nothing */
    void removeListener(PeerSetListener listener);

    /**
     * @return messages and bytes by command and direction since the node started, inbound and
     *         outbound connections together (its transport's {@link Traffic}); thread-safe
     */
    Traffic traffic();

    /**
     * Adds a listener for the connection machinery's and the address book's events (every
     * {@link NodeEvent}: failed dials and handshakes, inbound connections dropped before a
     * handshake, address-book records created, changing state or removed, bans). Listeners run on
     * I/O, timer and address-book updater threads: they must return quickly and never block — the
     * updater also hands the dialer its next candidate, so a slow listener slows dialling. While a
     * node has no listener its address book records no events. To see every event from the start,
     * register them on the node builder ({@code NodeBuilder.nodeListener}) instead.
     *
     * @param listener the listener
     */
    void addNodeListener(Consumer<NodeEvent> listener);

    /** @param listener a listener added before; removing an unknown one does nothing */
    void removeNodeListener(Consumer<NodeEvent> listener);

    /**
     * Every connected peer (issue 17; {@code getpeerinfo}): cheap enough to poll — one pass over the
     * peer set on its loop.
     *
     * @return completes with the peers, outbound first, each group oldest first; with an empty list
     *         once the node is closing
     */
    default CompletableFuture<List<PeerInfo>> peers() {
        return unsupported("peers");
    }

    /**
     * Connects to {@code address} now ({@code addnode ... onetry}, or with {@code keep} {@code addnode
     * ... add}): one outbound slot, outside the netgroup limit (the operator chose it). A kept address
     * is dialled again two minutes after its connection ends or its dial fails (a listener
     * refuses an IP it saw within 119 s), until
     * {@link #disconnect} names it.
     *
     * @param address the address
     * @param keep    whether to keep connecting to it
     * @return completes with the connection once its handshake is done (the peer is then in the set);
     *         exceptionally with {@link IllegalArgumentException} for an address not valid for
     *         outbound use on this network, {@link PeerSetException} when it is banned, already
     *         connected or every outbound slot is taken, or the dial's error (a kept address is still
     *         kept). Each outcome is a {@link NodeEvent.ControlAction}.
     */
    default CompletableFuture<ConnectionInfo> connect(PeerAddress address, boolean keep) {
        return unsupported("connect");
    }

    /**
     * Closes every connection to {@code address} (inbound or outbound) and stops keeping it.
     *
     * @param address the address
     * @return completes with how many connections were closed (0 when none was open; the address is no
     *         longer kept either way, and a dial of it in flight is closed once it connects)
     */
    default CompletableFuture<Integer> disconnect(PeerAddress address) {
        return unsupported("disconnect");
    }

    /**
     * Bans an address or block for {@code duration} ({@code setban add}): its connections are closed,
     * its address-book records removed, and it is neither dialled nor accepted until the ban ends or
     * {@link #unban} lifts it; the ban is kept with the node's other bans (across restarts when the
     * node has a cache directory). One IPv6 address means its /64.
     *
     * @param block    the address or block
     * @param duration how long; 1 s to 3,650 days
     * @param reason   why (kept as printable ASCII, at most {@link BannedIp#MAX_REASON_LENGTH} characters)
     * @return completes with the ban; exceptionally with {@link IllegalArgumentException} for a
     *         duration out of range, {@link IllegalStateException} when 1,000 blocks are banned already
     */
    default CompletableFuture<BannedIp> ban(Subnet block, Duration duration, String reason) {
        return unsupported("ban");
    }

    /**
     * Lifts an operator's ban of {@code block}, or the misbehaviour ban of one address.
     *
     * @param block the block given to {@link #ban}, or one address
     * @return completes with whether a ban ended
     */
    default CompletableFuture<Boolean> unban(Subnet block) {
        return unsupported("unban");
    }

    /** @return the bans in force now, misbehaviour bans oldest first, then the operator's */
    default List<BannedIp> bans() {
        return addressBook().bans();
    }

    /** @return the addresses kept by {@link #connect} with {@code keep}, in the order they were added */
    default List<PeerAddress> keptPeers() {
        return List.of();
    }

    /**
     * Asks every candidate source again (DNS seeders, configured peers, the disk cache); their
     * addresses go to the address book and, below the target, are dialled.
     *
     * @return completes with how many valid addresses the sources gave
     */
    default CompletableFuture<Integer> reloadSources() {
        return unsupported("reloadSources");
    }

    private static <T> CompletableFuture<T> unsupported(String what) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node has no " + what));
    }

    /**
     * @return completes normally after {@link #close()} has finished, exceptionally with the cause if
     *         a background part failed and the node closed itself
     */
    CompletableFuture<Void> closeFuture();

    /**
     * Shuts down in order and waits for it (bounded). Called from a listener — on the peer set's
     * loop, which by default is a transport I/O thread — it does not wait: the shutdown goes on
     * once the listener returns ({@link #closeFuture()} says when it is done). Idempotent.
     */
    @Override
    void close();
}
