package io.peerset.cli.config;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Compares two {@link NodeConfig}s field by field: every public no-argument accessor NodeConfig
 * declares, and those of its {@link PeerSetConfig}. Found by reflection, so an accessor added
 * later is compared without touching the tests (NodeConfig defines no value equality).
 */
public final class SameConfig {

    /** NodeConfig has 13 accessors today: fewer means the reflection missed them. */
    private static final int MIN_ACCESSORS = 13;

    private SameConfig() {
    }

    /** @return the differences, one line each; empty when equal in every field */
    public static List<String> differences(NodeConfig expected, NodeConfig actual) {
        List<String> differences = new ArrayList<>();
        int compared = compare("", NodeConfig.class, expected, actual, differences);
        if (compared < MIN_ACCESSORS) {
            throw new AssertionError("only " + compared + " NodeConfig accessors found");
        }
        return differences;
    }

    /** Fails with every difference if the two differ in any field. */
    public static void assertSame(NodeConfig expected, NodeConfig actual) {
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            throw new AssertionError("configs differ:\n  " + String.join("\n  ", differences));
        }
    }

    private static int compare(String prefix, Class<?> type, Object expected, Object actual, List<String> out) {
        List<Method> accessors = Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() == type && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && m.getReturnType() != void.class
                        && !m.getName().equals("toString") && !m.getName().equals("hashCode")
                        && !m.getName().equals("toBuilder"))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
        for (Method m : accessors) {
            Object a = invoke(m, expected);
            Object b = invoke(m, actual);
            if (a instanceof PeerSetConfig pa && b instanceof PeerSetConfig pb) {
                compare(prefix + m.getName() + ".", PeerSetConfig.class, pa, pb, out);
            } else if (!Objects.equals(a, b)) {
                out.add(prefix + m.getName() + ": expected " + a + ", was " + b);
            }
        }
        return accessors.size();
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot call " + m, e);
        }
    }
}
