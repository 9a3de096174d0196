/**
 * peerset's entry points: {@link io.peerset.core.PeerSets} creates a peer set or starts a node,
 * {@link io.peerset.core.PeerSetModule} does the same through Guice bindings, and
 * {@link io.peerset.core.Providers} finds transports, handshakers, address books and candidate
 * sources through {@link java.util.ServiceLoader}, by name or priority.
 *
 * <p>This package depends on the others of the module and none of them depends on it: single peers
 * are in {@code io.peerset.core.connect}, what the implementation packages share in
 * {@code io.peerset.core.common}.
 *
 * <p>Threading: every class here is thread-safe.
 */
package io.peerset.core;
