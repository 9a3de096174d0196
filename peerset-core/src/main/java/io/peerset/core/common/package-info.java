/**
 * What the peer, peer-set, discovery and node packages share, so that none of them depends on
 * another through the entry-point package:
 *
 * <ul>
 *   <li>{@link io.peerset.core.common.ConnectionConfig}: the connection timeouts and limits.</li>
 *   <li>{@link io.peerset.core.common.PeerObserver}: liveness events for the address book.</li>
 *   <li>{@link io.peerset.core.common.PeerDemand}: the signal that more outbound peers are wanted.</li>
 *   <li>{@link io.peerset.core.common.PeerFailures}: one classification of why a peer failed, shared
 *       by events, metrics, {@code peerset crawl} and {@code peerset ping}.</li>
 *   <li>{@link io.peerset.core.common.CorePeerSet} and {@link io.peerset.core.common.PeerSetContext}:
 *       the peer set as core builds it, and what it is built with.</li>
 *   <li>{@link io.peerset.core.common.PowerOfTwoChoices}: the default peer selector.</li>
 *   <li>{@link io.peerset.core.common.SystemScheduler}: the production clock and timer thread.</li>
 *   <li>{@link io.peerset.core.common.CoreConstants}: the limits this module adds to
 *       {@link io.peerset.api.PeerSetConstants}.</li>
 * </ul>
 *
 * <p>Threading: every class here is thread-safe unless its Javadoc says otherwise.
 */
package io.peerset.core.common;
