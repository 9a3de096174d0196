package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running node's connection machinery and address book did that the peer set never sees: a
 * dial or handshake that failed, an inbound connection dropped before any handshake, an address-book
 * record that changed state or left the book, an IP that was banned. With {@link PeerSetEvent} (what
 * the set decided about the peers it holds) it answers "why is that peer not connected?".
 *
 * <p>Immutable. Delivered to {@link PeerSetNode#addNodeListener} listeners on I/O, timer or
 * address-book updater threads: a listener must return quickly and not block.
 */
public sealed interface NodeEvent {

    /**
     * A dial, or a handshake in either direction, failed.
     *
     * @param address the peer (for an inbound peer, its connecting address)
     * @param inbound whether it connected to us
     * @param step    where it failed ({@link HandshakeException#step()}): opening the connection,
     *                exchanging versions or waiting for {@code verack}; empty when the failing code
     *                did not say (a handshaker other than peerset's, an internal error)
     * @param reason  why, a closed set ({@link FailureReason#code()}: {@code timeout}, {@code refused},
     *                {@code unreachable}, {@code obsolete-version}, {@code self-connection},
     *                {@code wrong-magic}, {@code protocol-error}, {@code closed} or {@code error})
     * @param message the failure's message
     */
    record HandshakeFailed(PeerAddress address, boolean inbound, Optional<HandshakeException.Step> step,
                           FailureReason reason, String message) implements NodeEvent {

        /** Checks for nulls. */
        public HandshakeFailed {
            requireNonNull(address, "address");
            requireNonNull(step, "step");
            requireNonNull(reason, "reason");
            requireNonNull(message, "message");
        }
    }

    /**
     * An inbound connection was closed before any handshake (reference section 8: bans, the inbound
     * limit and the per-IP throttle are applied first).
     *
     * @param address the connecting address
     * @param reason  why
     */
    record InboundDropped(PeerAddress address, DropReason reason) implements NodeEvent {
        /** Checks for nulls. */
        public InboundDropped {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * The inbound slots were full, so an inbound peer was disconnected to make room for a new
     * connection (beyond the reference, issue 16 §1.4, Bitcoin Core's {@code SelectNodeToEvict}):
     * the youngest peer of the network group with the most unprotected connections.
     *
     * @param evicted          the peer disconnected
     * @param newcomer         the connection that takes its slot
     * @param netgroup         the evicted peer's network group ({@link Netgroup#toString()})
     * @param groupConnections unprotected connections of that group before the eviction
     * @param protectedByGroup peers protected as members of distinct network groups (4)
     * @param protectedByPing  peers protected for the lowest ping (8)
     * @param protectedByUse   peers protected for the most recent inventory they announced (4)
     * @param protectedByAge   peers protected as the longest connected (half of the rest)
     */
    record InboundEvicted(PeerAddress evicted, PeerAddress newcomer, String netgroup, int groupConnections,
                          int protectedByGroup, int protectedByPing, int protectedByUse, int protectedByAge)
            implements NodeEvent {
        /** Checks for nulls. */
        public InboundEvicted {
            requireNonNull(evicted, "evicted");
            requireNonNull(newcomer, "newcomer");
            requireNonNull(netgroup, "netgroup");
        }
    }

    /** Why an inbound connection was dropped before its handshake. */
    enum DropReason implements Coded {
        /** Its IP is banned. Code {@code banned}. */
        BANNED,
        /** The inbound limit (5 x target) is reached. Code {@code inbound-limit}. */
        INBOUND_LIMIT,
        /** Its IP made {@code max_connections_per_ip} attempts within the last 119 s. Code {@code per-ip-throttle}. */
        PER_IP_THROTTLE,
        /**
         * Its network group already holds {@code max_inbound_per_netgroup} inbound connections (beyond
         * the reference, issue 16 §1.4). Code {@code netgroup-limit}.
         */
        NETGROUP_LIMIT;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }

    /**
     * What the address book did (reference section 4): the events an
     * {@link io.peerset.api.spi.AddressBook#addListener AddressBook listener} receives, in the order
     * the book applied them.
     */
    sealed interface AddressBookEvent extends NodeEvent permits AddressStateChanged, AddressRemoved, IpBanned,
            AddressDiscouraged {
    }

    /**
     * A record was created, or its connection state changed (updates that keep the state, such as
     * a refreshed last-seen time, are not reported).
     *
     * @param address  the record's address
     * @param previous its state before, empty for a new record
     * @param current  its state now
     */
    record AddressStateChanged(PeerAddress address, Optional<PeerAddrState> previous, PeerAddrState current)
            implements AddressBookEvent {
        /** Checks for nulls and a change. */
        public AddressStateChanged {
            requireNonNull(address, "address");
            requireNonNull(previous, "previous");
            requireNonNull(current, "current");
            if (previous.isPresent() && previous.get() == current) {
                throw new IllegalArgumentException("not a state change: " + current);
            }
        }
    }

    /**
     * A record left the book.
     *
     * @param address the record's address
     * @param state   its last state
     * @param cause   why it left
     */
    record AddressRemoved(PeerAddress address, PeerAddrState state, AddressRemovalCause cause)
            implements AddressBookEvent {
        /** Checks for nulls. */
        public AddressRemoved {
            requireNonNull(address, "address");
            requireNonNull(state, "state");
            requireNonNull(cause, "cause");
        }
    }

    /** Why a record left the address book. */
    enum AddressRemovalCause implements Coded {
        /**
         * The book was full (its capacity, {@link PeerSetConstants#MAX_ADDRS_IN_ADDRESS_BOOK} by
         * default): the record last in reconnection order went; or, with bucketed tables, the
         * record's slot went to a newcomer (it was terrible, or the newcomer is one we connected
         * to, or a tried record moved back into it). Code {@code evicted}.
         */
        EVICTED,
        /** Its IP was banned: every record of that IP goes. Code {@code banned}. */
        BANNED,
        /**
         * It was an inbound connection's record (the remote's ephemeral address, never dialled nor
         * gossiped) and that connection ended: see {@link io.peerset.api.spi.AddressChange.UpdateFailed}.
         * Code {@code inbound-closed}.
         */
        INBOUND_CLOSED;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }

    /**
     * An IP was banned: the misbehaviour reported for one of its addresses reached
     * {@link PeerSetConstants#MAX_PEER_MISBEHAVIOR_SCORE}. Its records are removed (each reported as
     * {@link AddressRemoved} with {@link AddressRemovalCause#BANNED}, after this event), its
     * connections refused until {@code until}, and its peers dropped from the set at their next
     * check.
     *
     * @param ip      the IP
     * @param address the address whose reports reached the limit
     * @param score   the score that reached the limit
     * @param reason  the reason given with the report that reached it ({@link PeerSet#reportMisbehavior})
     * @param until   when the ban ends (wall clock)
     */
    record IpBanned(InetAddress ip, PeerAddress address, int score, String reason, Instant until)
            implements AddressBookEvent {
        /** Checks for nulls. */
        public IpBanned {
            requireNonNull(ip, "ip");
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
            requireNonNull(until, "until");
        }
    }

    /**
     * An address's misbehaviour score reached {@code discourage_score} (beyond the reference, issue 16
     * §1.5): from now on it is not dialled, not gossiped, and the first inbound peer evicted when the
     * slots are full; it is banned if it reaches the ban threshold.
     *
     * @param address the address
     * @param score   its score now (at least {@code discourage_score}, below the ban threshold)
     * @param reason  the reason given with the report that reached it
     */
    record AddressDiscouraged(PeerAddress address, int score, String reason) implements AddressBookEvent {
        /** Checks for nulls. */
        public AddressDiscouraged {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * The node chose an address to dial (issue 16 §1.9): why, and the network group it occupies. Each
     * dial that follows ends in a {@link PeerSetEvent.PeerAdded} or a {@link HandshakeFailed}.
     *
     * @param address  the address dialled
     * @param reason   why it was dialled ({@link DialReason#code()})
     * @param from     where it came from: for {@link DialReason#INITIAL} the candidate source's name;
     *                 for {@link DialReason#CRAWLER} and {@link DialReason#FEELER} {@code "tried"} when
     *                 the address has answered us before (with bucketed tables: the tried table),
     *                 else {@code "new"}; for {@link DialReason#ANCHOR} {@code "anchors"}; for
     *                 {@link DialReason#OPERATOR} {@code "kept"} or {@code "once"}
     * @param netgroup its network group ({@link Netgroup#toString()})
     */
    record DialChosen(PeerAddress address, DialReason reason, String from, String netgroup) implements NodeEvent {
        /** Checks for nulls. */
        public DialChosen {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
            requireNonNull(from, "from");
            requireNonNull(netgroup, "netgroup");
        }
    }

    /**
     * An operator's command ({@link PeerSetNode#connect}, {@code disconnect}, {@code ban}, {@code unban},
     * {@code reloadSources}; issue 17) was carried out or refused.
     *
     * @param action  what was asked
     * @param target  what it named: an address, a block, or {@code ""} (reload)
     * @param refused whether it was refused (then {@code detail} says why)
     * @param detail  what it did ({@code "kept"}, {@code "2 peer(s) closed"}, a ban's expiry and reason,
     *                ...) or why it was refused
     */
    record ControlAction(Action action, String target, boolean refused, String detail) implements NodeEvent {
        /** Checks for nulls. */
        public ControlAction {
            requireNonNull(action, "action");
            requireNonNull(target, "target");
            requireNonNull(detail, "detail");
        }
    }

    /** An operator's command. */
    enum Action implements Coded {
        /** Connect to an address now, once or kept ({@code addnode}). Code {@code connect}. */
        CONNECT,
        /** Close the connections to an address and stop keeping it. Code {@code disconnect}. */
        DISCONNECT,
        /** Ban an address or block. Code {@code ban}. */
        BAN,
        /** End a ban. Code {@code unban}. */
        UNBAN,
        /** Ask the candidate sources again. Code {@code reload-sources}. */
        RELOAD_SOURCES;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }

    /** Why the node dialled an address. */
    enum DialReason implements Coded {
        /** One of the outbound peers the node held longest when it last closed (issue 16 §1.6). Code {@code anchor}. */
        ANCHOR,
        /** A candidate source's answer at start (reference 3.2). Code {@code initial}. */
        INITIAL,
        /** The crawler filling an outbound slot from the address book (reference 5.7). Code {@code crawler}. */
        CRAWLER,
        /**
         * A short feeler connection testing an address for the bucketed tables, holding no outbound
         * slot (issue 16 §1.3). Code {@code feeler}.
         */
        FEELER,
        /**
         * An operator's {@code connect} ({@link PeerSetNode#connect}), or its retry for a kept address
         * (issue 17). Code {@code operator}.
         */
        OPERATOR;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }
}
