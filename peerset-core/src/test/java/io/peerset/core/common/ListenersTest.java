package io.peerset.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void aFailingListenerIsContainedAndTheOthersStillHearTheEvent() {
        List<String> heard = new ArrayList<>();
        Listeners<Consumer<String>, String> listeners = new Listeners<>("test", Consumer::accept);
        Consumer<String> first = heard::add;
        listeners.add(first);
        listeners.add(e -> {
            throw new IllegalStateException("broken listener");
        });
        listeners.add(e -> heard.add(e + "!"));

        listeners.fire("a");
        assertThat(heard).containsExactly("a", "a!");

        assertThat(listeners.remove(first)).isTrue();
        assertThat(listeners.remove(first)).isFalse();
        listeners.fire("b");
        assertThat(heard).containsExactly("a", "a!", "b!");
        assertThat(listeners.isEmpty()).isFalse();
    }

    @Test
    void anIsolatedListenerNeverThrows() {
        Consumer<String> isolated = Listeners.isolated("test", e -> {
            throw new IllegalArgumentException(e);
        });
        isolated.accept("x"); // logged, not thrown
        List<String> heard = new ArrayList<>();
        Listeners.<String>isolated("test", heard::add).accept("y");
        assertThat(heard).containsExactly("y");
    }
}
