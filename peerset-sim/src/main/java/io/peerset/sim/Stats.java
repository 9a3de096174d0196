package io.peerset.sim;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.PeerSetNode;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run measures, over honest nodes only: per sample, connectivity (outbound at target, ≥ 8, ≥ 1,
 * none), degrees, the honest graph's components, the adversaries' share of outbound peers and of
 * address books, fully eclipsed nodes; at the end, also time to target, degree histograms, the
 * adversaries' share of routed requests and messages by command. Every figure is named in the README.
 */
final class Stats {

    private final String run;
    private long tasks;
    private Figures last;

    Stats(String run) {
        this.run = run;
    }

    void tasksRan(long n) {
        tasks += n;
    }

    Figures sample(World w) {
        for (SimNode h : w.honest) {
            h.markWindow();
        }
        List<SimNode> nodes = w.running;
        int n = nodes.size();
        int atTarget = 0;
        int atLeast8 = 0;
        int atLeast1 = 0;
        int eclipsed = 0;
        double[] out = new double[n];
        double[] in = new double[n];
        List<Double> advShare = new ArrayList<>();
        double[] advCount = new double[n];
        Map<PeerAddress, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).address, i);
        }
        UnionFind components = new UnionFind(n);
        for (int i = 0; i < n; i++) {
            SimNode node = nodes.get(i);
            int o = node.outbound.size();
            int adv = 0;
            for (PeerAddress p : node.outbound) {
                if (w.isAdversary(p)) {
                    adv++;
                } else {
                    Integer j = index.get(p);
                    if (j != null) {
                        components.union(i, j);
                    }
                }
            }
            out[i] = o;
            advCount[i] = adv;
            in[i] = node.inbound.size();
            atTarget += o >= node.target ? 1 : 0;
            atLeast8 += o >= 8 ? 1 : 0;
            atLeast1 += o >= 1 ? 1 : 0;
            if (o >= 1) {
                advShare.add((double) adv / o);
                eclipsed += adv == o ? 1 : 0;
            }
        }
        Figures.Builder f = Figures.builder()
                .put("type", "sample")
                .put("run", run)
                .put("virtualSeconds", w.clock.nanoTime() / 1_000_000_000L)
                .put("nodes", n)
                .put("adversaries", (int) w.adversaries.stream().filter(SimNode::running).count())
                .put("atTarget", atTarget)
                .put("atLeast8", atLeast8)
                .put("atLeast1", atLeast1)
                .put("noOutbound", n - atLeast1)
                .put("fullyEclipsed", eclipsed)
                .put("outbound", spread(out))
                .put("inbound", spread(in))
                .put("components", components.count())
                .put("largestComponent", components.largest())
                .put("adversaryOutboundShare", spread(toArray(advShare)))
                .put("adversaryOutbound", spread(advCount));
        if (!w.adversaries.isEmpty()) {
            f.put("addressBookAdversaryShare", spread(addressBookShares(w)));
        }
        List<SimNode> victims = w.victims();
        if (!victims.isEmpty()) {
            f.put("victims", victims(w, victims));
        }
        last = f.build();
        return last;
    }

    /** The adversaries' hold on the honest nodes they single out (running ones). */
    private static Figures victims(World w, List<SimNode> victims) {
        int running = 0;
        int eclipsed = 0;
        int none = 0;
        List<Double> outShare = new ArrayList<>();
        List<Double> inShare = new ArrayList<>();
        List<Integer> honestOut = new ArrayList<>();
        for (SimNode v : victims) {
            if (!v.running()) {
                continue;
            }
            running++;
            long advOut = v.outbound.stream().filter(w::isAdversary).count();
            honestOut.add((int) (v.outbound.size() - advOut));
            long advIn = v.inbound.stream().filter(w::isAdversary).count();
            if (v.outbound.isEmpty()) {
                none++;
            } else {
                outShare.add((double) advOut / v.outbound.size());
                eclipsed += advOut == v.outbound.size() ? 1 : 0;
            }
            if (!v.inbound.isEmpty()) {
                inShare.add((double) advIn / v.inbound.size());
            }
        }
        return Figures.builder().put("running", running).put("fullyEclipsed", eclipsed).put("noOutbound", none)
                .put("routingExcess", routingExcess(victims))
                .put("adversaryOutboundShare", spread(toArray(outShare)))
                .put("honestOutbound", fewest(honestOut))
                .put("adversaryInboundShare", spread(toArray(inShare))).build();
    }

    private static double[] addressBookShares(World w) {
        double[] shares = new double[w.running.size()];
        for (int i = 0; i < shares.length; i++) {
            PeerSetNode node = w.running.get(i).node;
            List<AddressBookEntry> entries = node.addressBook().entries();
            int adv = 0;
            for (AddressBookEntry e : entries) {
                adv += w.isAdversary(e.address()) ? 1 : 0;
            }
            shares[i] = entries.isEmpty() ? 0 : (double) adv / entries.size();
        }
        return shares;
    }

    /** The summary: the last sample's figures and the run's totals; call before the nodes stop. */
    Figures summary(World w, long seed, String scenarioName) {
        Figures.Builder f = Figures.builder()
                .put("type", "summary")
                .put("run", run)
                .put("scenario", scenarioName)
                .put("seed", seed);
        Figures final_ = last == null ? sample(w) : last;
        for (Map.Entry<String, Object> e : final_.values().entrySet()) {
            if (!e.getKey().equals("type") && !e.getKey().equals("run")) {
                f.put(e.getKey(), e.getValue());
            }
        }
        int started = 0;
        List<Double> ttt = new ArrayList<>();
        for (SimNode n : w.honest) {
            if (n.startedAt >= 0) {
                started++;
                if (n.timeToTarget >= 0) {
                    ttt.add(n.timeToTarget / 1e9);
                }
            }
        }
        double[] times = toArray(ttt);
        Arrays.sort(times);
        f.put("started", started);
        f.put("timeToTarget", Figures.builder()
                .put("reached", times.length)
                .put("first", times.length == 0 ? -1.0 : times[0])
                .put("median", times.length == 0 ? -1.0 : percentile(times, 0.5))
                .put("p90", times.length == 0 ? -1.0 : percentile(times, 0.9))
                .put("last", times.length == 0 ? -1.0 : times[times.length - 1])
                .build());
        f.put("outboundHistogram", histogram(w, true));
        f.put("inboundHistogram", histogram(w, false));
        long routed = 0;
        long routedAdv = 0;
        List<Double> routedShare = new ArrayList<>();
        for (SimNode n : w.honest) {
            routed += n.routed;
            routedAdv += n.routedToAdversary;
            if (n.routed > 0) {
                routedShare.add((double) n.routedToAdversary / n.routed);
            }
        }
        f.put("routingExcess", routingExcess(w.honest));
        // every honest node ever started: connections that reached the peer set, and what ended the others
        long ok = 0;
        TreeMap<String, Long> failures = new TreeMap<>();
        for (SimNode n : w.honest) {
            ok += n.handshakesOk;
            n.handshakeFailures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        }
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        Figures.Builder by = Figures.builder();
        failures.forEach(by::put);
        f.put("handshakes", Figures.builder().put("ok", ok).put("failed", failed).put("failedBy", by.build()).build());
        f.put("routedRequests", routed);
        f.put("routedToAdversaries", routedAdv);
        f.put("adversaryRoutedShare", spread(toArray(routedShare)));
        World.TrafficSum traffic = new World.TrafficSum();
        for (Map.Entry<String, long[]> e : w.honestTraffic.byCommand.entrySet()) {
            traffic.byCommand.put(e.getKey(), e.getValue().clone());
        }
        for (SimNode n : w.running) {
            traffic.add(n.node.traffic());
        }
        Figures.Builder messages = Figures.builder();
        for (Map.Entry<String, long[]> e : traffic.byCommand.entrySet()) {
            long[] v = e.getValue();
            if (v[0] + v[2] > 0) {
                messages.put(e.getKey(), Figures.builder().put("sent", v[0]).put("bytesSent", v[1])
                        .put("received", v[2]).put("bytesReceived", v[3]).build());
            }
        }
        f.put("messages", messages.build());
        f.put("tasks", tasks);
        return f.build();
    }

    private static Figures histogram(World w, boolean outbound) {
        TreeMap<Integer, Integer> h = new TreeMap<>();
        for (SimNode n : w.running) {
            h.merge(outbound ? n.outbound.size() : n.inbound.size(), 1, Integer::sum);
        }
        Figures.Builder b = Figures.builder();
        h.forEach((k, v) -> b.put(Integer.toString(k), v));
        return b.build();
    }

    /** Median, 90th percentile and worst (highest) of {@code values}; zeros when empty. */
    static Figures spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return Figures.builder()
                .put("median", v.length == 0 ? 0.0 : percentile(v, 0.5))
                .put("p90", v.length == 0 ? 0.0 : percentile(v, 0.9))
                .put("worst", v.length == 0 ? 0.0 : v[v.length - 1])
                .build();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nodes with fewer routed requests say little about routing. */
    static final int MIN_ROUTED_FOR_EXCESS = 20;

    /**
     * Routing under adversarial latency (issue 16 §1.7): per node that routed at least
     * {@link #MIN_ROUTED_FOR_EXCESS} requests, the adversaries' share of its routed requests minus their
     * share of its peers at the time of each request (what routing that ignores speed would give
     * them), in share points; with the mean share of peers and of requests, over those nodes; over the
     * whole run and, under {@code lastInterval}, over the last sampling interval alone.
     */
    static Figures routingExcess(List<SimNode> nodes) {
        Figures.Builder f = excess(nodes, false);
        f.put("lastInterval", excess(nodes, true).build());
        return f.build();
    }

    /** Over the whole run, or over the last sampling interval (where the load estimates have settled). */
    private static Figures.Builder excess(List<SimNode> nodes, boolean window) {
        List<Double> excess = new ArrayList<>();
        List<Double> slots = new ArrayList<>();
        List<Double> requests = new ArrayList<>();
        for (SimNode n : nodes) {
            long routed = window ? n.windowRouted : n.routed;
            if (routed < MIN_ROUTED_FOR_EXCESS) {
                continue;
            }
            double slotShare = (window ? n.windowSlotShare : n.adversarySlotShareAtRouting) / routed;
            double routedShare = (double) (window ? n.windowRoutedToAdversary : n.routedToAdversary) / routed;
            excess.add(routedShare - slotShare);
            slots.add(slotShare);
            requests.add(routedShare);
        }
        return Figures.builder().put("nodes", excess.size())
                .put("slotShare", spread(toArray(slots)))
                .put("routedShare", spread(toArray(requests)))
                .put("excess", spread(toArray(excess)));
    }

    /** Counts where fewer is worse (honest peers of a victim): the median and the fewest. */
    private static Figures fewest(List<Integer> counts) {
        double[] v = counts.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
        return Figures.builder()
                .put("median", v.length == 0 ? 0.0 : percentile(v, 0.5))
                .put("fewest", v.length == 0 ? 0.0 : v[0])
                .build();
    }

    private static double[] toArray(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** Connected components of the honest graph (undirected), by union by size. */
    static final class UnionFind {
        private final int[] parent;
        private final int[] size;
        private int count;

        UnionFind(int n) {
            parent = new int[n];
            size = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
                size[i] = 1;
            }
            count = n;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return;
            }
            if (size[ra] < size[rb]) {
                int t = ra;
                ra = rb;
                rb = t;
            }
            parent[rb] = ra;
            size[ra] += size[rb];
            count--;
        }

        int count() {
            return count;
        }

        int largest() {
            int max = 0;
            for (int i = 0; i < parent.length; i++) {
                if (parent[i] == i) {
                    max = Math.max(max, size[i]);
                }
            }
            return max;
        }
    }
}
