/**
 * The address book: one {@code MetaAddr} record per known peer address, its state machine and
 * reconnection ordering, gossip sanitising, bans and the single-writer updater (reference section 4).
 * Provides {@link io.peerset.api.spi.AddressBookProvider} under the name {@code "default"}.
 * No package is exported: applications reach the book through {@code io.peerset.api.spi.AddressBook}.
 */
module io.peerset.addressbook {
    requires io.peerset.api;
    requires org.slf4j;

    provides io.peerset.api.spi.AddressBookProvider with io.peerset.addressbook.DefaultAddressBookProvider;
}
