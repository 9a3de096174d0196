package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14 §5: one spelling of every reason, cause, state and step, kebab-case, defined on the enum. */
class CodedTest {

    private static final String KEBAB = "[a-z0-9]+(-[a-z0-9]+)*";

    /** Every record an event listener can receive. */
    private static List<Class<?>> eventRecords() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> root : List.of(PeerSetEvent.class, NodeEvent.class)) {
            List<Class<?>> todo = new ArrayList<>(List.of(root.getPermittedSubclasses()));
            while (!todo.isEmpty()) {
                Class<?> k = todo.remove(0);
                if (k.isInterface()) {
                    todo.addAll(List.of(k.getPermittedSubclasses()));
                } else {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** @return the enum a component holds, directly or in an {@code Optional}, or null */
    private static Class<?> enumOf(RecordComponent c) {
        Type t = c.getGenericType();
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1 && p.getActualTypeArguments()[0] instanceof Class<?> arg) {
            return arg.isEnum() ? arg : null;
        }
        return c.getType().isEnum() ? c.getType() : null;
    }

    @Test
    void everyEnumAnEventCarriesHasACode() {
        List<Class<?>> enums = new ArrayList<>();
        for (Class<?> record : eventRecords()) {
            for (RecordComponent c : record.getRecordComponents()) {
                Class<?> e = enumOf(c);
                if (e != null) {
                    enums.add(e);
                    assertThat(Coded.class).as(record.getSimpleName() + "." + c.getName()).isAssignableFrom(e);
                }
            }
        }
        assertThat(enums).contains(FailureReason.class, NodeEvent.DropReason.class, PeerAddrState.class,
                HandshakeException.Step.class, PeerSetEvent.RemovalReason.class);
    }

    @Test
    void everyCodeIsLowerCaseKebabAndUniqueInItsEnum() {
        for (Class<?> type : List.of(FailureReason.class, NodeEvent.DropReason.class, NodeEvent.AddressRemovalCause.class,
                PeerSetEvent.RejectReason.class, PeerSetEvent.RemovalReason.class, PeerSetEvent.Routing.class,
                HandshakeException.Step.class, PeerAddrState.class)) {
            List<String> codes = Arrays.stream(type.getEnumConstants()).map(c -> ((Coded) c).code()).toList();
            assertThat(codes).as(type.getSimpleName()).allMatch(code -> code.matches(KEBAB)).doesNotHaveDuplicates();
        }
    }

    @Test
    void codesAreTheKebabCaseNames() {
        assertThat(NodeEvent.DropReason.PER_IP_THROTTLE.code()).isEqualTo("per-ip-throttle");
        assertThat(NodeEvent.DropReason.INBOUND_LIMIT.code()).isEqualTo("inbound-limit");
        assertThat(PeerSetEvent.RejectReason.DUPLICATE_ADDRESS.code()).isEqualTo("duplicate-address");
        assertThat(PeerSetEvent.Routing.NOT_MISSING.code()).isEqualTo("not-missing");
        assertThat(FailureReason.OBSOLETE_VERSION.code()).isEqualTo("obsolete-version");
        assertThat(HandshakeException.Step.VERACK.code()).isEqualTo("verack");
        // zebrad's display names (reference 4.2), in the same style
        assertThat(Arrays.stream(PeerAddrState.values()).map(PeerAddrState::code))
                .containsExactly("connected", "never-connected", "failed", "connecting");
    }
}
