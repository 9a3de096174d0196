package io.peerset.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.lang.module.ModuleDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsSeedSource} in virtual time over a {@link ScriptedLookup}: which entries are resolved,
 * the union of a round, the per-name timeout, the retry of the whole set, and close. No sockets.
 */
class DnsSeedSourceTest {

    private static final Duration TIMEOUT = NettyTransportConstants.DNS_LOOKUP_TIMEOUT;
    private static final Duration PAUSE = NettyTransportConstants.DNS_RETRY_PAUSE;

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final ScriptedLookup lookup = new ScriptedLookup();
    private final AtomicInteger lookupsCreated = new AtomicInteger();

    private DnsSeedSource source(NodeConfig config) {
        return DnsSeedCandidateSourceProvider.plan(config, scheduler, () -> {
            lookupsCreated.incrementAndGet();
            return lookup;
        }, TIMEOUT, PAUSE);
    }

    private static NodeConfig config(String... peers) {
        return NodeConfig.builder(Network.MAINNET).initialPeers(List.of(peers)).noCache().build();
    }

    private static PeerAddress addr(String text) {
        return PeerAddress.parse(text);
    }

    @Test
    void seedingTurnedOffYieldsNothingAtOnceAndCreatesNoResolver() {
        NodeConfig config = NodeConfig.builder(Network.MAINNET).dnsSeeding(false).noCache().build();
        DnsSeedSource source = source(config);

        CompletableFuture<List<PeerAddress>> found = source.candidates();

        assertThat(found).isCompletedWithValue(List.of());
        assertThat(source.idleReason()).contains("dnsSeeding = false");
        assertThat(source.candidates()).isCompletedWithValue(List.of());
        assertThat(lookupsCreated).hasValue(0);
        assertThat(scheduler.pendingTasks()).isZero();
        source.close();
    }

    @Test
    void ipLiteralsAreLeftToTheConfiguredSource() {
        DnsSeedSource source = source(config("1.2.3.4:8233", "[2001:db8::1]:8233", "[::ffff:10.0.0.1]:8233"));

        assertThat(source.seeds()).isEmpty();
        assertThat(source.idleReason()).contains("3 IP literals");
        assertThat(source.candidates()).isCompletedWithValue(List.of());
        assertThat(lookupsCreated).hasValue(0);
    }

    @Test
    void onlyNamesAreResolvedOnceEachInOrder() {
        DnsSeedSource source = source(config("dnsseed.z.cash:8233", "1.2.3.4:8233", "Seeder.ZEC.rocks:8233",
                "dnsseed.z.cash:8233", "seeder.zec.rocks:18233", "[::1]:8233"));

        assertThat(source.seeds()).containsExactly(new SeedEntry("dnsseed.z.cash", 8233),
                new SeedEntry("seeder.zec.rocks", 8233), new SeedEntry("seeder.zec.rocks", 18233));
        assertThat(source.toString()).isEqualTo("dns[dnsseed.z.cash:8233, seeder.zec.rocks:8233, seeder.zec.rocks:18233]");
    }

    @Test
    void invalidEntriesAreSkippedNotThrown() {
        DnsSeedSource source = source(config("bad_name!.example:8233", "[not-v6]:8233", "1.2.3:8233",
                "-leading.example:8233", "ok.example:8233"));

        assertThat(source.seeds()).containsExactly(new SeedEntry("ok.example", 8233));
    }

    @Test
    void createDoesNoIoAndStartsNoThread() {
        CandidateSourceProvider provider = new DnsSeedCandidateSourceProvider();
        AddressBookContext context = new AddressBookContext(scheduler, new SplittableRandom(1), Runnable::run, Runnable::run);

        CandidateSource source = provider.create(config("seed.example:8233"), context);

        assertThat(provider.name()).isEqualTo("dns");
        assertThat(source.name()).isEqualTo("dns");
        assertThat(provider.priority()).isEqualTo(NettyTransportConstants.DNS_PROVIDER_PRIORITY);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                t -> t.getName().startsWith(NettyTransportConstants.DNS_THREAD_NAME_PREFIX));
        assertThat(scheduler.pendingTasks()).isZero();
        source.close();
        source.close();
    }

    @Test
    void theModuleProvidesTheSource() {
        ModuleDescriptor descriptor = DnsSeedCandidateSourceProvider.class.getModule().getDescriptor();
        // Null only when the tests run on the class path; Surefire runs them in the module.
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(CandidateSourceProvider.class.getName());
            assertThat(p.providers()).containsExactly(DnsSeedCandidateSourceProvider.class.getName());
        });
    }

    @Test
    void roundCompletesWithTheUnionWithEachEntrysPortCanonical() {
        DnsSeedSource source = source(config("a.example:8233", "b.example:18233", "c.example:8233"));

        CompletableFuture<List<PeerAddress>> found = source.candidates();
        assertThat(lookupsCreated).hasValue(1);
        assertThat(lookup.queries()).extracting(ScriptedLookup.Query::host)
                .containsExactly("a.example", "b.example", "c.example");

        lookup.last("b.example").reply("2001:db8::1", "10.0.0.1");
        lookup.last("a.example").reply("10.0.0.1", "10.0.0.2", "10.0.0.1");
        assertThat(found).isNotDone();
        lookup.last("c.example").fail("NXDOMAIN");

        assertThat(found).isCompletedWithValue(List.of(addr("10.0.0.1:8233"), addr("10.0.0.2:8233"),
                addr("[2001:db8::1]:18233"), addr("10.0.0.1:18233")));
        assertThat(scheduler.pendingTasks()).as("the timeouts are cancelled").isZero();
        assertThat(source.roundsFinished()).isEqualTo(1);
    }

    @Test
    void aNameThatNeverAnswersTimesOutWithoutHoldingUpTheOthers() {
        DnsSeedSource source = source(config("a.example:8233", "silent.example:8233", "b.example:8233"));
        CompletableFuture<List<PeerAddress>> found = source.candidates();
        lookup.last("a.example").reply("10.0.0.1");
        lookup.last("b.example").reply("10.0.0.2");

        scheduler.advance(TIMEOUT.minusMillis(1));
        assertThat(found).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(found).isCompletedWithValue(List.of(addr("10.0.0.1:8233"), addr("10.0.0.2:8233")));
        assertThat(lookup.last("silent.example").answer()).as("the silent query is abandoned").isCancelled();
        // A late answer changes nothing.
        lookup.last("silent.example").reply("10.0.0.3");
        assertThat(found.join()).hasSize(2);
    }

    @Test
    void anEmptyRoundRetriesTheWholeSetAfterThePauseUntilSomethingResolves() {
        DnsSeedSource source = source(config("a.example:8233", "b.example:8233"));
        CompletableFuture<List<PeerAddress>> found = source.candidates();

        // Round 1: one fails, one times out.
        lookup.last("a.example").fail("SERVFAIL");
        scheduler.advance(TIMEOUT);
        assertThat(source.roundsFinished()).isEqualTo(1);
        assertThat(found).isNotDone();
        assertThat(lookup.queries()).hasSize(2);

        // No name is asked again on its own before the pause is over.
        scheduler.advance(PAUSE.minusMillis(1));
        assertThat(lookup.queries()).hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(lookup.queries()).extracting(ScriptedLookup.Query::host)
                .containsExactly("a.example", "b.example", "a.example", "b.example");

        // Round 2: both answer without an address (an empty union counts as a failure too).
        lookup.last("a.example").reply();
        lookup.last("b.example").reply();
        assertThat(found).isNotDone();
        scheduler.advance(PAUSE);

        // Round 3: one answers.
        assertThat(lookup.queries()).hasSize(6);
        lookup.last("b.example").reply("10.0.0.9");
        lookup.last("a.example").fail("SERVFAIL");
        assertThat(found).isCompletedWithValue(List.of(addr("10.0.0.9:8233")));
        assertThat(source.roundsFinished()).isEqualTo(3);
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(lookupsCreated).as("one resolver for every round").hasValue(1);
    }

    @Test
    void closeCompletesThePendingFutureEmptyAndStopsRetrying() {
        DnsSeedSource source = source(config("a.example:8233"));
        CompletableFuture<List<PeerAddress>> found = source.candidates();
        lookup.last("a.example").fail("SERVFAIL");
        assertThat(scheduler.pendingTasks()).as("the retry pause").isEqualTo(1);

        source.close();

        assertThat(found).isCompletedWithValue(List.of());
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(PAUSE.multipliedBy(10));
        assertThat(lookup.queries()).hasSize(1);
        assertThat(lookup.closes()).isEqualTo(1);
        assertThat(source.candidates()).isCompletedWithValue(List.of());
    }

    @Test
    void closeIsIdempotentAndKeepsWhatTheRoundFoundSoFar() {
        DnsSeedSource source = source(config("a.example:8233", "silent.example:8233"));
        CompletableFuture<List<PeerAddress>> found = source.candidates();
        lookup.last("a.example").reply("10.0.0.1");

        source.close();
        source.close();

        assertThat(found).isCompletedWithValue(List.of(addr("10.0.0.1:8233")));
        assertThat(lookup.last("silent.example").answer()).isCancelled();
        assertThat(lookup.closes()).isEqualTo(1);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void closeBeforeAnyCallCreatesNothing() {
        DnsSeedSource source = source(config("a.example:8233"));
        source.close();
        source.close();
        assertThat(source.candidates()).isCompletedWithValue(List.of());
        assertThat(lookupsCreated).hasValue(0);
    }

    @Test
    void aCallerCancellingItsFutureStopsItsRounds() {
        DnsSeedSource source = source(config("a.example:8233"));
        CompletableFuture<List<PeerAddress>> found = source.candidates();

        found.cancel(false);

        assertThat(lookup.last("a.example").answer()).isCancelled();
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(PAUSE.plus(TIMEOUT));
        assertThat(lookup.queries()).hasSize(1);
    }

    @Test
    void eachCallRunsItsOwnRoundsOnOneResolver() {
        DnsSeedSource source = source(config("a.example:8233"));
        CompletableFuture<List<PeerAddress>> first = source.candidates();
        CompletableFuture<List<PeerAddress>> second = source.candidates();

        lookup.queries().get(0).reply("10.0.0.1");
        lookup.queries().get(1).reply("10.0.0.2");

        assertThat(first).isCompletedWithValue(List.of(addr("10.0.0.1:8233")));
        assertThat(second).isCompletedWithValue(List.of(addr("10.0.0.2:8233")));
        assertThat(lookupsCreated).hasValue(1);
    }

    @Test
    void aLookupThatThrowsCountsAsAFailedName() {
        DnsSeedSource source = DnsSeedCandidateSourceProvider.plan(config("a.example:8233", "b.example:8233"),
                scheduler, () -> new NameLookup() {
                    @Override
                    public CompletableFuture<List<java.net.InetAddress>> resolve(String host) {
                        if (host.equals("a.example")) {
                            throw new IllegalStateException("boom");
                        }
                        return CompletableFuture.completedFuture(List.of(ScriptedLookup.ip("10.0.0.2")));
                    }

                    @Override
                    public void close() {
                    }
                }, TIMEOUT, PAUSE);

        assertThat(source.candidates()).isCompletedWithValue(List.of(addr("10.0.0.2:8233")));
    }

    @Test
    void aResolverThatCannotStartFailsThatCallOnly() {
        AtomicInteger attempts = new AtomicInteger();
        DnsSeedSource source = DnsSeedCandidateSourceProvider.plan(config("a.example:8233"), scheduler, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("too many open files");
            }
            return lookup;
        }, TIMEOUT, PAUSE);

        assertThat(source.candidates()).isCompletedExceptionally();
        CompletableFuture<List<PeerAddress>> second = source.candidates();
        lookup.last("a.example").reply("10.0.0.1");
        assertThat(second).isCompletedWithValue(List.of(addr("10.0.0.1:8233")));
    }

    @Test
    void timingsMustBePositive() {
        NodeConfig config = config("a.example:8233");
        assertThatThrownBy(() -> DnsSeedCandidateSourceProvider.plan(config, scheduler, () -> lookup, Duration.ZERO, PAUSE))
                .hasMessage("lookupTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> DnsSeedCandidateSourceProvider.plan(config, scheduler, () -> lookup, TIMEOUT,
                Duration.ofSeconds(-1))).hasMessage("retryPause: PT-1S (expected: > 0)");
    }

    @Test
    void queryTimeoutIsShorterThanTheLookupTimeout() {
        assertThat(DnsSeedCandidateSourceProvider.queryTimeout(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(4));
        assertThat(DnsSeedCandidateSourceProvider.queryTimeout(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void nettyLookupClosesIdempotentlyWithoutEverOpeningASocket() throws Exception {
        NettyNameLookup netty = new NettyNameLookup(Optional.empty(), Duration.ofSeconds(1));

        netty.close();
        netty.close();

        assertThat(netty.terminationFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(netty.resolve("a.example")).isCompletedExceptionally();
    }
}
