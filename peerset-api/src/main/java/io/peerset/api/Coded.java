package io.peerset.api;

import java.util.Locale;


/**
 * A value with a short, stable code: the one spelling of a reason, cause, state or step wherever
 * peerset writes it — the {@code peerset run --events} file, metric tag values, {@code peerset crawl}
 * records and {@code peerset ping} output. Every code is lower-case kebab-case ({@code per-ip-throttle},
 * {@code never-connected}), so consumers print {@link #code()} and never derive a name of their own.
 *
 * <p>Implemented by enums, whose constants are immutable and thread-safe.
 */
public interface Coded {

    /** @return the code: lower-case ASCII letters and digits, words joined by {@code -} */
    String code();

    /**
     * The code of an enum constant's name, {@code PER_IP_THROTTLE} → {@code per-ip-throttle}: what
     * the enums implementing this interface return, computed once per constant.
     *
     * @param constant an enum constant
     * @return its code
     */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
