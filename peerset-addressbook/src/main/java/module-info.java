/**
 * The address book: one {@code MetaAddr} record per known peer address, its state machine and
 * reconnection ordering, gossip sanitising, bans, the single-writer updater and the on-disk peer
 * cache (reference sections 3.3 and 4). Provides the {@code AddressBookProvider} and the disk-cache
 * {@code CandidateSourceProvider} once those SPIs exist.
 *
 * <p>Nothing is implemented here yet: this module holds its place in the reactor so that the
 * dependency rules of DESIGN.md section 2 are fixed from the first commit.
 */
module io.peerset.addressbook {
    requires io.peerset.api;
}
