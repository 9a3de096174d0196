package io.peerset.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stands in for SIGINT/SIGTERM in tests of long-running commands: while a test runs,
 * {@link StopSignals#trigger} records each command's stop action instead of installing signal
 * handlers; {@link #stopAll()} plays the signal; after the test every recorded action runs and the
 * trigger is restored. Register with {@code @RegisterExtension}.
 */
final class RecordedStops implements BeforeEachCallback, AfterEachCallback {

    private final List<Runnable> stops = new CopyOnWriteArrayList<>();
    private Consumer<Runnable> saved;

    @Override
    public void beforeEach(ExtensionContext context) {
        saved = StopSignals.trigger;
        StopSignals.trigger = stops::add;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopAll();
        StopSignals.trigger = saved;
    }

    /** @return whether some command has installed its stop action (it is running) */
    boolean armed() {
        return !stops.isEmpty();
    }

    /**
     * Sends "the signal" to one command.
     *
     * @param index which, in the order the commands installed their stop actions
     */
    void stop(int index) {
        stops.get(index).run();
    }

    /** Sends "the signal" to every command started so far. */
    void stopAll() {
        stops.forEach(Runnable::run);
    }
}
