/**
 * Address-book implementation (planned): {@code MetaAddr}, reconnection ordering, bans, gossip
 * rules and the peer cache file. Not exported; reached through the SPI in {@code io.peerset.api.spi}.
 */
package io.peerset.addressbook;
