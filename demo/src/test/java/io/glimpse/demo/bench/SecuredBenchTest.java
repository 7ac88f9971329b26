package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.demo.DemoModel;
import io.glimpse.demo.ModelFiles;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.deploy.secure.BasicAuthProxy;
import io.glimpse.deploy.secure.GlimpseAcls;
import io.glimpse.deploy.secure.SecuredKafka;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.streams.GlimpseConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code glimpse demo bench --cluster-config} against a broker that requires SASL_SSL (SCRAM) and ACLs and
 * a registry behind basic authentication: every client the bench makes (topic admin, camera producers,
 * result readers, the Glimpse instances) goes through the secured listener with the bench user's
 * credentials and prefixed ACLs only, and every frame is answered.
 */
@ExtendWith(GlimpseServersExtension.class)
class SecuredBenchTest {

    private static final String PASSWORD = "bench-Secret-9d21";
    private static final String REGISTRY_PASSWORD = "registry-Secret-3b7e";
    private static final DynamicVitConfig TINY = DynamicVitConfig.builder()
            .setImageSize(64).setPatchSize(16).setEmbeddingSize(32).setDepth(2).setHeadCount(2).setClassCount(10)
            .optPruneAt(1).build();

    @Test
    @Timeout(240)
    void shouldMeasureThroughTheSecuredListenerWithTheBenchUsersCredentials(LocalServers servers, @TempDir Path dir)
            throws Exception {
        ModelFiles model = DemoModel.random(TINY, dir, 5);
        try (SecuredKafka kafka = SecuredKafka.start(dir.resolve("kafka"));
                BasicAuthProxy registry = BasicAuthProxy.start(servers.registryUrl(), "bench", REGISTRY_PASSWORD)) {
            kafka.createUser("bench", PASSWORD);
            kafka.grant(GlimpseAcls.bench("User:bench", PipelineBench.TOPIC_PREFIX, PipelineBench.APPLICATION_ID_PREFIX));
            Map<String, Object> client = new HashMap<>(kafka.clientProperties("bench", PASSWORD));
            client.put("schema.registry.basic.auth.user.info", "bench:" + REGISTRY_PASSWORD);
            try (PipelineBench bench = new PipelineBench(
                    new PipelineBench.Settings(kafka.bootstrapServers(), registry.url(), model, 64, 0.7, 8, 1, 4, 2, 32,
                            Map.of(GlimpseConfig.MODELS_TOPIC_CONFIG, "", GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG, ""), client),
                    line -> { })) {

                ThroughputResult throughput = bench.throughput(64, 0, 1, 0.2, List.of(Map.of())).get(0);
                LatencyResult latency = bench.latency(0.3, throughput.pipelineMedian(), Duration.ofSeconds(1), Duration.ofSeconds(3), Map.of());

                assertThat(throughput.pipelineRates()).hasSize(1).allSatisfy(r -> assertThat(r).isPositive());
                assertThat(latency.frames()).isPositive();
                assertThat(latency.results()).isEqualTo(latency.frames());
                assertThat(latency.deadLetters()).isZero();
                assertThat(registry.refused()).as("registry calls refused by the basic-auth gateway").isZero();
            }
        }
    }
}
