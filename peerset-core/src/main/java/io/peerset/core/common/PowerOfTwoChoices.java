package io.peerset.core.common;

import io.peerset.api.internal.Checks;
import io.peerset.api.spi.PeerSelector;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The power of two choices (reference section 5.2): one candidate is taken as is; otherwise two
 * distinct candidates are drawn uniformly at random and the one with the lower load wins (a tie goes
 * to the first draw). Reads exactly two loads, so the cost does not grow with the number of peers,
 * and a peer cannot attract all requests by looking fast: it must also be drawn.
 *
 * <p>Stateless and thread-safe.
 */
public final class PowerOfTwoChoices implements PeerSelector {

    /** The one instance. */
    public static final PowerOfTwoChoices INSTANCE = new PowerOfTwoChoices();

    private PowerOfTwoChoices() {
    }

    @Override
    public int select(Candidates candidates, RandomGenerator random) {
        int n = candidates.size();
        if (n == 1) {
            return 0;
        }
        return choose(candidates, random, Double.NEGATIVE_INFINITY);
    }

    /**
     * Draws two distinct candidates uniformly; the one whose load, raised to {@code floor}, is lower
     * wins, the first draw on a tie.
     */
    static int choose(Candidates candidates, RandomGenerator random, double floor) {
        int n = candidates.size();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++; // distinct from a, uniform over the others
        }
        return Math.max(candidates.load(b), floor) < Math.max(candidates.load(a), floor) ? b : a;
    }

    /**
     * The power of two choices with a load floor (beyond the reference, issue 16 §1.7): loads below
     * the set's {@code percentile}-th percentile of loads count as equal to it, so the first draw
     * wins between two such peers. P2C still avoids the slowest and busiest peers (above the
     * percentile), but a peer that answers faster than most buys no more than being drawn: with plain
     * P2C an attacker holding half the slots and answering 5 times faster wins every mixed draw and
     * gets about 3/4 of the requests (ZcashFoundation/zebra#6343). The peers above the percentile win
     * only against each other, so the rest — fast attackers included — share their requests: peers
     * below it get up to {@code (1 - (1 - p)^2) / p} times their share (1.1 at the 90th percentile,
     * the default; 1.25 at the 75th, too much when an attacker holds half the peers: docs/SECURITY.md).
     *
     * <p>The floor is recomputed from every candidate's load every {@value FlooredChoices#REFRESH}
     * selections and whenever the number of candidates changes (O(n log n) then, at most a few hundred
     * peers; O(1) otherwise). The selector holds that state: one per peer set, used on its loop only.
     *
     * @param percentile loads below this percentile of the ready peers' loads count as equal to it;
     *                   range 1..99
     * @return a new selector
     */
    public static PeerSelector withLoadFloor(int percentile) {
        return new FlooredChoices(Checks.inRange("percentile", percentile, 1, 99));
    }

    @Override
    public String toString() {
        return "PowerOfTwoChoices";
    }

    /** {@link #withLoadFloor}: not thread-safe, confined to one peer set's loop. */
    static final class FlooredChoices implements PeerSelector {
        static final int REFRESH = 64;

        private final int percentile;
        private double[] loads = new double[16];
        private double floor;
        private int floorFor = -1;
        private int sinceRefresh;

        FlooredChoices(int percentile) {
            this.percentile = percentile;
        }

        @Override
        public int select(Candidates candidates, RandomGenerator random) {
            int n = candidates.size();
            if (n == 1) {
                return 0;
            }
            if (n != floorFor || ++sinceRefresh >= REFRESH) {
                refresh(candidates, n);
            }
            return choose(candidates, random, floor);
        }

        private void refresh(Candidates candidates, int n) {
            if (loads.length < n) {
                loads = new double[Math.max(n, loads.length * 2)];
            }
            for (int i = 0; i < n; i++) {
                loads[i] = candidates.load(i);
            }
            Arrays.sort(loads, 0, n);
            floor = loads[Math.max(0, (int) Math.ceil(percentile / 100.0 * n) - 1)];
            floorFor = n;
            sinceRefresh = 0;
        }

        @Override
        public String toString() {
            return "PowerOfTwoChoices.withLoadFloor(" + percentile + ")";
        }
    }
}
