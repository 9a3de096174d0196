package io.peerset.cli;

import io.peerset.cli.config.HumanDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the durations of every command's flags in the one grammar of the whole command line and of
 * its configuration file: zebrad's human-readable durations ({@link HumanDuration}: {@code 500ms},
 * {@code 3s}, {@code 1m 30s}, {@code 1day}). Zero is refused: every duration flag is a timeout or a
 * wait.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = HumanDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isZero()) {
            throw new TypeConversionException("\"" + value + "\" (expected: a positive duration such as 500ms, 3s or 2m)");
        }
        return d;
    }
}
