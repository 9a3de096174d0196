/**
 * The address book: one {@code MetaAddr} record per known peer address, its state machine and
 * reconnection ordering, gossip sanitising, bans and the single-writer updater (reference section 4),
 * and the on-disk peer cache (section 3.3). Provides {@link io.peerset.api.spi.AddressBookProvider}
 * under the name {@code "default"} and the disk-cache {@link io.peerset.api.spi.CandidateSourceProvider}
 * under the name {@code "disk-cache"}.
 * No package is exported: applications reach the book through {@code io.peerset.api.spi.AddressBook}.
 */
module io.peerset.addressbook {
    requires io.peerset.api;
    requires org.slf4j;

    provides io.peerset.api.spi.AddressBookProvider with io.peerset.addressbook.DefaultAddressBookProvider;
    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.addressbook.DiskCacheCandidateSourceProvider;
}
