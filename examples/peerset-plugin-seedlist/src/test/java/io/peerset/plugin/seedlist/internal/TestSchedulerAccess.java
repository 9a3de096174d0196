package io.peerset.plugin.seedlist.internal;

import io.peerset.api.spi.Scheduler;

/** Lends {@link TestScheduler} to the tests of the exported package. */
public final class TestSchedulerAccess {

    /** @return a scheduler whose timers never fire (a plan is not expected to use them) */
    public Scheduler scheduler() {
        return new TestScheduler();
    }
}
