package io.peerset.bench.load;

import io.peerset.addressbook.DefaultAddressBookProvider;
import io.peerset.addressbook.StateProbe;
import io.peerset.api.AddressBookEntry;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Address-book load harness (issue section 5): at each size, the single writer's throughput for
 * changes and for {@code nextReconnectCandidate()}, the time of {@code freshGetAddrResponse()} and
 * the retained heap per entry, each next to a physical baseline measured in the same run.
 *
 * <p>The book's clock is the real monotonic clock plus jumps the harness makes (so the 5 s
 * concurrent-change rule and the 119 s reconnection window pass without waiting): every change in
 * the update mix is one the rules apply, except the gossip for already-attempted addresses (20%),
 * which the rules reject (as most gossip is in a running node). See docs/PERFORMANCE.md.
 *
 * <pre>java -Xms2g -Xmx2g -cp peerset-bench/target/benchmarks.jar io.peerset.bench.load.AddressBookLoad --sizes 5000,100000 --seconds 5</pre>
 */
public final class AddressBookLoad {

    private static final Network NETWORK = Network.MAINNET;
    /** Changes per chunk; at most two chunks (plus their markers) are queued: below the 5,000 queue. */
    private static final int CHUNK = 1500;
    private static final long SECOND = 1_000_000_000L;
    private static final double GOAL_OPS = 1_000_000;
    private static final double GOAL_BYTES = 300;

    /** Whether the books keep bucketed tables ({@code --tables}, default true: peerset's default). */
    private static boolean tables = true;

    private AddressBookLoad() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = {5000, 100_000};
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--tables" -> tables = Boolean.parseBoolean(args[++i]);
                default -> {
                    System.err.println("usage: AddressBookLoad [--sizes 5000,100000] [--seconds N] [--tables true|false]");
                    System.exit(2);
                }
            }
        }
        System.out.printf("# AddressBookLoad sizes=%s seconds=%d tables=%s java=%s cpus=%d maxHeap=%dMiB%n",
                Arrays.toString(sizes), seconds, tables, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (int n : sizes) {
            heap(n); // first: the least garbage around
            double u = updates(n, seconds);
            double c = candidates(n, seconds);
            double combined = 2 / (1 / u + 1 / c);
            line(n, "writer updates+candidates (1:1 mix, harmonic)", combined, "ops/s", "-",
                    n == 100_000 ? goal(combined >= GOAL_OPS, ">= 1,000,000 ops/s") : "no goal at this size");
            stateOnly(n, seconds);
            gossip(n, seconds);
        }
    }

    // ---- clock and book ----

    /**
     * The real monotonic clock plus jumps the harness makes (so the 5 s concurrent-change rule and the
     * 119 s reconnection window pass without waiting); timers run in real time.
     */
    static final class VirtualClock implements Scheduler {
        private static final java.util.concurrent.ScheduledExecutorService TIMER =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-timer");
                    t.setDaemon(true);
                    return t;
                });
        private final Instant base = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        private final long start = System.nanoTime();
        private volatile long offset;

        @Override
        public Instant instant() {
            return base.plusNanos(nanoTime() - start);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime() + offset;
        }

        void advance(Duration d) {
            offset += d.toNanos(); // one advancing thread at a time
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            java.util.concurrent.ScheduledFuture<?> f = TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    }

    private record Book(AddressBook book, VirtualClock clock, ExecutorService updater) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            book.close();
            updater.shutdown();
            updater.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static AddressBookConfig config(int n) {
        return AddressBookConfig.builder(NETWORK).capacity(n).addressTables(tables).build();
    }

    private static Book newBook(int n) {
        VirtualClock clock = new VirtualClock();
        ExecutorService updater = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "addressbook-updater");
            t.setDaemon(true);
            return t;
        });
        AddressBookContext context = new AddressBookContext(clock, new SplittableRandom(1), updater,
                Runnable::run);
        AddressBook book = new DefaultAddressBookProvider().create(config(n), context);
        return new Book(book, clock, updater);
    }

    /**
     * Distinct public IPv4 addresses on the default port (one per IP: the same-IP filter never skips),
     * spread over 20,480 /16 prefixes (first octet 11 to 90, any second octet) as a real book's are:
     * consecutive {@code i} fall in different /16s, about 5 addresses per /16 at 100,000. (Addresses
     * in one /16 told by one source share one bucket of the tables, by design.) The third octet is
     * scrambled, as real hosts' low bytes are: {@code InetAddress.hashCode()} is the address itself, and
     * addresses whose low 16 bits barely vary collide in every hash table (a first version of this
     * spread did, and halved every rate, the baselines' included).
     */
    static PeerAddress address(int i) {
        return PeerAddress.of(new byte[] {(byte) (11 + i % 80), (byte) (i / 80), (byte) (i * 37 + (i >>> 8)),
                (byte) (1 + i / 20_480)}, NETWORK.defaultPort());
    }

    static AddressChange gossiped(PeerAddress a, Instant lastSeen) {
        return new AddressChange.NewGossiped(a, PeerServices.NETWORK, lastSeen);
    }

    /**
     * Fills with gossiped addresses, flow-controlled (so nothing is dropped): after each chunk, a
     * candidate request that accepts nothing (it changes nothing) completes once the updater has
     * applied the chunk. With tables, an address whose slot is taken is refused (about a third of
     * them when the book is filled to its capacity, as hashing places them).
     *
     * @return the addresses the book took, in order: the working set of the measurements
     */
    private static List<PeerAddress> fill(Book b, List<PeerAddress> addresses) throws Exception {
        Instant now = b.clock().instant();
        for (int i = 0; i < addresses.size(); i++) {
            if (!b.book().submit(gossiped(addresses.get(i), seen(now, i)))) {
                throw new IllegalStateException("dropped while filling");
            }
            if ((i + 1) % CHUNK == 0 || i == addresses.size() - 1) {
                b.book().nextReconnectCandidate(a -> false).get(20, TimeUnit.SECONDS);
            }
        }
        List<PeerAddress> taken = new ArrayList<>(b.book().size());
        for (PeerAddress a : addresses) {
            if (b.book().entry(a).isPresent()) {
                taken.add(a);
            }
        }
        if (taken.size() != b.book().size()) {
            throw new IllegalStateException("fill: " + taken.size() + " found, " + b.book().size() + " held");
        }
        return taken;
    }

    /** Gossiped last-seen times as received: truncated to 30 minutes, spread over the last 3 hours. */
    static Instant seen(Instant now, int i) {
        return now.minusSeconds(600 + 1800L * (i % 6));
    }

    private static List<PeerAddress> addresses(int n) {
        List<PeerAddress> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(address(i));
        }
        return list;
    }

    // ---- updates ----

    /** The per-address life cycle the mix walks through, one step per round. */
    private static AddressChange[][] mix(List<PeerAddress> addresses, Instant seen) {
        int n = addresses.size();
        AddressChange[][] m = new AddressChange[5][n];
        for (int i = 0; i < n; i++) {
            PeerAddress a = addresses.get(i);
            m[0][i] = new AddressChange.UpdateAttempt(a);
            m[1][i] = new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/Zebra:2.0.0/", 170_160);
            m[2][i] = new AddressChange.UpdateResponded(a, Duration.ofMillis(40 + i % 200));
            m[3][i] = AddressChange.UpdateFailed.of(a);
            m[4][i] = gossiped(a, seen); // rejected: gossip cannot reset an attempted record
        }
        return m;
    }

    static double updates(int n, int seconds) throws Exception {
        List<PeerAddress> addresses;
        double book;
        try (Book b = newBook(n)) {
            addresses = fill(b, addresses(n));
            AddressChange[][] mix = mix(addresses, b.clock().instant().minusSeconds(600));
            runUpdates(b, mix, addresses.size(), Math.max(1, seconds / 2)); // warm-up
            book = runUpdates(b, mix, addresses.size(), seconds);
            if (b.book().droppedChanges() != 0) {
                throw new IllegalStateException("dropped " + b.book().droppedChanges());
            }
        }
        double baseline = updateBaseline(addresses, seconds);
        line(n, "writer updates (book: submit -> applied)", book, "changes/s",
                String.format("%,.0f /s CHM put + TreeSet remove/add", baseline),
                n == 100_000 ? goal(book >= GOAL_OPS, ">= 1,000,000 /s") : "no goal at this size");
        return book;
    }

    private static int round;

    private static double runUpdates(Book b, AddressChange[][] mix, int n, int seconds) throws Exception {
        ArrayDeque<CompletableFuture<Optional<AddressBookEntry>>> markers = new ArrayDeque<>();
        long changes = 0;
        long start = System.nanoTime();
        long end = start + seconds * SECOND;
        int inChunk = 0;
        while (System.nanoTime() < end) {
            b.clock().advance(Duration.ofSeconds(6)); // past the 5 s concurrent-change window
            for (int i = 0; i < n; i++) {
                AddressChange c = mix[(round + i) % 5][i];
                if (!b.book().submit(c)) {
                    throw new IllegalStateException("dropped");
                }
                changes++;
                if (++inChunk == CHUNK) {
                    inChunk = 0;
                    markers.add(b.book().nextReconnectCandidate());
                    if (markers.size() >= 2) {
                        markers.poll().join();
                    }
                }
            }
            round++;
        }
        CompletableFuture<Optional<AddressBookEntry>> last = b.book().nextReconnectCandidate();
        last.join();
        markers.clear();
        long elapsed = System.nanoTime() - start;
        return changes * (double) SECOND / elapsed;
    }

    /** The physical floor of one keyed, ordered update: a hash put and an ordered-set re-insert. */
    private static double updateBaseline(List<PeerAddress> addresses, int seconds) {
        int n = addresses.size();
        ConcurrentHashMap<PeerAddress, long[]> map = new ConcurrentHashMap<>(n * 2);
        TreeSet<long[]> set = new TreeSet<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        long[][] keys = new long[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = new long[] {i * 7919L % n, i};
            set.add(keys[i]);
            map.put(addresses.get(i), keys[i]);
        }
        long ops = 0;
        long tick = 0;
        for (int pass = 0; pass < 2; pass++) {
            ops = 0;
            long start = System.nanoTime();
            long end = start + Math.max(1, pass == 0 ? seconds / 2 : seconds) * SECOND;
            while (System.nanoTime() < end) {
                for (int i = 0; i < n; i++) {
                    long[] k = keys[i];
                    set.remove(k);
                    long[] next = new long[] {++tick, i};
                    keys[i] = next;
                    set.add(next);
                    map.put(addresses.get(i), next);
                }
                ops += n;
            }
            if (pass == 1) {
                return ops * (double) SECOND / (System.nanoTime() - start);
            }
        }
        throw new AssertionError();
    }

    // ---- candidates ----

    static double candidates(int n, int seconds) throws Exception {
        double book;
        long[] taken = new long[2];
        try (Book b = newBook(n)) {
            fill(b, addresses(n));
            runCandidates(b, Math.max(1, seconds / 2), taken);
            book = runCandidates(b, seconds, taken);
        }
        double baseline = candidateBaseline(n, seconds);
        line(n, "writer nextReconnectCandidate (book)", book, "selections/s",
                String.format("%,.0f /s TreeSet pollFirst + add", baseline),
                String.format("%s; %.1f%% empty answers", n == 100_000 ? "goal in the mix line" : "no goal at this size",
                        100.0 * taken[1] / Math.max(1, taken[0] + taken[1])));
        return book;
    }

    private static double runCandidates(Book b, int seconds, long[] taken) {
        taken[0] = 0;
        taken[1] = 0;
        List<CompletableFuture<Optional<AddressBookEntry>>> previous = List.of();
        long count = 0;
        long start = System.nanoTime();
        long end = start + seconds * SECOND;
        while (System.nanoTime() < end) {
            List<CompletableFuture<Optional<AddressBookEntry>>> batch = new ArrayList<>(CHUNK);
            for (int i = 0; i < CHUNK; i++) {
                batch.add(b.book().nextReconnectCandidate());
            }
            count += collect(previous, b, taken);
            previous = batch;
        }
        count += collect(previous, b, taken);
        return count * (double) SECOND / (System.nanoTime() - start);
    }

    private static int collect(List<CompletableFuture<Optional<AddressBookEntry>>> batch, Book b, long[] taken) {
        boolean empty = false;
        for (CompletableFuture<Optional<AddressBookEntry>> f : batch) {
            if (f.join().isPresent()) {
                taken[0]++;
            } else {
                taken[1]++;
                empty = true;
            }
        }
        if (empty) {
            b.clock().advance(Duration.ofSeconds(120)); // every record taken is past its window again
        }
        return batch.size();
    }

    /** The physical floor of taking the first of an ordered set and re-inserting it later in the order. */
    private static double candidateBaseline(int n, int seconds) {
        TreeSet<long[]> set = new TreeSet<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        for (int i = 0; i < n; i++) {
            set.add(new long[] {i, i});
        }
        long tick = n;
        for (int pass = 0; pass < 2; pass++) {
            long ops = 0;
            long start = System.nanoTime();
            long end = start + Math.max(1, pass == 0 ? seconds / 2 : seconds) * SECOND;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 10_000; i++) {
                    long[] first = set.pollFirst();
                    set.add(new long[] {++tick, first[1]});
                }
                ops += 10_000;
            }
            if (pass == 1) {
                return ops * (double) SECOND / (System.nanoTime() - start);
            }
        }
        throw new AssertionError();
    }

    // ---- the state's apply path alone ----

    static void stateOnly(int n, int seconds) {
        List<PeerAddress> all = addresses(n);
        VirtualClock clock = new VirtualClock();
        StateProbe state = new StateProbe(config(n));
        Instant seen = clock.instant().minusSeconds(600);
        List<PeerAddress> addresses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (state.update(gossiped(all.get(i), seen(clock.instant(), i)), clock.instant(), clock.nanoTime())) {
                addresses.add(all.get(i)); // with tables, the ones whose slot was free
            }
        }
        int held = addresses.size();
        AddressChange[][] mix = mix(addresses, seen);
        double upd = 0;
        long applied = 0;
        long total = 0;
        int r = 0;
        for (int pass = 0; pass < 2; pass++) {
            long changes = 0;
            applied = 0;
            long start = System.nanoTime();
            long end = start + Math.max(1, pass == 0 ? seconds / 2 : seconds) * SECOND;
            while (System.nanoTime() < end) {
                clock.advance(Duration.ofSeconds(6));
                for (int i = 0; i < held; i++) {
                    if (state.update(mix[(r + i) % 5][i], clock.instant(), clock.nanoTime())) {
                        applied++;
                    }
                }
                changes += held;
                r++;
            }
            total = changes;
            upd = changes * (double) SECOND / (System.nanoTime() - start);
        }
        line(n, "state.update alone (no queue, no lock)", upd, "changes/s",
                String.format("%.0f%% of changes applied, rest rejected by the rules", 100.0 * applied / total),
                "diagnostic");

        // candidates on a fresh, all-ready state
        StateProbe cs = new StateProbe(config(all.size()));
        for (int i = 0; i < all.size(); i++) {
            cs.update(gossiped(all.get(i), seen(clock.instant(), i)), clock.instant(), clock.nanoTime());
        }
        double cand = 0;
        for (int pass = 0; pass < 2; pass++) {
            long count = 0;
            long start = System.nanoTime();
            long end = start + Math.max(1, pass == 0 ? seconds / 2 : seconds) * SECOND;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    if (!cs.nextCandidate(clock.instant(), clock.nanoTime())) {
                        clock.advance(Duration.ofSeconds(120));
                    }
                }
                count += 1000;
            }
            cand = count * (double) SECOND / (System.nanoTime() - start);
        }
        line(n, "state.nextCandidate alone (no queue, no lock)", cand, "selections/s", "-", "diagnostic");

        // what snapshot() does while it holds the read lock (the writer waits this long)
        long[] walks = new long[30];
        int sink = 0;
        for (int w = 0; w < 10; w++) {
            sink += cs.inOrderWalk();
        }
        for (int i = 0; i < walks.length; i++) {
            long t0 = System.nanoTime();
            sink += cs.inOrderWalk();
            walks[i] = System.nanoTime() - t0;
        }
        Arrays.sort(walks);
        line(n, "snapshot()'s read-lock hold (in-order walk), median", walks[walks.length / 2] / 1e3, "us",
                "-", "diagnostic (" + (sink > 0 ? walks.length : 0) + " walks)");
    }

    // ---- gossip ----

    static void gossip(int n, int seconds) throws Exception {
        List<PeerAddress> addresses = addresses(n);
        try (Book b = newBook(n)) {
            fill(b, addresses);
            long[] t = sample(() -> b.book().freshGetAddrResponse(), seconds);
            int answer = b.book().freshGetAddrResponse().size();
            // baseline: the unavoidable work, a copy of n references and a Fisher-Yates shuffle
            List<PeerAddress> src = List.copyOf(addresses);
            Random random = new Random(1);
            long[] base = sample(() -> {
                List<PeerAddress> copy = new ArrayList<>(src);
                Collections.shuffle(copy, random);
                return List.copyOf(copy.subList(0, Math.min(1000, copy.size())));
            }, seconds);
            line(n, "freshGetAddrResponse median", t[t.length / 2] / 1e3, "us",
                    String.format("%.1f us copy+shuffle of %d refs", base[base.length / 2] / 1e3, n),
                    "no goal (answer " + answer + " entries)");
            line(n, "freshGetAddrResponse p99", t[(int) (t.length * 0.99)] / 1e3, "us",
                    String.format("%.1f us", base[(int) (base.length * 0.99)] / 1e3),
                    "no goal (" + t.length + " calls)");
            long[] snap = sample(() -> b.book().snapshot().entries(), Math.max(1, seconds / 2));
            line(n, "snapshot() median (whole call)", snap[snap.length / 2] / 1e3, "us",
                    "-", "diagnostic (" + snap.length + " calls)");
        }
    }

    private static long[] sample(java.util.function.Supplier<List<?>> call, int seconds) {
        long warmEnd = System.nanoTime() + Math.max(1, seconds / 2) * SECOND;
        Object sink = null;
        while (System.nanoTime() < warmEnd) {
            sink = call.get();
        }
        long[] times = new long[20_000];
        int k = 0;
        long end = System.nanoTime() + seconds * SECOND;
        while (System.nanoTime() < end && k < times.length) {
            long t0 = System.nanoTime();
            sink = call.get();
            times[k++] = System.nanoTime() - t0;
        }
        if (sink == null) {
            throw new AssertionError();
        }
        long[] out = Arrays.copyOf(times, k);
        Arrays.sort(out);
        return out;
    }

    // ---- heap ----

    static void heap(int n) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // baseline: the addresses alone (PeerAddress + InetAddress + holder), n of them in a list
        long before = usedAfterGc(memory);
        List<PeerAddress> raw = addresses(n);
        long after = usedAfterGc(memory);
        double rawPer = (after - before) / (double) n;
        if (raw.size() != n) {
            throw new AssertionError();
        }
        raw = null;

        before = usedAfterGc(memory);
        Book b = newBook(n);
        int size = fill(b, addresses(n)).size(); // the lists are garbage once filled: only the book holds the addresses
        Thread.sleep(200);
        after = usedAfterGc(memory);
        double per = (after - before) / (double) size; // per record held (with tables, fewer than n)
        b.close();
        line(n, "retained heap per entry (book, " + size + " gossiped)", per, "bytes",
                String.format("%.0f B the address objects alone", rawPer),
                n == 100_000 ? goal(per <= GOAL_BYTES, "<= 300 B") : "no goal at this size");
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---- output ----

    private static String goal(boolean met, String goal) {
        return "goal " + goal + ": " + (met ? "met" : "NOT met");
    }

    private static void line(int n, String what, double value, String unit, String baseline, String verdict) {
        System.out.printf("n=%-7d %-52s %,14.1f %-13s | baseline: %-45s | %s%n", n, what, value, unit, baseline,
                verdict);
    }
}
