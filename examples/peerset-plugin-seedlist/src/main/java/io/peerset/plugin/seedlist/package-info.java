/**
 * The seed-list plugin: initial peers from a file or an {@code https://} URL, optionally signed with
 * Ed25519. {@link io.peerset.plugin.seedlist.SeedListProvider} is the service,
 * {@link io.peerset.plugin.seedlist.SeedListOptions} its options (the {@code [plugins.seed-list]}
 * table), a {@link io.peerset.api.PeerSetException} (the internal {@code SeedListException}) how a list that cannot be used fails.
 */
package io.peerset.plugin.seedlist;
