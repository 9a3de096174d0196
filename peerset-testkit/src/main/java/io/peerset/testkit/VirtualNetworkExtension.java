package io.peerset.testkit;

import static java.util.Objects.requireNonNull;

import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that gives each test a fresh {@link VirtualNetwork} (an in-memory network on
 * a {@link VirtualScheduler}, and a generator seeded with the test's seed), and tears it down after
 * the test: it closes what the test handed to {@link VirtualNetwork#closeAfter} (last first), then
 * every transport of the network, advances virtual time by the settle time (default
 * {@value #DEFAULT_SETTLE_SECONDS} s) so that closes complete, and fails a test that passed if
 * anything is left running: a node whose {@code closeFuture} did not complete, a listener still
 * bound, a connection still open, or a task still scheduled (a timer of something never closed).
 *
 * <p>Use it either way:
 * <pre>{@code
 * @ExtendWith(VirtualNetworkExtension.class)
 * class MyTest {
 *     @Test
 *     @Seed(7)
 *     void nodesMeet(VirtualNetwork net) { ... net.scheduler().advance(Duration.ofMinutes(1)); ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     final VirtualNetworkExtension virtual = new VirtualNetworkExtension().seed(7).settle(Duration.ofMinutes(1));
 *
 *     @Test
 *     void works() { VirtualNetwork net = virtual.current(); ... }
 * }
 * }</pre>
 * Test and lifecycle methods may also take an {@link InMemoryNetwork} or a {@link VirtualScheduler}
 * parameter: the current network's.
 *
 * <p>The seed is, first found: the system property {@value #SEED_PROPERTY}, the test method's
 * {@link Seed}, its class's (or an enclosing class's), {@link #seed(long)}, else a fresh one per
 * test. When the test fails, the seed is printed to standard error and attached to the failure as a
 * suppressed {@link SeedReport} whose message says how to replay it.
 *
 * <p>Threading: JUnit's; the network belongs to the test's thread. One extension instance may serve
 * many tests (a static field), one at a time per test context.
 */
public final class VirtualNetworkExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** The system property that overrides every test's seed, to replay a failure: {@code -Dpeerset.seed=7}. */
    public static final String SEED_PROPERTY = "peerset.seed";

    /**
     * Default virtual time let run after closing: the hand-rolled teardowns this replaces advanced
     * 30 s, longer than a node's graceful close and the default connect timeout.
     */
    public static final long DEFAULT_SETTLE_SECONDS = 30;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VirtualNetworkExtension.class);
    private static final String KEY = "network";

    private Optional<Long> seed = Optional.empty();
    private Duration settle = Duration.ofSeconds(DEFAULT_SETTLE_SECONDS);
    private volatile VirtualNetwork current;

    /** An extension whose seed comes from {@link Seed}, the system property, or a fresh one per test. */
    public VirtualNetworkExtension() {
    }

    /**
     * @param seed the seed of every test without {@link Seed} (the system property still wins)
     * @return this
     */
    public VirtualNetworkExtension seed(long seed) {
        this.seed = Optional.of(seed);
        return this;
    }

    /**
     * @param settle virtual time to let run after closing everything, before looking for what is
     *               left running; default {@value #DEFAULT_SETTLE_SECONDS} s, not negative
     * @return this
     */
    public VirtualNetworkExtension settle(Duration settle) {
        requireNonNull(settle, "settle");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle: " + settle + " (expected: >= 0)");
        }
        this.settle = settle;
        return this;
    }

    /**
     * @return the running test's network
     * @throws IllegalStateException outside a test (before {@code @BeforeEach} callbacks ran, or after the test)
     */
    public VirtualNetwork current() {
        VirtualNetwork net = current;
        if (net == null) {
            throw new IllegalStateException("no virtual network: called outside a test (expected: in a test or "
                    + "@BeforeEach/@AfterEach method of a class that uses VirtualNetworkExtension)");
        }
        return net;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        VirtualNetwork net = new VirtualNetwork(seedFor(context));
        context.getStore(NAMESPACE).put(KEY, net);
        current = net;
    }

    private long seedFor(ExtensionContext context) {
        String property = System.getProperty(SEED_PROPERTY);
        if (property != null && !property.isBlank()) {
            try {
                return Long.parseLong(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEED_PROPERTY + ": " + property + " (expected: a long)", e);
            }
        }
        Optional<Long> annotated = context.getTestMethod().flatMap(VirtualNetworkExtension::seedOf);
        for (Optional<Class<?>> c = context.getTestClass(); annotated.isEmpty() && c.isPresent();
             c = Optional.ofNullable(c.get().getEnclosingClass())) {
            annotated = seedOf(c.get());
        }
        return annotated.or(() -> seed).orElseGet(() -> new SplittableRandom().nextLong());
    }

    private static Optional<Long> seedOf(AnnotatedElement element) {
        return Optional.ofNullable(element.getAnnotation(Seed.class)).map(Seed::value);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        VirtualNetwork net = context.getStore(NAMESPACE).remove(KEY, VirtualNetwork.class);
        current = null;
        if (net == null) {
            return;
        }
        List<String> problems = net.tearDown(settle);
        if (context.getExecutionException().isEmpty() && !problems.isEmpty()) {
            throw new AssertionError("left running after the test (" + SeedReport.message(net.seed()) + "):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualNetwork.class || type == InMemoryNetwork.class || type == VirtualScheduler.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualNetwork net = context.getStore(NAMESPACE).get(KEY, VirtualNetwork.class);
        if (net == null) {
            throw new ParameterResolutionException("no virtual network for " + parameter.getParameter()
                    + " (expected: a test, @BeforeEach or @AfterEach method parameter)");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == InMemoryNetwork.class ? net.network() : type == VirtualScheduler.class ? net.scheduler() : net;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withSeed(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withSeed(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withSeed(context, failure);
    }

    private static Throwable withSeed(ExtensionContext context, Throwable failure) {
        VirtualNetwork net = context.getStore(NAMESPACE).get(KEY, VirtualNetwork.class);
        if (net != null) {
            boolean reported = false;
            for (Throwable s : failure.getSuppressed()) {
                reported |= s instanceof SeedReport;
            }
            if (!reported) {
                SeedReport report = new SeedReport(net.seed());
                System.err.println(context.getDisplayName() + " failed: " + report.getMessage());
                failure.addSuppressed(report);
            }
        }
        return failure;
    }

    /**
     * Attached to a failed test's exception (suppressed): the seed to replay it with.
     */
    public static final class SeedReport extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final long seed;

        SeedReport(long seed) {
            super(message(seed), null, false, false);
            this.seed = seed;
        }

        /** @return the failed test's seed */
        public long seed() {
            return seed;
        }

        static String message(long seed) {
            return "virtual network seed " + seed + " (replay: @Seed(" + seed + "L) or -D" + SEED_PROPERTY + "=" + seed + ")";
        }
    }
}
