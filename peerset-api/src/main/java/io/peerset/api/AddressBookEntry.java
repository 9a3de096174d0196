package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.Checks;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read-only copy of one address-book record (reference section 4.1). Wall-clock times are
 * {@link Instant}s; local event times are monotonic {@link io.peerset.api.spi.Clock#nanoTime()} readings of the book's
 * clock (only differences are meaningful).
 *
 * <p>Immutable and thread-safe.
 *
 * @param address            the canonical address, the record's key
 * @param services           services from our handshake, else as gossiped, if known
 * @param untrustedLastSeen  the time claimed by whoever gossiped the address
 * @param lastResponse       the last time a handshake completed or a heartbeat was answered
 * @param rtt                the round-trip time of the last heartbeat
 * @param pingSentAtNanos    when the last heartbeat ping was sent
 * @param lastAttemptNanos   when we last started an outbound attempt
 * @param lastFailureNanos   when the last failure (or misbehaviour report) happened
 * @param misbehaviorScore   the accumulated misbehaviour score, >= 0
 * @param state              the connection state
 * @param inbound            whether this address ever completed an inbound handshake (an ephemeral address)
 * @param userAgent          the user agent from the last handshake
 * @param negotiatedVersion  the protocol version negotiated in the last handshake
 */
public record AddressBookEntry(PeerAddress address, Optional<PeerServices> services,
                               Optional<Instant> untrustedLastSeen, Optional<Instant> lastResponse,
                               Optional<Duration> rtt, OptionalLong pingSentAtNanos,
                               OptionalLong lastAttemptNanos, OptionalLong lastFailureNanos,
                               int misbehaviorScore, PeerAddrState state, boolean inbound,
                               Optional<String> userAgent, OptionalLong negotiatedVersion) {

    /** Validates. */
    public AddressBookEntry {
        requireNonNull(address, "address");
        requireNonNull(services, "services");
        requireNonNull(untrustedLastSeen, "untrustedLastSeen");
        requireNonNull(lastResponse, "lastResponse");
        requireNonNull(rtt, "rtt");
        requireNonNull(pingSentAtNanos, "pingSentAtNanos");
        requireNonNull(lastAttemptNanos, "lastAttemptNanos");
        requireNonNull(lastFailureNanos, "lastFailureNanos");
        requireNonNull(state, "state");
        requireNonNull(userAgent, "userAgent");
        requireNonNull(negotiatedVersion, "negotiatedVersion");
        Checks.notNegative("misbehaviorScore", misbehaviorScore);
    }

    /** @return the last response if any, else the untrusted gossiped time (reference "last_seen") */
    public Optional<Instant> lastSeen() {
        return lastResponse.isPresent() ? lastResponse : untrustedLastSeen;
    }
}
