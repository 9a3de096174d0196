package io.peerset.addressbook;

import io.peerset.api.internal.AtomicFile;
import io.peerset.wire.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret key of a node's {@link AddressTables}: {@code <cacheDir>/network/<network>.peerset-key},
 * 32 hexadecimal digits and a newline, readable only by its owner where the file system has POSIX
 * permissions. peerset's own file, beside the peer cache and never inside it (zebrad reads that
 * one). Kept across restarts so that the tables' layout — which an attacker would have to learn by
 * probing — does not change at every start (Bitcoin Core keeps its {@code nKey} in peers.dat).
 *
 * <p>Created on first use with a random key; a malformed file is replaced with a warning; when the
 * file cannot be read or written the node runs with a key of this run only, and says so once.
 * Stateless; blocking file I/O.
 */
final class TableKeyFile {

    private static final Logger log = LoggerFactory.getLogger(TableKeyFile.class);
    private static final int HEX_DIGITS = 32;

    private TableKeyFile() {
    }

    /**
     * @param cacheDir the cache directory
     * @param network  the network
     * @return the key file's path
     */
    static Path path(Path cacheDir, Network network) {
        return cacheDir.resolve("network").resolve(network.name().toLowerCase(Locale.ROOT) + ".peerset-key");
    }

    /**
     * @param file   the key file
     * @param random makes a new key when there is none
     * @return the key's two halves: the file's, or a new one (written to the file when possible)
     */
    static long[] loadOrCreate(Path file, RandomGenerator random) {
        Optional<long[]> existing = read(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        long[] key = {random.nextLong(), random.nextLong()};
        try {
            write(file, key, random);
        } catch (IOException | RuntimeException e) {
            log.warn("address book: cannot write the table key {} ({}); this run's key is not kept", file, e.toString());
        }
        return key;
    }

    /** @return the key in {@code file}, or empty when it is missing, unreadable or malformed (said in the log) */
    static Optional<long[]> read(Path file) {
        String text;
        try {
            if (Files.size(file) > HEX_DIGITS + 2) {
                log.warn("address book: table key {} is not {} hex digits; making a new one", file, HEX_DIGITS);
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("address book: cannot read the table key {} ({}); making a new one", file, e.toString());
            return Optional.empty();
        }
        if (text.length() != HEX_DIGITS || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            log.warn("address book: table key {} is not {} hex digits; making a new one", file, HEX_DIGITS);
            return Optional.empty();
        }
        return Optional.of(new long[] {HexFormat.fromHexDigitsToLong(text, 0, 16),
                HexFormat.fromHexDigitsToLong(text, 16, 32)});
    }

    /** Writes {@code key} atomically (a temporary file renamed over the target), owner-only where possible. */
    static void write(Path file, long[] key, RandomGenerator random) throws IOException {
        String text = HexFormat.of().toHexDigits(key[0]) + HexFormat.of().toHexDigits(key[1]) + "\n";
        if (!AtomicFile.write(file, text.getBytes(StandardCharsets.US_ASCII), random, true)) {
            log.warn(AtomicFile.notAtomic(file));
        }
    }
}
