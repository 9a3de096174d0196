package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one kind, each called in isolation: one that throws is logged (with its owner and
 * the event) and the others are still called, so an application's listener can never break the
 * node, the peer set or the discovery that reports to it. Written once here instead of in every
 * component that emits events.
 *
 * <p>Thread-safe: listeners may be added and removed from any thread while events are delivered
 * (copy-on-write: adding is rare, delivering is frequent). Events are delivered on the caller's
 * thread, in the order the listeners were added.
 *
 * @param <L> the listener type
 * @param <E> the event type
 */
public final class Listeners<L, E> {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final String owner;
    private final BiConsumer<? super L, ? super E> invoker;
    private final List<L> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param owner   names the emitter in the log line of a failing listener
     * @param invoker calls one listener with one event
     */
    public Listeners(String owner, BiConsumer<? super L, ? super E> invoker) {
        this.owner = requireNonNull(owner, "owner");
        this.invoker = requireNonNull(invoker, "invoker");
    }

    /** @param listener added last */
    public void add(L listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * @param listener a listener added before
     * @return whether it was there
     */
    public boolean remove(L listener) {
        return listeners.remove(listener);
    }

    /** @return whether there is no listener */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** @param event delivered to every listener, each failure logged and contained */
    public void fire(E event) {
        for (L l : listeners) {
            deliver(owner, invoker, l, event);
        }
    }

    /**
     * @param owner    names the emitter in the log line
     * @param listener the one listener
     * @param <E>      the event type
     * @return a consumer that passes each event to {@code listener} and logs, never throws, its failure
     */
    public static <E> Consumer<E> isolated(String owner, Consumer<? super E> listener) {
        requireNonNull(owner, "owner");
        requireNonNull(listener, "listener");
        return event -> deliver(owner, Consumer::accept, listener, event);
    }

    private static <L, E> void deliver(String owner, BiConsumer<? super L, ? super E> invoker, L listener, E event) {
        try {
            invoker.accept(listener, event);
        } catch (RuntimeException e) {
            log.warn("{}: a listener failed on {}", owner, event, e);
        }
    }
}
