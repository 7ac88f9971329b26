package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class LoadProfileTest {

    @Test
    void shouldReadSegmentsAndRamps() {
        LoadProfile p = LoadProfile.parse("0.5x:30s, 1.25x:1m,0.5x->1.5x:60s,.2x:500ms");

        assertThat(p.segments()).containsExactly(
                new LoadProfile.Segment(0.5, 0.5, 30),
                new LoadProfile.Segment(1.25, 1.25, 60),
                new LoadProfile.Segment(0.5, 1.5, 60),
                new LoadProfile.Segment(0.2, 0.2, 0.5));
        assertThat(p.totalSeconds()).isEqualTo(150.5);
        assertThat(p.toString()).isEqualTo("0.5x:30s,1.25x:60s,0.5x->1.5x:60s,0.2x:500ms");
        assertThat(LoadProfile.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void shouldPlacePhasesAndRatesInTime() {
        LoadProfile p = LoadProfile.parse("0.5x:30s,0.5x->1.5x:60s");

        assertThat(p.phaseAt(-1)).isEqualTo(-1);
        assertThat(p.phaseAt(0)).isZero();
        assertThat(p.phaseAt(29.999)).isZero();
        assertThat(p.phaseAt(30)).isEqualTo(1);
        assertThat(p.phaseAt(500)).isEqualTo(1);
        assertThat(p.startOf(1)).isEqualTo(30);
        assertThat(p.endOf(1)).isEqualTo(90);
        assertThat(p.multipleAt(10)).isEqualTo(0.5);
        assertThat(p.multipleAt(60)).isCloseTo(1.0, within(1e-12));
        assertThat(p.multipleAt(90)).isZero();
    }

    @Test
    void shouldScheduleFramesByTheAreaUnderTheProfile() {
        LoadProfile p = LoadProfile.parse("1x:10s,1x->3x:10s");

        assertThat(p.timeOf(0)).isZero();
        assertThat(p.timeOf(5)).isCloseTo(5, within(1e-9));
        // The ramp offers 1·t + t²/10 in its first t seconds: 3 units after 2.4 s... at t where t + t²/10 = 3.
        double t = p.timeOf(13) - 10;
        assertThat(t + t * t / 10).isCloseTo(3, within(1e-9));
        assertThat(p.timeOf(29.999)).isLessThan(20);
        assertThat(p.timeOf(30)).isInfinite();
    }

    @Test
    void shouldRampFromZero() {
        LoadProfile p = LoadProfile.parse("0x->2x:10s");

        // 0.1·t² units after t seconds.
        assertThat(p.timeOf(2.5)).isCloseTo(5, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | the load profile is empty",
        "0.5x:30s,           | segment '' is not RATE:DURATION",
        "0.5x                | segment '0.5x' is not RATE:DURATION",
        "0.5:30s             | segment '0.5:30s': '0.5' is not a multiple of the dense capacity such as 0.5x",
        "fast:30s            | segment 'fast:30s': 'fast' is not a multiple",
        "0.5x:30             | segment '0.5x:30': '30' is not a duration such as 500ms, 30s or 2m",
        "0.5x:0s             | segment '0.5x:0s': a segment must last more than 0 s",
        "0.5x->x:10s         | segment '0.5x->x:10s': 'x' is not a multiple",
        "0x:10s              | the load profile offers no frames",
        "1x:61m              | the load profile lasts 3660 s; at most 3600 s is accepted",
    })
    void shouldRefuseMistakesWithOneLine(String text, String message) {
        assertThatThrownBy(() -> LoadProfile.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldTurnMistakesIntoUsageErrors() {
        assertThatThrownBy(() -> new CommandLine(new RhoBench()).parseArgs("--load-profile", "0.5x:30s,2x"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--load-profile")
                .hasMessageContaining("segment '2x' is not RATE:DURATION");
    }

    @Test
    void shouldAcceptAProfileOnTheCommandLine() {
        RhoBench bench = new RhoBench();
        new CommandLine(bench).parseArgs("--load-profile", "0.5x:10s,1.2x:10s", "--runs", "ceiling,floor");

        assertThat(bench.loadProfile).isEqualTo(LoadProfile.parse("0.5x:10s,1.2x:10s"));
        assertThat(bench.runs).containsExactly(RhoBench.Run.ceiling, RhoBench.Run.floor);
    }

    @Test
    void shouldSizeTheDefaultProfileFromTheFloorSpeedup() {
        LoadProfile p = LoadProfile.standard(1.6);

        assertThat(p.toString()).isEqualTo("0.5x:30s,1.3x:50s,2x:30s,0.5x:30s");
        assertThat(p.totalSeconds()).isLessThan(180);
        // The second phase lies between the dense capacity and the floor's; the third beyond the floor's.
        assertThat(p.segments().get(1).from()).isGreaterThan(1).isLessThan(1.6);
        assertThat(p.segments().get(2).from()).isGreaterThan(1.6);
    }

    @Test
    void shouldStillOverloadWhenTheFloorBuysNothing() {
        LoadProfile p = LoadProfile.standard(0.9);

        assertThat(p.segments().get(1).from()).isGreaterThan(1);
        assertThat(p.segments().get(2).from()).isGreaterThan(p.segments().get(1).from());
    }
}
