package io.peerset.core.common;

import io.peerset.api.spi.PeerSelector;
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
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++; // distinct from a, uniform over the others
        }
        return candidates.load(b) < candidates.load(a) ? b : a;
    }

    @Override
    public String toString() {
        return "PowerOfTwoChoices";
    }
}
