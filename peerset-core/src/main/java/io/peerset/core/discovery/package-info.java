/**
 * Discovery (reference sections 1.3, 5.6, 5.7, 8): connection limits counted with tokens released
 * exactly once ({@link io.peerset.core.discovery.ConnectionCounter}), the listener's per-IP
 * throttle ({@link io.peerset.core.discovery.RecentByIp}), the inbound loop
 * ({@link io.peerset.core.discovery.InboundListener}), the initial peers
 * ({@link io.peerset.core.discovery.InitialPeers}) and the crawler/dialer
 * ({@link io.peerset.core.discovery.Crawler}). The node that starts them arrives with the running
 * node. Not exported.
 */
package io.peerset.core.discovery;
