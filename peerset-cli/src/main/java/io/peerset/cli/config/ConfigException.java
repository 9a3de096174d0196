package io.peerset.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A configuration file that cannot be used: unreadable, not TOML, an unknown key, a value of the
 * wrong type or out of range. The message is meant for the operator as it is, on one line, and
 * names the file, the key (as a dotted TOML path such as {@code network.listen_addr}) and what was
 * expected, for example
 * {@code zebrad.toml: network.peerset_initial_target_size: -1 (expected: an integer 0..10000)}; a
 * TOML syntax error names the file, line and column instead
 * ({@code zebrad.toml:3:9: TOML syntax error: Table redefined}). Callers print
 * {@link #getMessage()}, never the stack trace.
 *
 * <p>Unchecked, like the rest of peerset's errors. Immutable and thread-safe.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file (as the operator named it), or {@code <string>} for text that came from no file. */
    private final String source;
    /** The dotted key, or null when the error concerns the whole file. */
    private final String key;

    /**
     * @param source the file as the operator named it
     * @param key    the dotted key, or null for an error about the whole file
     * @param detail what is wrong and what was expected
     * @param cause  the underlying error, or null
     */
    ConfigException(String source, String key, String detail, Throwable cause) {
        super(requireNonNull(source, "source") + ": " + (key == null ? "" : key + ": ")
                + requireNonNull(detail, "detail"), cause);
        this.source = source;
        this.key = key;
    }

    /**
     * A syntax error at a position.
     *
     * @param source the file
     * @param line   1-based line, or &lt;= 0 if unknown
     * @param column 1-based column, or &lt;= 0 if unknown
     * @param detail the parser's complaint
     * @param cause  the parser's exception
     * @return the exception
     */
    static ConfigException syntax(String source, int line, int column, String detail, Throwable cause) {
        String where = line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "";
        return new ConfigException(source + where, null, "TOML syntax error: " + detail, cause);
    }

    /** @return the file the error is in, as the operator named it (with {@code :line:column} for syntax errors) */
    public String source() {
        return source;
    }

    /** @return the dotted key the error is about, e.g. {@code network.listen_addr}; empty for the whole file */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
