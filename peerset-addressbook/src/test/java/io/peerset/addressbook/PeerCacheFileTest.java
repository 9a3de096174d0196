package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.NodeStorage;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCacheFileTest {

    private static final long T0 = 1_000_000_000_000L;

    @TempDir
    Path dir;

    private static AddressBookEntry entry(AddressChange change, java.time.Instant at) {
        return MetaAddr.apply(null, change, at, T0).orElseThrow().toEntry();
    }

    @Test
    void pathIsPerNetworkLowercased() {
        assertThat(PeerCacheFile.path(dir, Network.MAINNET)).isEqualTo(dir.resolve("network/mainnet.peers"));
        assertThat(PeerCacheFile.path(dir, Network.TESTNET)).isEqualTo(dir.resolve("network/testnet.peers"));
        assertThat(PeerCacheFile.path(dir, Network.custom("mytestnet", 1).build()))
                .isEqualTo(dir.resolve("network/mytestnet.peers"));
    }

    @Test
    void writesTheReferenceExampleExactlyAndAtomically() throws Exception {
        List<AddressBookEntry> entries = new ArrayList<>();
        for (String a : new String[] {"[2001:db8::1]:8233", "203.0.113.6:8233", "198.51.100.7:8233", "203.0.113.25:8233"}) {
            entries.add(entry(new AddressChange.NewGossiped(PeerAddress.parse(a), PeerServices.NETWORK, START), START));
        }
        List<String> lines = PeerCacheFile.select(entries, START);
        Path file = PeerCacheFile.path(dir, Network.MAINNET);
        assertThat(PeerCacheFile.write(file, lines, new SplittableRandom(1))).isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "198.51.100.7:8233\n203.0.113.25:8233\n203.0.113.6:8233\n[2001:db8::1]:8233");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactly("mainnet.peers");
        }
        assertThat(PeerCacheFile.read(file)).hasSize(4).contains(PeerAddress.parse("[2001:db8::1]:8233"));
        // an empty selection keeps the previous file
        assertThat(PeerCacheFile.write(file, List.of(), new SplittableRandom(1))).isFalse();
        assertThat(PeerCacheFile.read(file)).hasSize(4);
    }

    @Test
    void selectionKeepsRecentNonInboundAtMost75() {
        List<AddressBookEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(entry(new AddressChange.NewGossiped(PeerAddress.of(new byte[] {10, 0, 0, (byte) i}, 8233),
                    PeerServices.NETWORK, START.minusSeconds(i)), START));
        }
        entries.add(entry(new AddressChange.NewGossiped(PeerAddress.parse("10.1.0.1:8233"), PeerServices.NETWORK,
                START.minus(Duration.ofHours(4))), START));
        entries.add(entry(new AddressChange.UpdateConnected(PeerAddress.parse("10.1.0.2:50000"), PeerServices.NETWORK,
                true, "/z/", 1), START));
        entries.add(entry(new AddressChange.NewInitial(PeerAddress.parse("10.1.0.3:8233")), START));
        List<String> lines = PeerCacheFile.select(entries, START);
        assertThat(lines).hasSize(75).isSorted()
                .doesNotContain("10.1.0.1:8233", "10.1.0.2:50000", "10.1.0.3:8233")
                .contains("10.0.0.0:8233", "10.0.0.74:8233").doesNotContain("10.0.0.75:8233");
    }

    @Test
    void readIsTolerant() throws Exception {
        Path file = dir.resolve("x.peers");
        assertThat(PeerCacheFile.read(file)).isEmpty();
        Files.writeString(file, "203.0.113.6:8233\nnot an address\n\n203.0.113.6:8233\n[::ffff:1.2.3.4]:8233\nhost.example:8233");
        assertThat(PeerCacheFile.read(file)).containsExactly(PeerAddress.parse("203.0.113.6:8233"),
                PeerAddress.parse("1.2.3.4:8233"));
        assertThat(PeerCacheFile.read(dir)).isEmpty(); // a directory: logged, no peers
    }

    /** Issue 14, 6.3: one bad byte discarded every line, and the warning was a Java exception's name. */
    @Test
    void aLineThatIsNotUtf8IsSkippedAndEveryOtherLineKept() throws Exception {
        Path file = dir.resolve("mainnet.peers");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("203.0.113.6:8233\n203.0.113.7:8233\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'2', '0', (byte) 0xff, '.', '1', ':', '8', '2', '3', '3', '\n'});
        bytes.writeBytes("203.0.113.8:8233".getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());
        assertThat(PeerCacheFile.read(file)).containsExactly(PeerAddress.parse("203.0.113.6:8233"),
                PeerAddress.parse("203.0.113.7:8233"), PeerAddress.parse("203.0.113.8:8233"));
        PeerCacheFile.Read read = PeerCacheFile.scan(file);
        assertThat(read.addresses()).hasSize(3);
        assertThat(read.warning()).hasValue("peer cache " + file + ": skipped 1 line that is not valid UTF-8 (line 3);"
                + " kept 3 addresses");
    }

    @Test
    void oneWarningNamesTheFileWhatWasSkippedAndWhy() throws Exception {
        Path file = dir.resolve("mainnet.peers");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("\ufeff203.0.113.6:8233\r\n".getBytes(StandardCharsets.UTF_8)); // a BOM and CRLF: an editor's
        bytes.writeBytes(new byte[] {(byte) 0xc3, '\n'}); // a truncated two-byte sequence
        bytes.writeBytes("not an address\n\n203.0.113.6:8233\nhost.example:8233\n[2001:db8::1]:8233"
                .getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());
        PeerCacheFile.Read read = PeerCacheFile.scan(file);
        assertThat(read.addresses()).containsExactly(PeerAddress.parse("203.0.113.6:8233"),
                PeerAddress.parse("[2001:db8::1]:8233"));
        assertThat(read.warning()).hasValue("peer cache " + file + ": skipped 1 line that is not valid UTF-8 (line 2)"
                + " and 2 lines that are not addresses (lines 3, 6); kept 2 addresses");
        Files.writeString(file, "a\nb\nc\nd\ne\nf\n203.0.113.6:8233");
        assertThat(PeerCacheFile.scan(file).warning()).hasValue("peer cache " + file + ": skipped 6 lines that are not"
                + " addresses (lines 1, 2, 3, 4, 5 and 1 more); kept 1 address");
        Files.writeString(file, "203.0.113.6:8233\n203.0.113.7:8233\n\n203.0.113.6:8233\n");
        assertThat(PeerCacheFile.scan(file).warning()).as("blank lines and duplicates are no news").isEmpty();
    }

    @Test
    void unreadableFilesAreOneHumanLineAndMissingOnesAreSilent() throws Exception {
        assertThat(PeerCacheFile.scan(dir.resolve("missing.peers"))).isEqualTo(new PeerCacheFile.Read(List.of(),
                java.util.Optional.empty()));
        PeerCacheFile.Read read = PeerCacheFile.scan(dir);
        assertThat(read.addresses()).isEmpty();
        assertThat(read.warning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("peer cache " + dir + ": cannot read it: ").endsWith("; no cached peers")
                .doesNotContain("java.", "Exception"));
    }

    @Test
    void aFailedWriteIsOneHumanLine() throws Exception {
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "");
        Path file = PeerCacheFile.path(blocked, Network.MAINNET);
        java.io.IOException error = org.assertj.core.api.Assertions.catchIOException(
                () -> PeerCacheFile.write(file, List.of("203.0.113.6:8233"), new SplittableRandom(1)));
        assertThat(PeerCacheFile.cannotWrite(new PeerCacheFile.Store(file, new SplittableRandom(1)), error))
                .isEqualTo("peer cache " + file + ": cannot write it: Not a directory");
    }

    @Test
    void onlyTheFirst64KiBAreReadAndAPartialLastLineIsDropped() throws Exception {
        Path file = dir.resolve("mainnet.peers");
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (text.length() <= AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES) {
            text.append("10.").append(lines / 65536).append('.').append(lines / 256 % 256).append('.')
                    .append(lines % 256).append(":8233\n");
            lines++;
        }
        Files.writeString(file, text);
        String within = text.substring(0, AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES);
        int whole = (int) within.chars().filter(c -> c == '\n').count();
        PeerCacheFile.Read read = PeerCacheFile.scan(file);
        assertThat(read.addresses()).hasSize(whole).doesNotContain(PeerAddress.parse(
                text.substring(within.lastIndexOf('\n') + 1, text.indexOf("\n", within.length())).strip()));
        assertThat(read.warning()).hasValue("peer cache " + file + ": larger than 64 KiB, read only its first 64 KiB;"
                + " kept " + whole + " addresses");
    }

    @Test
    void diskCacheSourceReadsTheNetworksFileAndIsOffOnRegtestOrWithoutADirectory() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        AddressBookContext context = new AddressBookContext(scheduler, new SplittableRandom(1), scheduler, scheduler);
        Path file = PeerCacheFile.path(dir, Network.MAINNET);
        PeerCacheFile.write(file, List.of("203.0.113.6:8233"), new SplittableRandom(1));
        DiskCacheCandidateSourceProvider provider = new DiskCacheCandidateSourceProvider();
        CandidateSource source = provider.create(NodeConfig.builder(Network.MAINNET).cacheDir(dir).build(), context);
        var candidates = source.candidates();
        scheduler.runUntilIdle();
        assertThat(candidates.get()).containsExactly(PeerAddress.parse("203.0.113.6:8233"));
        assertThat(source.name()).isEqualTo("disk-cache");
        assertThat(provider.create(NodeConfig.builder(Network.MAINNET).noCache().build(), context).candidates().get())
                .isEmpty();
        Files.createDirectories(dir.resolve("network"));
        Files.writeString(PeerCacheFile.path(dir, Network.REGTEST), "203.0.113.6:18233");
        assertThat(provider.create(NodeConfig.builder(Network.REGTEST).cacheDir(dir).build(), context)
                .candidates().get()).isEmpty();
        var descriptor = DiskCacheCandidateSourceProvider.class.getModule().getDescriptor();
        assertThat(descriptor.provides()).anySatisfy(p ->
                assertThat(p.providers()).containsExactly(DiskCacheCandidateSourceProvider.class.getName()));
    }

    @Test
    void aNodeStorageReplacesTheFileForTheWriterAndTheCandidateSource() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        NodeStorage storage = NodeStorage.inMemory();
        AddressBookContext context = new AddressBookContext(scheduler, new SplittableRandom(1), scheduler, scheduler,
                Optional.of(storage));
        NodeConfig config = NodeConfig.builder(Network.MAINNET).cacheDir(dir).build();
        var book = new DefaultAddressBookProvider().create(AddressBookConfig.builder(config).build(), context);
        book.start();
        book.submit(new AddressChange.UpdateConnected(PeerAddress.parse("203.0.113.6:8233"), PeerServices.NETWORK,
                false, "/z/", 170_100));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(storage.peerCache(Network.MAINNET).read()).containsExactly(PeerAddress.parse("203.0.113.6:8233"));
        assertThat(storage.peerCache(Network.TESTNET).read()).isEmpty();
        book.close();
        assertThat(Files.exists(PeerCacheFile.path(dir, Network.MAINNET))).as("the directory is not used").isFalse();

        var source = new DiskCacheCandidateSourceProvider().create(config, context).candidates();
        scheduler.runUntilIdle();
        assertThat(source.join()).containsExactly(PeerAddress.parse("203.0.113.6:8233"));
        var none = new DiskCacheCandidateSourceProvider().create(config, new AddressBookContext(scheduler,
                new SplittableRandom(1), scheduler, scheduler, Optional.of(NodeStorage.none()))).candidates();
        scheduler.runUntilIdle();
        assertThat(none.join()).isEmpty();
    }

    @Test
    void writerFollowsTheReferenceSchedule() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        var book = new DefaultAddressBookProvider().create(Fixtures.mainnet(),
                new AddressBookContext(scheduler, new SplittableRandom(1), scheduler, scheduler));
        Path file = PeerCacheFile.path(dir, Network.MAINNET);
        PeerCacheWriter writer = new PeerCacheWriter(book, new PeerCacheFile.Store(file, new SplittableRandom(2)),
                scheduler, scheduler);
        writer.start();
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(Files.exists(file)).isFalse(); // nothing recent yet: retry in 20 s
        book.submit(new AddressChange.UpdateConnected(PeerAddress.parse("203.0.113.6:8233"), PeerServices.NETWORK,
                false, "/z/", 170_100));
        scheduler.advance(Duration.ofSeconds(19));
        assertThat(Files.exists(file)).isFalse();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(Files.readString(file)).isEqualTo("203.0.113.6:8233");
        assertThat(writer.hasWritten()).isTrue();
        book.submit(new AddressChange.UpdateConnected(PeerAddress.parse("203.0.113.7:8233"), PeerServices.NETWORK,
                false, "/z/", 170_100));
        scheduler.advance(Duration.ofSeconds(299));
        assertThat(Files.readString(file)).isEqualTo("203.0.113.6:8233");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(Files.readString(file)).isEqualTo("203.0.113.6:8233\n203.0.113.7:8233");
        book.submit(new AddressChange.UpdateConnected(PeerAddress.parse("203.0.113.8:8233"), PeerServices.NETWORK,
                false, "/z/", 170_100));
        scheduler.runUntilIdle();
        writer.close();
        assertThat(Files.readString(file)).as("a clean shutdown writes once more")
                .isEqualTo("203.0.113.6:8233\n203.0.113.7:8233\n203.0.113.8:8233");
        assertThat(scheduler.pendingTasks()).isZero();
    }
}
