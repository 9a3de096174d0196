package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.Acceptor;
import io.peerset.inmemory.InMemoryNetwork;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.doubles.FakeNode;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension, seen from inside a test (this class uses it) and from outside: the example
 * classes below are run through the JUnit launcher, so that what a failing test reports can be
 * checked.
 */
@ExtendWith(VirtualNetworkExtension.class)
class VirtualNetworkExtensionTest {

    /** Results of the example classes' tests, by display name. */
    private static List<TestExecutionResult> run(Class<?> examples) {
        List<TestExecutionResult> results = new CopyOnWriteArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(examples)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            results.add(result);
                        }
                    }

                    @Override
                    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                    }
                });
        return results;
    }

    @Test
    @Seed(42)
    void injectsOneFreshNetworkWithTheSeedOfTheTest(VirtualNetwork net, InMemoryNetwork network, VirtualScheduler scheduler) {
        assertThat(net.seed()).isEqualTo(42);
        assertThat(net.network()).isSameAs(network);
        assertThat(network.scheduler()).isSameAs(scheduler);
        assertThat(scheduler.elapsed()).isZero();
        assertThat(net.random().nextLong()).isEqualTo(new java.util.SplittableRandom(42).nextLong());
    }

    @Test
    void aFailureReportsTheSeed() {
        List<TestExecutionResult> results = run(FailingExample.class);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            Throwable failure = r.getThrowable().orElseThrow();
            assertThat(failure).hasMessage("boom");
            assertThat(failure.getSuppressed()).singleElement().isInstanceOfSatisfying(VirtualNetworkExtension.SeedReport.class,
                    report -> {
                        assertThat(report.seed()).isEqualTo(1234);
                        assertThat(report).hasMessageContaining("seed 1234").hasMessageContaining("-Dpeerset.seed=1234");
                    });
        });
    }

    @Test
    void theSystemPropertyOverridesTheSeed() {
        System.setProperty(VirtualNetworkExtension.SEED_PROPERTY, "99");
        try {
            assertThat(run(FailingExample.class)).singleElement().satisfies(r -> assertThat(
                    ((VirtualNetworkExtension.SeedReport) r.getThrowable().orElseThrow().getSuppressed()[0]).seed())
                    .isEqualTo(99));
        } finally {
            System.clearProperty(VirtualNetworkExtension.SEED_PROPERTY);
        }
    }

    @Test
    void closesWhatTheTestStartedAndPassesWhenNothingIsLeft() {
        ClosingExample.seen.clear();
        assertThat(run(ClosingExample.class)).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).as("%s", r).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        VirtualNetwork net = ClosingExample.seen.get(0);
        assertThat(net.network().listening()).isEmpty();
        assertThat(net.network().transports()).allSatisfy(t -> assertThat(t.isClosed()).isTrue());
        assertThat(net.closeables()).singleElement().isInstanceOfSatisfying(FakeNode.class,
                node -> assertThat(node.closeFuture()).isCompleted());
        assertThat(net.seed()).as("@RegisterExtension's seed").isEqualTo(5);
    }

    @Test
    void failsATestThatLeavesSomethingRunningAndSaysWhatAndTheSeed() {
        assertThat(run(LeakingExample.class)).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(r.getThrowable().orElseThrow()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("left running").hasMessageContaining("tasks still scheduled")
                    .hasMessageContaining("seed 77");
        });
    }

    @Test
    void aNodeThatDoesNotFinishClosingIsReported() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        PeerSetNode stuck = (PeerSetNode) java.lang.reflect.Proxy.newProxyInstance(PeerSetNode.class.getClassLoader(),
                new Class<?>[] {PeerSetNode.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "closeFuture" -> never;
                    case "localAddress" -> PeerAddress.parse("10.9.0.3:8233");
                    case "toString" -> "stuck node";
                    default -> null;
                });
        VirtualNetwork net = new VirtualNetwork(1);
        net.closeAfter(stuck);
        assertThat(net.tearDown(Duration.ofSeconds(1)))
                .containsExactly("node 10.9.0.3:8233 did not finish closing within PT1S");
    }

    // ---- examples run through the launcher (nested classes: Surefire does not run them itself) ----

    @ExtendWith(VirtualNetworkExtension.class)
    static class FailingExample {
        @Test
        @Seed(1234)
        void fails(VirtualNetwork net) {
            net.scheduler().advance(Duration.ofSeconds(1));
            throw new AssertionError("boom");
        }
    }

    static class ClosingExample {
        static final List<VirtualNetwork> seen = new ArrayList<>();

        @RegisterExtension
        final VirtualNetworkExtension virtual = new VirtualNetworkExtension().seed(5).settle(Duration.ofSeconds(5));

        @Test
        void listensDialsAndLeavesItToTheExtension() {
            VirtualNetwork net = virtual.current();
            seen.add(net);
            var server = net.transport(Network.MAINNET, "10.9.0.1");
            var client = net.transport(Network.MAINNET, "10.9.0.2");
            CompletableFuture<Acceptor> listening = server.listen(PeerAddress.parse("10.9.0.1:8233"));
            net.scheduler().runUntilIdle();
            CompletableFuture<?> accepted = listening.join().accept();
            var connected = client.connect(PeerAddress.parse("10.9.0.1:8233"), Duration.ofSeconds(3));
            net.scheduler().runUntilIdle();
            assertThat(connected).isCompleted();
            assertThat(accepted).isCompleted();
            net.closeAfter(new FakeNode());
        }

        @AfterEach
        void theNetworkIsStillThereInAfterEach(VirtualNetwork net) {
            assertThat(net).isSameAs(seen.get(seen.size() - 1));
        }
    }

    @ExtendWith(VirtualNetworkExtension.class)
    static class LeakingExample {
        @Test
        @Seed(77)
        void leavesATimerRunning(VirtualScheduler scheduler) {
            tick(scheduler);
        }

        private static void tick(VirtualScheduler scheduler) {
            scheduler.schedule(Duration.ofSeconds(10), () -> tick(scheduler));
        }
    }
}
