package io.peerset.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
        "1m 1s        | PT1M1S",
        "61s          | PT1M1S",
        "1m1s         | PT1M1S",
        "500ms        | PT0.5S",
        "1h           | PT1H",
        "2h30m        | PT2H30M",
        "2h 30m 15s   | PT2H30M15S",
        "'  1m  '     | PT1M",
        "10 s         | PT10S",
        "0s           | PT0S",
        "1day         | PT24H",
        "2days        | PT48H",
        "1d           | PT24H",
        "1w           | PT168H",
        "1week        | PT168H",
        "3 seconds    | PT3S",
        "1sec 1secs   | PT2S",
        "5 minutes    | PT5M",
        "1min 2mins   | PT3M",
        "1hr 1hrs 1hour 1hours | PT4H",
        "7ns          | PT0.000000007S",
        "7nsec 3nanos | PT0.00000001S",
        "3us 4usec    | PT0.000007S",
        "1msec 1millis| PT0.002S",
        "1M           | PT730H33M36S",
        "1y           | PT8766H",
        "1000ms       | PT1S",
        "1500000000ns | PT1.5S",
    })
    void parsesHumantime(String text, String iso) {
        assertThat(HumanDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void parsesTheMicroSign() {
        assertThat(HumanDuration.parse("5\u00b5s")).isEqualTo(Duration.ofNanos(5_000));
    }

    @Test
    void zebradsDefaultCrawlIntervalIs61Seconds() {
        assertThat(HumanDuration.parse("1m 1s")).isEqualTo(Duration.ofSeconds(61));
        assertThat(HumanDuration.format(Duration.ofSeconds(61))).isEqualTo("1m 1s");
    }

    @ParameterizedTest(name = "\"{0}\" refused")
    @ValueSource(strings = {"", "   ", "0", "1", "s", "1x", "-1s", "+1s", "1.5s", "1 m s", "1S", "1H", "PT1S",
        "1s,2s", "99999999999999999999s", "9223372036854775807y"})
    void refusesWhatHumantimeRefuses(String text) {
        assertThatThrownBy(() -> HumanDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("expected: a duration such as");
    }

    @Test
    void namesTheUnknownUnit() {
        assertThatThrownBy(() -> HumanDuration.parse("5 fortnights"))
                .hasMessageContaining("unknown unit \"fortnights\"");
        assertThatThrownBy(() -> HumanDuration.parse("5")).hasMessageContaining("a unit expected after 5");
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "PT0S             | 0s",
        "PT1M1S           | 1m 1s",
        "PT10S            | 10s",
        "PT0.01S          | 10ms",
        "PT1H             | 1h",
        "PT24H            | 1day",
        "PT49H0.000001001S| 2days 1h 1us 1ns",
        "PT20S            | 20s",
    })
    void formatsCanonically(String iso, String text) {
        assertThat(HumanDuration.format(Duration.parse(iso))).isEqualTo(text);
    }

    @Test
    void refusesToFormatNegativeDurations() {
        assertThatThrownBy(() -> HumanDuration.format(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
