package io.peerset.cli;

import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * How long-running commands ({@code run}, {@code demo}) learn that they should stop: by default
 * SIGINT and SIGTERM handlers that call the command's stop action. Tests replace {@link #trigger}
 * with a recorder and call the recorded actions themselves, standing in for the signals (the
 * distribution's smoke runs send real ones).
 *
 * <p>Replacing the JVM's own SIGINT/SIGTERM handling means the process no longer exits by itself
 * on Ctrl-C: the command must react to the stop action (close its nodes, print, return its exit
 * code), and {@link PeersetCommand#main} then exits.
 *
 * <p>Threading: {@link #trigger} is volatile; the installed handlers run the action on the JVM's
 * signal thread, so an action must only wake the command's thread (complete a future), never block.
 */
final class StopSignals {

    /**
     * Installs the stop trigger: by default SIGINT and SIGTERM handlers that call the given action.
     * Tests replace it to stop commands themselves (restore the previous value afterwards).
     */
    static volatile Consumer<Runnable> trigger = StopSignals::onSignals;

    private StopSignals() {
    }

    /** Calls {@code stop} on SIGINT and SIGTERM. */
    @SuppressWarnings("removal")
    private static void onSignals(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException e) {
                // the platform has no such signal (or the JVM reserves it): Ctrl-C still ends the process
                LoggerFactory.getLogger(StopSignals.class).warn("cannot handle SIG{}: {}",
                        name.toUpperCase(Locale.ROOT), e.getMessage());
            }
        }
    }
}
