package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsCreatedOnceKeptOwnerOnlyAndReadBack() throws Exception {
        Path file = TableKeyFile.path(dir, Network.MAINNET);
        assertThat(file).isEqualTo(dir.resolve("network").resolve("mainnet.peerset-key"));
        long[] first = TableKeyFile.loadOrCreate(file, new SplittableRandom(1));
        assertThat(Files.readString(file)).matches("[0-9a-f]{32}\n");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        long[] again = TableKeyFile.loadOrCreate(file, new SplittableRandom(2));
        assertThat(again).isEqualTo(first);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void aMalformedKeyIsReplaced() throws Exception {
        Path file = TableKeyFile.path(dir, Network.TESTNET);
        Files.createDirectories(file.getParent());
        for (String bad : new String[] {"xyz", "0123", "0".repeat(33), "0".repeat(200)}) {
            Files.writeString(file, bad);
            assertThat(TableKeyFile.read(file)).isEmpty();
            long[] made = TableKeyFile.loadOrCreate(file, new SplittableRandom(bad.length()));
            assertThat(TableKeyFile.read(file)).hasValueSatisfying(k -> assertThat(k).isEqualTo(made));
        }
    }

    @Test
    void anUnwritableDirectoryGivesAKeyOfThisRunOnly() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        long[] key = TableKeyFile.loadOrCreate(TableKeyFile.path(notADir, Network.MAINNET), new SplittableRandom(3));
        assertThat(key).hasSize(2);
    }

    @Test
    void aBookWithACacheDirectoryKeepsItsTablesKeyAcrossRestarts() throws Exception {
        AddressBookConfig config = AddressBookConfig.builder(Network.MAINNET).cacheDir(dir).build();
        VirtualScheduler scheduler = new VirtualScheduler();
        long[] firstRun = null;
        for (int run = 0; run < 2; run++) {
            AddressBookContext context = new AddressBookContext(scheduler, new SplittableRandom(run), Runnable::run,
                    Runnable::run);
            new DefaultAddressBook(config, context).close();
            long[] key = TableKeyFile.read(TableKeyFile.path(dir, Network.MAINNET)).orElseThrow();
            if (firstRun == null) {
                firstRun = key;
            }
            assertThat(key).isEqualTo(firstRun);
        }
        // without tables no key file is made
        Path other = dir.resolve("reference");
        new DefaultAddressBook(Fixtures.reference().cacheDir(other).build(), new AddressBookContext(scheduler,
                new SplittableRandom(9), Runnable::run, Runnable::run)).close();
        assertThat(Files.exists(TableKeyFile.path(other, Network.MAINNET))).isFalse();
    }
}
