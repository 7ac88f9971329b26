package io.glimpse.demo;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** A short demo run on the real broker and registry, with a tiny random model. */
@ExtendWith(GlimpseServersExtension.class)
class DemoTest {

    @Test
    @Timeout(90)
    void shouldGiveEveryFrameExactlyOneResultAndStopCleanly(LocalServers servers, @TempDir Path dir) throws Exception {
        ModelFiles model = TinyModel.write(dir);
        DemoSummary summary;
        try (Demo demo = Demo.builder()
                .setServers(servers.bootstrapServers(), servers.registryUrl())
                .setModel(model, 64)
                .optTopics(DemoTopics.withPrefix(uniqueName("demo")))
                .optApplicationId(uniqueName("demo-app"))
                .optPartitions(2)
                .optCameras(2)
                .optFramesPerSecond(10)
                .optBatchSize(4)
                .build()) {
            demo.start();
            Thread.sleep(3000);
            StatsSnapshot live = demo.snapshot();
            assertThat(live.results()).as("results while running").isPositive();
            summary = demo.stop(Duration.ofSeconds(30));
        }

        assertThat(summary.acknowledged()).isEqualTo(summary.sent()).isGreaterThanOrEqualTo(40);
        assertThat(summary.stats().results()).isEqualTo(summary.acknowledged());
        assertThat(summary.stats().unmatched()).isZero();
        assertThat(summary.stats().deadLetters()).isZero();
        assertThat(summary.unanswered()).isZero();
        assertThat(summary.exactlyOneResultPerFrame()).isTrue();
        assertThat(summary.stats().judged()).isEqualTo(summary.stats().results());
        assertThat(summary.stats().cameras()).extracting(CameraStatus::streamId).containsExactly("cam-1", "cam-2");
        assertThat(summary.stats().cameras()).allSatisfy(c -> {
            assertThat(c.keepRatio()).isEqualTo(0.7f);
            assertThat(c.keptPercent()).isBetween(0.0, 100.0);
            assertThat(c.label()).isNotEmpty();
        });
        assertThat(summary.stats().p99Millis()).isGreaterThanOrEqualTo(summary.stats().p50Millis()).isNotNegative();
        assertThat(summary.format()).contains("exactly one result per frame: yes");
    }
}
