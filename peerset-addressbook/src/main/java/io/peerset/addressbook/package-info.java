/**
 * Address-book implementation: {@link io.peerset.addressbook.MetaAddr} and its change rules,
 * address validity, reconnection ordering and candidate index, bans, gossip sanitising, and the
 * single-writer {@link io.peerset.addressbook.DefaultAddressBook}. Not exported; reached through the
 * SPI in {@code io.peerset.api.spi}.
 */
package io.peerset.addressbook;
