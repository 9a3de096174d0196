/**
 * The running node (reference section 1.4): {@link io.peerset.core.node.DefaultNode} assembles the
 * listener, the address book, the peer set, the candidate sources and the crawler and closes them in
 * order; {@link io.peerset.core.node.NodeRuntime} holds what it runs on. Not exported: applications
 * use {@link io.peerset.core.PeerSets#nodeBuilder} (or {@link io.peerset.core.PeerSetModule#nodeBuilder} with Guice).
 */
package io.peerset.core.node;
