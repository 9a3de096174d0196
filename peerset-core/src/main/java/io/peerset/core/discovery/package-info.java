/**
 * Discovery (reference sections 1.3, 5.6, 5.7, 8): connection limits counted with tokens released
 * exactly once ({@link io.peerset.core.discovery.ConnectionCounter}), the listener's per-IP
 * throttle ({@link io.peerset.core.discovery.RecentByIp}), the inbound loop
 * ({@link io.peerset.core.discovery.InboundListener}) and the initial peers
 * ({@link io.peerset.core.discovery.InitialPeers}). The crawler/dialer and the node that starts them
 * arrive with the running node. Not exported.
 */
package io.peerset.core.discovery;
