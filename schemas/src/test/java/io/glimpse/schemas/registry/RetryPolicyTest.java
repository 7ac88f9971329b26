package io.glimpse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void shouldDoubleTheBackoffFromTheInitialUpToTheCap() {
        RetryPolicy policy = RetryPolicy.builder().optInitialBackoff(Duration.ofMillis(100))
                .optMaxBackoff(Duration.ofMillis(1000)).optJitter(0).build();

        assertThat(IntStream.of(1, 2, 3, 4, 5, 6, 40).mapToObj(attempt -> policy.backoff(attempt, fixed(0.9))))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000));
    }

    @Test
    void shouldTakeUpToTheJitterFractionOffEachBackoff() {
        RetryPolicy policy = RetryPolicy.builder().optInitialBackoff(Duration.ofMillis(100))
                .optMaxBackoff(Duration.ofMillis(1000)).optJitter(0.5).build();

        assertThat(policy.backoff(3, fixed(0.0))).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(3, fixed(0.5))).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.backoff(3, fixed(0.999_999))).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(9, fixed(0.5))).as("jitter applies below the cap too").isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void shouldSpreadClientsThatFailedTogether() {
        RetryPolicy policy = RetryPolicy.defaults();
        SplittableRandom random = new SplittableRandom(42);
        Set<Duration> seen = new HashSet<>();

        for (int client = 0; client < 50; client++) {
            Duration backoff = policy.backoff(4, random);
            assertThat(backoff).isBetween(policy.backoff(4).dividedBy(2), policy.backoff(4));
            seen.add(backoff);
        }

        assertThat(seen).hasSizeGreaterThan(25);
    }

    @Test
    void shouldKeepTheDefaultBudgetWellUnderTheTransactionTimeoutOfKafkaStreamsExactlyOnce() {
        RetryPolicy defaults = RetryPolicy.defaults();

        // Kafka Streams sets transaction.timeout.ms to 10 s under exactly_once_v2 (StreamsConfig).
        assertThat(defaults.maxWait()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.failureThreshold()).isEqualTo(5);
        assertThat(defaults.openInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> RetryPolicy.builder().optJitter(1.5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().optJitter(-0.1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().optMaxWait(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().optFailureThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().optOpenInterval(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A generator whose every {@code nextDouble()} is {@code value}. */
    static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nextDouble");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
