/**
 * peerset's public API: the peer set as one load-balanced service ({@link io.peerset.api.PeerSet},
 * typed {@link io.peerset.api.Request}s and {@link io.peerset.api.Response}s), single peers
 * ({@link io.peerset.api.PeerClient}), the application's side ({@link io.peerset.api.InboundService},
 * {@link io.peerset.api.ChainTip}), a running node ({@link io.peerset.api.PeerSetNode}, its
 * {@link io.peerset.api.NodeStatus} and address-book snapshot), configuration declared once
 * ({@link io.peerset.api.NodeOptions}, {@link io.peerset.api.NodeConfig},
 * {@link io.peerset.api.PeerSetConfig}), events ({@link io.peerset.api.PeerSetEvent},
 * {@link io.peerset.api.NodeEvent}, each reason {@link io.peerset.api.Coded}), errors
 * ({@link io.peerset.api.PeerSetException} and its subclasses) and the reference's constants
 * ({@link io.peerset.api.PeerSetConstants}).
 *
 * <p>Threading: value types are immutable; interfaces state their own rule.
 */
package io.peerset.api;
