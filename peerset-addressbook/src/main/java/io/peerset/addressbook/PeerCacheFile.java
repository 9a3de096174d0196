package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.PeerSetConstants;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * <p>Reading is tolerant: a missing file is no peers; other I/O errors and unparsable lines are
 * logged and skipped; duplicates collapse. Writing is atomic: a hidden temporary file in the same
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
     * @param cacheDir the cache directory
     * @param network  the network
     * @return {@code <cacheDir>/network/<network name lowercased>.peers}
     */
    static Path path(Path cacheDir, Network network) {
        return cacheDir.resolve("network").resolve(network.name().toLowerCase(Locale.ROOT) + ".peers");
    }

    /**
     * @param file the cache file
     * @return the distinct addresses it holds, in file order; empty if it is missing or unreadable
     */
    static List<PeerAddress> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            log.warn("peer cache: cannot read {}: {}", file, e.toString());
            return List.of();
        }
        Set<PeerAddress> out = new LinkedHashSet<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                out.add(PeerAddress.parse(text));
            } catch (IllegalArgumentException e) {
                log.info("peer cache: skipping an unparsable line of {}", file);
            }
        }
        return List.copyOf(out);
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
    static List<String> select(Collection<AddressBookEntry> entries, Instant now) {
        Instant oldest = now.minus(PeerSetConstants.MAX_PEER_ACTIVE_FOR_GOSSIP);
        return entries.stream()
                .filter(e -> !e.inbound() && e.lastSeen().isPresent() && !e.lastSeen().get().isBefore(oldest))
                .sorted(Comparator.comparing((AddressBookEntry e) -> e.lastSeen().get()).reversed())
                .map(e -> e.address().toString())
                .distinct()
                .limit(PeerSetConstants.MAX_PEER_DISK_CACHE_SIZE)
                .sorted()
                .collect(Collectors.toList());
    }

    /**
     * @param lines sorted address lines
     * @return the file content: lines joined with {@code \n}, no trailing newline
     */
    static String format(List<String> lines) {
        return String.join("\n", lines);
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
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".tmp." + file.getFileName() + "." + Long.toHexString(random.nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(format(lines).getBytes(StandardCharsets.UTF_8));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                // On disk before the rename: after a crash or power loss the name must not point
                // at a file whose content never reached the disk.
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                log.warn("peer cache: {} cannot be replaced atomically on this file system; a crash while"
                        + " writing it could leave it partial", file);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }
}
