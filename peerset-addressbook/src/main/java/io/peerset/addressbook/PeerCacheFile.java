package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.internal.AtomicFile;
import io.peerset.api.internal.IoErrors;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.PeerCacheStore;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk peer cache (reference section 3.3): {@code <cacheDir>/network/<network>.peers}, UTF-8,
 * one {@code a.b.c.d:port} or {@code [ipv6]:port} per line, lines sorted as strings, joined with
 * {@code \n}, no trailing newline, no other data, at most
 * {@link PeerSetConstants#MAX_PEER_DISK_CACHE_SIZE} lines.
 *
 * <p>Reading is tolerant and bounded ({@link #scan}): a missing file is no peers; other I/O errors
 * are one warning; each line is decoded and parsed on its own, bad lines are skipped, counted and
 * named in one warning; duplicates collapse. Writing is atomic: a hidden temporary file in the same
 * directory ({@code .tmp.<name>.<random>}) is renamed over the target.
 *
 * <p>Stateless; safe from any thread, but every method does blocking file I/O except
 * {@link #select} and {@link #format}.
 */
final class PeerCacheFile {

    private static final Logger log = LoggerFactory.getLogger(PeerCacheFile.class);

    private PeerCacheFile() {
    }

    /**
     * Where a node's peer cache is kept: the context's storage when it has one, else a file under
     * the cache directory, else nowhere.
     *
     * @param context  the book's context
     * @param cacheDir the configured cache directory
     * @param network  the network
     * @return the store, or empty when nothing is kept
     */
    static Optional<PeerCacheStore> store(AddressBookContext context, Optional<Path> cacheDir, Network network) {
        if (context.storage().isPresent()) {
            return Optional.of(context.storage().get().peerCache(network));
        }
        // A generator of the store's own, split from the context's: the book uses that one under
        // its own lock, and the store writes on the blocking executor.
        return cacheDir.map(dir -> new Store(path(dir, network), new SplittableRandom(context.random().nextLong())));
    }

    /** The file as a {@link PeerCacheStore}: {@link #read} and {@link #write} with its warnings. */
    static final class Store implements PeerCacheStore {
        private final Path file;
        private final RandomGenerator random;

        Store(Path file, RandomGenerator random) {
            this.file = requireNonNull(file, "file");
            this.random = requireNonNull(random, "random");
        }

        @Override
        public List<PeerAddress> read() {
            return PeerCacheFile.read(file);
        }

        @Override
        public boolean write(List<PeerAddress> addresses) throws IOException {
            synchronized (this) { // one write at a time (the writer's schedule and the last write at close)
                return PeerCacheFile.write(file, addresses.stream().map(PeerAddress::toString).toList(), random);
            }
        }

        @Override
        public String toString() {
            return "peer cache " + file;
        }
    }

    /**
     * @param cacheDir the cache directory
     * @param network  the network
     * @return {@code <cacheDir>/network/<network name lowercased>.peers}
     */
    static Path path(Path cacheDir, Network network) {
        return cacheDir.resolve("network").resolve(network.name().toLowerCase(Locale.ROOT) + ".peers");
    }

    /**
     * Reads the cache, logging at most one warning (see {@link #scan}).
     *
     * @param file the cache file
     * @return the distinct addresses it holds, in file order; empty if it is missing or unreadable
     */
    static List<PeerAddress> read(Path file) {
        Read read = scan(file);
        read.warning().ifPresent(log::warn);
        return read.addresses();
    }

    /**
     * What reading a cache file found, and the one warning it deserves.
     *
     * @param addresses the distinct addresses, in file order
     * @param warning   for the operator: the file, what was skipped and why (never the skipped
     *                  text, which may be an address); empty when the file was missing or clean
     */
    record Read(List<PeerAddress> addresses, Optional<String> warning) {
    }

    /**
     * Reads at most {@link AddressBookConstants#MAX_PEER_CACHE_FILE_BYTES} and decodes each line on
     * its own, so that a line that is not UTF-8 (a bad byte, a truncated write by another program)
     * costs that line only: the reference parses each line independently (section 3.3). Blank lines
     * and duplicates are skipped silently; lines that are not UTF-8 or not an address are counted,
     * and named by number in a single warning. A missing file is no peers, silently.
     *
     * @param file the cache file
     * @return the addresses and the warning
     */
    static Read scan(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), Optional.empty());
        } catch (IOException e) {
            return new Read(List.of(), Optional.of("peer cache " + file + ": cannot read it: " + IoErrors.reason(e)
                    + "; no cached peers"));
        }
        int end = bytes.length;
        boolean truncated = end > AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES;
        if (truncated) {
            // Only whole lines: the one cut at the bound would parse as a different address.
            end = AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Set<PeerAddress> out = new LinkedHashSet<>();
        List<Integer> notUtf8 = new ArrayList<>();
        List<Integer> notAddresses = new ArrayList<>();
        int number = 0;
        // UTF-8 never uses the byte '\n' inside a multi-byte character, so splitting bytes is safe.
        for (int start = 0; start < end; ) {
            int stop = start;
            while (stop < end && bytes[stop] != '\n') {
                stop++;
            }
            number++;
            String line;
            try {
                line = utf8.reset().decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
            } catch (CharacterCodingException e) {
                line = null;
                notUtf8.add(number);
            }
            start = stop + 1;
            if (line == null) {
                continue;
            }
            String text = (number == 1 && line.startsWith("\ufeff") ? line.substring(1) : line).strip(); // an editor's BOM
            if (text.isEmpty()) {
                continue;
            }
            try {
                out.add(PeerAddress.parse(text));
            } catch (IllegalArgumentException e) {
                notAddresses.add(number);
            }
        }
        List<String> problems = new ArrayList<>();
        if (truncated) {
            String limit = AddressBookConstants.MAX_PEER_CACHE_FILE_BYTES / 1024 + " KiB";
            problems.add("larger than " + limit + ", read only its first " + limit);
        }
        List<String> skipped = new ArrayList<>();
        if (!notUtf8.isEmpty()) {
            skipped.add(lines(notUtf8, "is not valid UTF-8", "are not valid UTF-8"));
        }
        if (!notAddresses.isEmpty()) {
            skipped.add(lines(notAddresses, "is not an address", "are not addresses"));
        }
        if (!skipped.isEmpty()) {
            problems.add("skipped " + String.join(" and ", skipped));
        }
        Optional<String> warning = problems.isEmpty() ? Optional.empty()
                : Optional.of("peer cache " + file + ": " + String.join("; ", problems) + "; kept " + out.size()
                        + (out.size() == 1 ? " address" : " addresses"));
        return new Read(List.copyOf(out), warning);
    }

    /** @return e.g. {@code "2 lines that are not addresses (lines 3, 6)"}; at most five numbers */
    private static String lines(List<Integer> numbers, String one, String many) {
        int n = numbers.size();
        if (n == 1) {
            return "1 line that " + one + " (line " + numbers.get(0) + ")";
        }
        int shown = Math.min(n, 5);
        return n + " lines that " + many + " (lines " + numbers.subList(0, shown).stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + (n > shown ? " and " + (n - shown) + " more" : "") + ")";
    }

    /**
     * Chooses what to cache: records last seen within 3 hours, never inbound records (their ports
     * are ephemeral, Appendix A.4), the most recently seen first, at most 75, then sorted as
     * strings. (The reference takes an arbitrary 75 of the recent records; taking the freshest keeps
     * the best ones and stays deterministic.)
     *
     * @param entries the book's records
     * @param now     the wall-clock time
     * @return the addresses to write, sorted as strings
     */
    static List<PeerAddress> selectAddresses(Collection<AddressBookEntry> entries, Instant now) {
        Instant oldest = now.minus(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP);
        return entries.stream()
                .filter(e -> !e.inbound() && e.lastSeen().isPresent() && !e.lastSeen().get().isBefore(oldest))
                .sorted(Comparator.comparing((AddressBookEntry e) -> e.lastSeen().get()).reversed())
                .map(AddressBookEntry::address)
                .distinct()
                .limit(PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE)
                .sorted(Comparator.comparing(PeerAddress::toString))
                .toList();
    }

    /**
     * The selection of {@link #selectAddresses}, as the file's lines.
     *
     * @param entries the book's records
     * @param now     the wall-clock time
     * @return the lines to write, sorted
     */
    static List<String> select(Collection<AddressBookEntry> entries, Instant now) {
        return selectAddresses(entries, now).stream().map(PeerAddress::toString).toList();
    }

    /**
     * @param lines sorted address lines
     * @return the file content: lines joined with {@code \n}, no trailing newline
     */
    static String format(List<String> lines) {
        return String.join("\n", lines);
    }

    /**
     * @param store the store (a {@link Store} names its file)
     * @param error why writing it failed
     * @return the warning: the store and the reason in words, e.g. {@code "peer cache
     *         /x/mainnet.peers: cannot write it: permission denied"}
     */
    static String cannotWrite(Object store, Exception error) {
        // IoErrors words the usual file errors; anything else is a bug, where the exception's name helps.
        return store + ": cannot write it: "
                + (error instanceof IOException io ? IoErrors.reason(io) : error.toString());
    }

    /**
     * Writes atomically. An empty selection keeps the previous file.
     *
     * @param file   the cache file; its directory is created if missing
     * @param lines  sorted address lines
     * @param random picks the temporary file's suffix
     * @return whether a file was written
     * @throws IOException if writing or renaming fails (the temporary file is removed)
     */
    static boolean write(Path file, List<String> lines, RandomGenerator random) throws IOException {
        requireNonNull(file, "file");
        if (lines.isEmpty()) {
            log.info("peer cache: no recent peers to write; keeping {}", file);
            return false;
        }
        if (!AtomicFile.write(file, format(lines).getBytes(StandardCharsets.UTF_8), random, false)) {
            log.warn(AtomicFile.notAtomic(file));
        }
        return true;
    }
}
