package io.glimpse.streams;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.Precision;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ModelPackage;
import io.glimpse.schemas.weights.ModelRecordDeserializer;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.TrustedKeys;
import io.glimpse.schemas.weights.WeightsChunker;
import io.glimpse.schemas.weights.WeightsPublisher;
import io.glimpse.streams.inference.DynamicVitClassifier;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.inference.ServedModel;
import io.glimpse.streams.models.CanaryFrames;
import io.glimpse.streams.models.ModelFollower;
import io.glimpse.streams.models.ModelMetrics;
import io.glimpse.streams.models.ModelVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A DeiT-S-sized DynamicViT (22 M parameters, 88 MB of weights) goes over the real broker in chunks
 * under the default 1 MB message limit, and a follower verifies and swaps to it: the large case is
 * the one that breaks message limits and memory, not the 3 MB shipped model.
 */
@ExtendWith(GlimpseServersExtension.class)
class LargeModelSwapTest {

    @Test
    void aDeitSmallSizedModelIsPublishedVerifiedAndSwappedIn(LocalServers servers) throws Exception {
        DynamicVitConfig deitS = DynamicVitConfig.preset("deit-s");
        String topic = uniqueName("models-large");
        AvroSerdeConfig serde =
                AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl()), false);
        long start = System.nanoTime();
        byte[] weights = Publications.weights(deitS, 2);
        PublishedModel published = WeightsChunker.cut(ModelPackage.builder()
                .setVersion("deit-s-v2")
                .setArchitecture("dynamicvit")
                .setConfigJson(deitS.toJson().toString())
                .setWeights(weights)
                .optClassLabels(IntStream.range(0, 1000).mapToObj(i -> "class " + i).toList())
                .build(), WeightsChunker.DEFAULT_CHUNK_SIZE, Instant.now());
        long prepared = System.nanoTime();

        ModelVerifier verifier = ModelVerifier.builder()
                .optTrustedKeys(TrustedKeys.none())
                .optAllowUnsigned(true)
                .setServing(new ModelInput(224, 224, 16), 1000)
                .setCanary(CanaryFrames.shipped())
                .optMinCanaryAccuracy(0) // random weights: the canary checks finite outputs only
                .optKeepRatio(0.7)
                .setPrecision(Precision.FP32)
                .build();
        ModelManifest manifest = published.manifest();
        try (DynamicVitClassifier classifier = new DynamicVitClassifier(new ServedModel(
                        DynamicVit.initialize(deitS, 1), "deit-s-v1", Collections.nCopies(1000, "c"), Precision.FP32), 16);
                WeightsPublisher publisher = Publications.publisher(servers.bootstrapServers(), servers.registryUrl(), topic);
                ModelFollower follower = new ModelFollower(consumer(servers, serde), topic, verifier, "", null,
                        new ModelMetrics(new SimpleMeterRegistry()))) {
            publisher.publish(published);
            long sent = System.nanoTime();
            follower.follow(classifier);
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (!classifier.modelVersion().equals("deit-s-v2") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long swapped = System.nanoTime();
            assertThat(classifier.modelVersion()).isEqualTo("deit-s-v2");
            assertThat(manifest.getTotalSize()).isGreaterThan(85_000_000L);
            assertThat(manifest.getChunkCount()).isGreaterThan(160);
            System.out.printf("DeiT-S-sized model, %.1f MB in %d chunks: prepared %.1f s, published %.1f s,"
                    + " assembled, verified, loaded, canary and swapped %.1f s%n",
                    manifest.getTotalSize() / 1e6, manifest.getChunkCount(), (prepared - start) / 1e9,
                    (sent - prepared) / 1e9, (swapped - sent) / 1e9);
        }
    }

    private static KafkaConsumer<String, org.apache.avro.specific.SpecificRecord> consumer(
            LocalServers servers, AvroSerdeConfig serde) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ModelRecordDeserializer(serde));
    }
}
