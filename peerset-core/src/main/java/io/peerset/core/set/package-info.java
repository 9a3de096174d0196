/**
 * The peer set (reference section 5): readiness, load balancing, inventory routing, broadcasts,
 * minimum versions, stall tracking and misbehaviour batching, all on one loop. Not exported: the
 * public face is {@link io.peerset.core.PeerSets} and {@link io.peerset.api.PeerSet}.
 */
package io.peerset.core.set;
