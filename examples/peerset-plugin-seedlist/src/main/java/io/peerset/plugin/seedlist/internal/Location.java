package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a seed list or its signature is: a file, or an {@code https://} (or {@code http://}) URL.
 * Anything with {@code ://} is a URL and must be one of those two schemes; everything else is a file
 * path, relative to the working directory.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Location permits Location.File, Location.Url {

    /** What a valid location is, in words (the options' ranges). */
    String EXPECTED = "a file path, or an https:// URL (http:// only on a loopback host or for a signed list),"
            + " at most " + SeedListConstants.MAX_LOCATION_LENGTH + " characters";

    /**
     * @param text a path or URL as configured
     * @return the location
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static Location parse(String text) {
        requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty (expected: " + EXPECTED + ")");
        }
        if (text.length() > SeedListConstants.MAX_LOCATION_LENGTH) {
            throw new IllegalArgumentException(text.length() + " characters (expected: at most "
                    + SeedListConstants.MAX_LOCATION_LENGTH + ")");
        }
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            try {
                return new File(Path.of(text));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("\"" + text + "\": not a valid path: " + e.getReason());
            }
        }
        String name = text.substring(0, scheme).toLowerCase(Locale.ROOT);
        if (!name.equals("https") && !name.equals("http")) {
            throw new IllegalArgumentException("\"" + text + "\": scheme " + name + " (expected: https://, http:// or a file path)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + text + "\": not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + text + "\": no host (expected: " + name + "://host/path)");
        }
        if (uri.getRawUserInfo() != null) {
            // they would end up in logs and error messages
            throw new IllegalArgumentException("\"" + uri.getHost() + "\": credentials in the URL (expected: a URL "
                    + "without user:password@; a seed list is public)");
        }
        return new Url(uri);
    }

    /**
     * @param text a path or URL
     * @return whether {@link #parse} accepts it
     */
    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param suffix appended to the path or URL, for example {@code ".sig"}
     * @return the location beside this one
     */
    Location withSuffix(String suffix);

    /** @return whether it is fetched over plain HTTP from a host that is not this machine */
    boolean isPlainRemote();

    /** @return whether it is fetched over TLS (which needs the runtime's elliptic-curve cryptography) */
    boolean isTls();

    /** A file. @param path the path as configured */
    record File(Path path) implements Location {
        /** Validates. */
        public File {
            requireNonNull(path, "path");
        }

        @Override
        public Location withSuffix(String suffix) {
            return new File(Path.of(path + suffix));
        }

        @Override
        public boolean isPlainRemote() {
            return false;
        }

        @Override
        public boolean isTls() {
            return false;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A URL. @param uri an absolute http or https URL with a host and no user information */
    record Url(URI uri) implements Location {

        private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

        /** Validates. */
        public Url {
            requireNonNull(uri, "uri");
        }

        @Override
        public Location withSuffix(String suffix) {
            return new Url(URI.create(uri + suffix));
        }

        @Override
        public boolean isPlainRemote() {
            return !isTls() && !isLoopback();
        }

        @Override
        public boolean isTls() {
            return uri.getScheme().equalsIgnoreCase("https");
        }

        /** Decided from the text alone: resolving a name here could itself be steered by an attacker. */
        boolean isLoopback() {
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return host.equals("localhost") || host.equals("[::1]") || LOOPBACK_V4.matcher(host).matches();
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }
}
