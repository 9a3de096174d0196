package io.peerset.api;

import static java.util.Objects.requireNonNull;

/**
 * A setting whose value is in its range but cannot be used — a file it names that cannot be read or is
 * malformed — found when a {@link NodeConfig} is built. Its message is {@code "<key>: <problem>"};
 * {@link #option()} and {@link #problem()} let a loader name the setting its own way (a file's
 * {@code section.key}, a command line's flag).
 *
 * <p>Immutable.
 */
public final class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient ConfigOption<?> option;
    private final String problem;

    /**
     * @param option  the setting
     * @param problem what is wrong, with the value, in the house form ({@code "/x.map: cannot read it:
     *                no such file"})
     * @param cause   the underlying error, or null
     */
    public SettingException(ConfigOption<?> option, String problem, Throwable cause) {
        super(requireNonNull(option, "option").key() + ": " + requireNonNull(problem, "problem"), cause);
        this.option = option;
        this.problem = problem;
    }

    /** @return the setting */
    public ConfigOption<?> option() {
        return option;
    }

    /** @return what is wrong, without the setting's name */
    public String problem() {
        return problem;
    }
}
