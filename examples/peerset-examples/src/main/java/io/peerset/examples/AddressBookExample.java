package io.peerset.examples;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** README, "The address book". */
final class AddressBookExample {

    private AddressBookExample() {
    }

    static List<AddressEntry> addressBook(Scheduler scheduler, Executor blockingExecutor, PeerAddress address,
                                          Instant lastSeen) {
        // tag::address-book[]
        AddressBookProvider provider = ServiceLoader.load(AddressBookProvider.class).findFirst().orElseThrow();
        AddressBook book = provider.create(
                AddressBookConfig.builder(Network.MAINNET).cacheDir(Path.of(System.getProperty("user.home"), ".cache/zebra")).build(),
                new AddressBookContext(scheduler, new SecureRandom(), Executors.newSingleThreadExecutor(), blockingExecutor));
        book.start();                                                     // starts the peer cache writer
        book.submit(new AddressChange.NewGossiped(address, PeerServices.NETWORK, lastSeen));   // never blocks
        Optional<AddressBookEntry> next = book.nextReconnectCandidate().join();               // marked AttemptPending
        List<AddressEntry> answer = book.freshGetAddrResponse();                              // sanitised getaddr answer
        // end::address-book[]
        return next.isPresent() ? answer : List.of();
    }
}
