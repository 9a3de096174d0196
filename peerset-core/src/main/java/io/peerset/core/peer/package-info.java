/**
 * Implementation of single peers (not exported): the Zcash handshake
 * ({@link io.peerset.core.peer.ZcashHandshaker}, provided as {@code "zcash"}), the per-peer connection
 * state machine ({@link io.peerset.core.peer.PeerConnection}, with its client state, local requests,
 * inbound server and heartbeat), the
 * response matchers ({@link io.peerset.core.peer.ResponseHandler}), the message mapping of reference
 * section 6.8, the per-connection address cache and the overload policy.
 *
 * <p>Threading rule: per-connection state is confined to the connection's executor; the only state
 * shared across connections is the handshaker's nonce set (locked) and the injected random
 * generator (wrapped so access is serialised).
 */
package io.peerset.core.peer;
