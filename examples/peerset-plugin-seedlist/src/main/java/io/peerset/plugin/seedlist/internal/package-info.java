/**
 * The seed-list plugin's implementation: the list format ({@link io.peerset.plugin.seedlist.internal.SeedListParser}),
 * where a list is ({@link io.peerset.plugin.seedlist.internal.Location}), bounded fetching
 * ({@link io.peerset.plugin.seedlist.internal.Fetcher}), signatures
 * ({@link io.peerset.plugin.seedlist.internal.Ed25519}) and the source itself. Not exported.
 */
package io.peerset.plugin.seedlist.internal;
