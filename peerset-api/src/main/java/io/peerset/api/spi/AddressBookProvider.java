package io.peerset.api.spi;

/**
 * Service-provider interface for {@link AddressBook}s, found with {@link java.util.ServiceLoader}
 * and chosen by configured name, else by highest priority.
 *
 * <p>Implementations have a public no-arg constructor and are thread-safe.
 */
public interface AddressBookProvider {

    /** @return a short unique name used in configuration, for example {@code "default"} */
    String name();

    /** @return the rank among available providers when none is named; higher wins */
    int priority();

    /**
     * Creates an empty book. Starts no thread and schedules nothing: the updater runs only when
     * changes are submitted, on {@code context.updater()}; timers start with {@link AddressBook#start()}.
     *
     * @param config  limits and network rules
     * @param context time, randomness and the updater's executor
     * @return a new book
     */
    AddressBook create(AddressBookConfig config, AddressBookContext context);
}
