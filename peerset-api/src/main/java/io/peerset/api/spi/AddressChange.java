package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.PeerAddrState;
import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One change submitted to an {@link AddressBook} (reference section 4.3). Each kind names the
 * state the record moves to; the book decides whether to apply it (sections 4.4 and 4.5).
 *
 * <p>Addresses are {@link PeerAddress}es and therefore already canonical. All kinds are immutable
 * records and thread-safe. An adapter from a connection observer maps {@code connected} to
 * {@link UpdateConnected}, {@code pingSent} to {@link UpdatePingSent}, {@code responded} to
 * {@link UpdateResponded} and {@code failed} to {@link UpdateFailed}.
 */
public sealed interface AddressChange {

    /** @return the address the change is about */
    PeerAddress address();

    /** @return the state the record has after the change is applied */
    PeerAddrState state();

    /** @return whether this kind only adds never-attempted addresses (it cannot change an attempted record) */
    default boolean isNew() {
        return state() == PeerAddrState.NEVER_ATTEMPTED_GOSSIPED;
    }

    /**
     * An initial peer (DNS seeder, cache file, configuration, {@code addnode}): no services, no
     * last-seen time.
     *
     * @param address the peer's listener address
     */
    record NewInitial(PeerAddress address) implements AddressChange {
        /** Validates. */
        public NewInitial {
            requireNonNull(address, "address");
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.NEVER_ATTEMPTED_GOSSIPED;
        }
    }

    /**
     * An address gossiped by a peer, with the services and time that peer claimed (untrusted).
     *
     * @param address  the gossiped address
     * @param services the claimed services
     * @param lastSeen the claimed last-seen time
     * @param source   the peer that told us, when known: a book with bucketed tables bounds how much
     *                 of its table one source's network group can fill (issue 16 §1.3); empty counts
     *                 the address as its own source
     */
    record NewGossiped(PeerAddress address, PeerServices services, Instant lastSeen, Optional<PeerAddress> source)
            implements AddressChange {
        /** Validates. */
        public NewGossiped {
            requireNonNull(address, "address");
            requireNonNull(services, "services");
            requireNonNull(lastSeen, "lastSeen");
            requireNonNull(source, "source");
        }

        /**
         * An address whose source is unknown (it counts as its own source).
         *
         * @param address  the gossiped address
         * @param services the claimed services
         * @param lastSeen the claimed last-seen time
         */
        public NewGossiped(PeerAddress address, PeerServices services, Instant lastSeen) {
            this(address, services, lastSeen, Optional.empty());
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.NEVER_ATTEMPTED_GOSSIPED;
        }
    }

    /**
     * An alternate address of a connected peer, from its {@code version} message; last seen "now".
     *
     * @param address  the advertised address
     * @param services the services from the {@code version} message
     */
    record NewAlternate(PeerAddress address, PeerServices services) implements AddressChange {
        /** Validates. */
        public NewAlternate {
            requireNonNull(address, "address");
            requireNonNull(services, "services");
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.NEVER_ATTEMPTED_GOSSIPED;
        }
    }

    /**
     * Our own listener, synthesised for gossip answers: services {@code NODE_NETWORK}, last seen "now".
     *
     * @param address our listener address
     */
    record NewLocal(PeerAddress address) implements AddressChange {
        /** Validates. */
        public NewLocal {
            requireNonNull(address, "address");
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.NEVER_ATTEMPTED_GOSSIPED;
        }
    }

    /**
     * We are about to dial the address; sets the last attempt to "now".
     *
     * @param address the address being dialled
     */
    record UpdateAttempt(PeerAddress address) implements AddressChange {
        /** Validates. */
        public UpdateAttempt {
            requireNonNull(address, "address");
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.ATTEMPT_PENDING;
        }
    }

    /**
     * A handshake completed (outbound or inbound); sets the last response to "now".
     *
     * @param address           the remote address (for inbound connections, its ephemeral address)
     * @param services          the services from the remote {@code version} message
     * @param inbound           whether the remote connected to us
     * @param userAgent         the remote user agent
     * @param negotiatedVersion the negotiated protocol version, 0..4294967295
     */
    record UpdateConnected(PeerAddress address, PeerServices services, boolean inbound, String userAgent,
                           long negotiatedVersion) implements AddressChange {
        /** Validates. */
        public UpdateConnected {
            requireNonNull(address, "address");
            requireNonNull(services, "services");
            requireNonNull(userAgent, "userAgent");
            Checks.inRange("negotiatedVersion", negotiatedVersion, 0, 0xffff_ffffL);
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.RESPONDED;
        }
    }

    /**
     * A heartbeat ping is about to be sent; records the time and clears the last round-trip time.
     *
     * @param address the peer's address
     */
    record UpdatePingSent(PeerAddress address) implements AddressChange {
        /** Validates. */
        public UpdatePingSent {
            requireNonNull(address, "address");
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.RESPONDED;
        }
    }

    /**
     * A heartbeat pong arrived; sets the last response to "now".
     *
     * @param address the peer's address
     * @param rtt     the measured round-trip time, not negative
     */
    record UpdateResponded(PeerAddress address, Duration rtt) implements AddressChange {
        /** Validates. */
        public UpdateResponded {
            requireNonNull(address, "address");
            Checks.notNegative("rtt", rtt);
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.RESPONDED;
        }
    }

    /**
     * A dial, handshake or open connection failed (a normal shutdown counts as a failure); sets the
     * last failure to "now". Build with {@link #of(PeerAddress)}, {@link #of(PeerAddress, PeerServices)}
     * or, for a connection the peer opened, {@link #ofInbound(PeerAddress)}.
     *
     * <p>An inbound connection's address is the remote's ephemeral port: its record is never dialled
     * nor gossiped (reference 4.9 and Appendix A.4), so when that connection ends the book removes
     * the record instead of keeping it as failed, and never creates one for it (a peer redialling
     * from a new port each time would otherwise leave a record per connection).
     *
     * @param address  the peer's address
     * @param services the services learned in the handshake, if there was one
     * @param inbound  whether the connection that ended was opened by the peer (then {@code address}
     *                 is its ephemeral address)
     */
    record UpdateFailed(PeerAddress address, Optional<PeerServices> services, boolean inbound) implements AddressChange {
        /** Validates. */
        public UpdateFailed {
            requireNonNull(address, "address");
            requireNonNull(services, "services");
        }

        /**
         * @param address the peer's ephemeral address
         * @return the end of an inbound connection
         */
        public static UpdateFailed ofInbound(PeerAddress address) {
            return new UpdateFailed(address, Optional.empty(), true);
        }

        /**
         * @param address the peer's address
         * @return a failure with no services (dial failure, heartbeat failure, shutdown)
         */
        public static UpdateFailed of(PeerAddress address) {
            return new UpdateFailed(address, Optional.empty(), false);
        }

        /**
         * @param address  the peer's address
         * @param services the services from the handshake
         * @return a failure of an established connection
         */
        public static UpdateFailed of(PeerAddress address, PeerServices services) {
            return new UpdateFailed(address, Optional.of(requireNonNull(services, "services")), false);
        }

        @Override
        public PeerAddrState state() {
            return PeerAddrState.FAILED;
        }
    }

    /**
     * The application reports misbehaviour; the score accumulates and the IP is banned when it
     * reaches the limit. Unlike the reference (Appendix A.10) this change never changes the record's
     * state and never creates a record: see the book implementation's documentation.
     *
     * @param address   the peer's address
     * @param increment the score to add, > 0
     * @param reason    what the peer did, for the ban event and logs (the reference has no reason)
     */
    record UpdateMisbehavior(PeerAddress address, int increment, String reason) implements AddressChange {
        /** Validates. */
        public UpdateMisbehavior {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
            Checks.positive("increment", increment);
        }

        /** @return {@link PeerAddrState#RESPONDED}, the reference's state for this change (unused by peerset) */
        @Override
        public PeerAddrState state() {
            return PeerAddrState.RESPONDED;
        }

        @Override
        public boolean isNew() {
            return false;
        }
    }
}
