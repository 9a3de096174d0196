package io.peerset.api.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * One-line operator messages for file and socket errors: the JDK's {@link FileSystemException}s
 * carry only the path as their message, which says nothing once the path is printed beside it; a
 * busy port is worded differently by the JDK, epoll and peerset. Stateless.
 *
 * <p>Not API: its package is exported only to peerset's modules that describe I/O errors to an
 * operator (the address book's peer cache, the command line), so that they word them alike.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * @param e a failure to read or write a file
     * @return why, without the path (the caller names it), e.g. "no such file or directory"
     */
    public static String reason(IOException e) {
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

    /**
     * @param e a failure to bind a socket
     * @return whether it, or one of its causes, says the address is already in use: the JDK's
     *         ({@code "Address already in use"}), epoll's ({@code "bind(..) failed: Address already in
     *         use"}) and peerset's own wording
     */
    public static boolean addressInUse(Throwable e) {
        // A bounded walk: causes can form a cycle.
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }
}
