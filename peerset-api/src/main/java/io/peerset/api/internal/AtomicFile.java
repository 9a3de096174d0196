package io.peerset.api.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The one way peerset replaces a file of its own (the peer cache, the tables' key, the bans, the
 * anchors): a hidden temporary file in the same directory ({@code .tmp.<name>.<random>}), forced to
 * disk, then renamed over the target, so a reader — or the next start after a crash — sees the old
 * content or the new, never part of it. Not API. Stateless; blocking file I/O.
 */
public final class AtomicFile {

    /** The warning a caller logs when {@link #write} returns false. */
    public static String notAtomic(Path file) {
        return file + " cannot be replaced atomically on this file system; a crash while writing it could leave it partial";
    }

    private AtomicFile() {
    }

    /**
     * @param file      the target; its directory is created if missing
     * @param content   the new content
     * @param random    picks the temporary file's suffix
     * @param ownerOnly whether the file is readable only by its owner (where the file system has
     *                  POSIX permissions): for secrets
     * @return true if the file was replaced atomically; false if the file system cannot rename
     *         atomically and it was replaced by a plain rename (the caller warns: a crash while
     *         writing could leave it partial)
     * @throws IOException if writing or renaming fails (the temporary file is removed)
     */
    public static boolean write(Path file, byte[] content, RandomGenerator random, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".tmp." + file.getFileName() + "." + Long.toHexString(random.nextLong()));
        FileAttribute<?>[] attributes = ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename: after a crash or power loss the name must not point
                // at a file whose content never reached the disk.
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
