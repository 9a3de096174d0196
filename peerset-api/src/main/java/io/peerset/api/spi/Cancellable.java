package io.peerset.api.spi;

/**
 * A scheduled task that can still be cancelled.
 *
 * <p>Thread-safe.
 */
@FunctionalInterface
public interface Cancellable {

    /**
     * Cancels the task if it has not started; does nothing otherwise.
     *
     * @return whether this call prevented the task from running
     */
    boolean cancel();
}
