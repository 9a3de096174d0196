package io.peerset.cli.admin;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.internal.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The admin API's secret: 32 random bytes, hex, in a file readable only by the node's user (where the
 * file system has POSIX permissions), written at start and deleted at stop — bitcoind's cookie. A
 * client proves it runs as that user (or was given the file) by sending the token as
 * {@code Authorization: Bearer <token>}.
 *
 * <p>Stateless; blocking file I/O.
 */
public final class AdminCookie {

    /** The token's length in hex characters (32 bytes). */
    public static final int TOKEN_LENGTH = 64;

    private AdminCookie() {
    }

    /**
     * @param cacheDir the node's cache directory, or empty for the default one
     * @param port     the admin port
     * @return {@code <cacheDir>/peerset-admin-<port>.cookie}: beside the node's peer cache, one per port so
     *         that nodes sharing a cache directory (Mainnet and Testnet) do not overwrite each other's
     */
    public static Path defaultPath(Optional<Path> cacheDir, int port) {
        return cacheDir.orElseGet(NodeConfig::defaultCacheDir).resolve("peerset-admin-" + port + ".cookie");
    }

    /** @return a new random token */
    public static String newToken() {
        byte[] b = new byte[TOKEN_LENGTH / 2];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Writes {@code token} to {@code file} atomically, readable by its owner only.
     *
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, String token) throws IOException {
        requireNonNull(token, "token");
        if (!AtomicFile.write(file, (token + "\n").getBytes(StandardCharsets.US_ASCII), new SplittableRandom(), true)) {
            delete(file); // written, but not as it must be: leave no token behind
            throw new IOException("cannot replace " + file + " atomically");
        }
    }

    /**
     * @param file a cookie file
     * @return its token
     * @throws IOException if it cannot be read or is not a cookie (a clear message naming the file)
     */
    public static String read(Path file) throws IOException {
        String text;
        try {
            if (Files.size(file) > TOKEN_LENGTH + 2) {
                throw new IOException(file + " is not an admin cookie (too long)");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist (is 'peerset run --admin' running, with this cache "
                    + "directory? give the node's file with --admin-cookie)");
        }
        if (!text.matches("[0-9a-f]{" + TOKEN_LENGTH + "}")) {
            throw new IOException(file + " is not an admin cookie (expected: " + TOKEN_LENGTH + " hex characters)");
        }
        return text;
    }

    /**
     * Compares in time independent of where they differ, so the answer's timing tells nothing.
     *
     * @param expected the token
     * @param given    what a request sent
     * @return whether they are equal
     */
    static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes the cookie (at stop); a missing file is fine. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the token dies with the process anyway: a stale file only fails later clients with 401
        }
    }
}
