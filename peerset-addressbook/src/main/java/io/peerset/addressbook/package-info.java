/**
 * Address-book implementation: {@link io.peerset.addressbook.MetaAddr} and its change rules,
 * address validity, reconnection ordering and candidate index, bans, gossip sanitising, and the
 * single-writer {@link io.peerset.addressbook.DefaultAddressBook}, and the peer cache file
 * ({@link io.peerset.addressbook.PeerCacheFile}, {@link io.peerset.addressbook.PeerCacheWriter},
 * {@link io.peerset.addressbook.DiskCacheCandidateSourceProvider}). Not exported; reached through the
 * SPI in {@code io.peerset.api.spi}.
 */
package io.peerset.addressbook;
