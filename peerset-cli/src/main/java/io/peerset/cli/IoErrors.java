package io.peerset.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * One-line operator messages for file errors: the JDK's {@link FileSystemException}s carry only the
 * path as their message, which says nothing once the path is printed beside it. Stateless.
 */
final class IoErrors {

    private IoErrors() {
    }

    /**
     * @param e a failure to read or write a file
     * @return why, without the path (the caller names it), e.g. "no such file or directory"
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
