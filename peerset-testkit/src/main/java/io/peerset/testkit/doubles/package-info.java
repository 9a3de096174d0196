/**
 * Shared test doubles, so that no module re-creates its own: {@link io.peerset.testkit.doubles.FakePeer}
 * (a {@link io.peerset.api.PeerClient} the test drives, recording contract violations),
 * {@link io.peerset.testkit.doubles.FakeAddressBook}, {@link io.peerset.testkit.doubles.RecordingInboundService},
 * {@link io.peerset.testkit.doubles.SettableChainTip} and {@link io.peerset.testkit.doubles.FakeNode}
 * (a {@link io.peerset.api.PeerSetNode} for code that watches a node).
 *
 * <p>They implement the public API only and run nothing of their own (no thread, no timer).
 * Threading: every double is thread-safe; see each class for the thread its callbacks run on.
 */
package io.peerset.testkit.doubles;
