package io.peerset.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Properties of the simulator's pieces that every figure depends on. */
class SimProperties {

    @Test
    void decimalsAreRoundedToFourPlacesWithoutExponentAndReadBack() {
        qt().withExamples(2_000).forAll(doubles().between(-1e9, 1e9)).checkAssert(d -> {
            String s = Figures.decimal(d);
            assertThat(s).doesNotContain("E").doesNotContain("e").isEqualTo(Figures.decimal(d));
            assertThat(Double.parseDouble(s)).isCloseTo(d, Offset.offset(0.00005 + Math.ulp(d)));
        });
    }

    @Test
    void componentsMatchAGraphSearch() {
        qt().withExamples(300).forAll(integers().between(1, 40), lists().of(integers().between(0, 39 * 40 + 39))
                .ofSizeBetween(0, 80)).checkAssert((n, codes) -> {
            Stats.UnionFind uf = new Stats.UnionFind(n);
            List<List<Integer>> adjacent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                adjacent.add(new ArrayList<>());
            }
            for (int code : codes) {
                int a = code / 40 % n;
                int b = code % 40 % n;
                uf.union(a, b);
                adjacent.get(a).add(b);
                adjacent.get(b).add(a);
            }
            boolean[] seen = new boolean[n];
            int components = 0;
            int largest = 0;
            for (int s = 0; s < n; s++) {
                if (seen[s]) {
                    continue;
                }
                components++;
                int size = 0;
                ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(s));
                seen[s] = true;
                while (!todo.isEmpty()) {
                    int v = todo.poll();
                    size++;
                    for (int w : adjacent.get(v)) {
                        if (!seen[w]) {
                            seen[w] = true;
                            todo.add(w);
                        }
                    }
                }
                largest = Math.max(largest, size);
            }
            assertThat(uf.count()).isEqualTo(components);
            assertThat(uf.largest()).isEqualTo(largest);
        });
    }

    @Test
    void percentilesAreValuesOfTheSampleInOrder() {
        qt().withExamples(500).forAll(lists().of(doubles().between(0, 1)).ofSizeBetween(1, 50)).checkAssert(values -> {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = Stats.percentile(sorted, 0.5);
            double p90 = Stats.percentile(sorted, 0.9);
            assertThat(values).contains(median, p90);
            assertThat(median).isLessThanOrEqualTo(p90).isLessThanOrEqualTo(sorted[sorted.length - 1]);
        });
    }

    @Test
    void sharesOutsideZeroToOneAreRefusedWithTheirName() {
        qt().withExamples(300).forAll(doubles().between(-10, 10)).checkAssert(share -> {
            if (share >= 0 && share <= 1) {
                assertThat(new Scenario.Churn(share, false, Duration.ZERO, Duration.ZERO).perMinute())
                        .isEqualTo(share);
            } else {
                assertThatThrownBy(() -> new Scenario.Churn(share, false, Duration.ZERO, Duration.ZERO))
                        .hasMessage("churn.per_minute: " + share + " (expected: 0 to 1)");
            }
        });
    }
}
