package io.glimpse.demo;

import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ManifestSigner;
import io.glimpse.schemas.weights.ModelPackage;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.SigningKeys;
import io.glimpse.schemas.weights.WeightsChunker;
import io.glimpse.schemas.weights.WeightsPublisher;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's hot-swap: while the cameras run, a model is published to the models topic the way the
 * trainer publishes it (chunked, hashed, signed in one transaction), and the running instance verifies
 * and swaps to it without losing a frame. The signing key is made for the run; the instance trusts
 * only it.
 */
public final class ModelSwap implements AutoCloseable {

    private final ModelPackage next;
    private final Duration after;
    private final KeyPair keys = SigningKeys.generate();
    private final Path publicKey;
    private final String topic;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "glimpse-demo-swap");
        t.setDaemon(true);
        return t;
    });
    private volatile long publishedAtMillis = -1;
    private volatile String failure;

    /**
     * Prepares a swap.
     *
     * @param next the model to publish
     * @param after how long after the cameras start
     * @param scratch where to write the run's public key
     * @param topic the models topic
     * @throws IOException if the key cannot be written
     */
    public ModelSwap(ModelPackage next, Duration after, Path scratch, String topic) throws IOException {
        this.next = next;
        this.after = after;
        this.topic = topic;
        this.publicKey = scratch.resolve("demo-signing.pub");
        SigningKeys.writePublicKey(publicKey, keys.getPublic());
    }

    /**
     * Points an instance at the models topic with the run's key trusted.
     *
     * @param glimpse the instance's settings
     */
    void configure(LocalGlimpse.Builder glimpse) {
        glimpse.optProperty(GlimpseConfig.MODELS_TOPIC_CONFIG, topic)
                .optProperty(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG, topic + ".status")
                .optProperty(GlimpseConfig.MODEL_TRUSTED_KEYS_CONFIG, publicKey.toString())
                .optProperty(GlimpseConfig.INSTANCE_ID_CONFIG, "demo");
    }

    /** Schedules the publication. */
    void start(String bootstrapServers, String registryUrl) {
        timer.schedule(() -> publish(bootstrapServers, registryUrl), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish(String bootstrapServers, String registryUrl) {
        PublishedModel model = WeightsChunker.cut(next, WeightsChunker.DEFAULT_CHUNK_SIZE, Instant.now());
        PublishedModel signed = model.withManifest(new ManifestSigner(keys).sign(model.manifest()));
        try (WeightsPublisher publisher = WeightsPublisher.builder()
                .setProducerProperties(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))
                .optSerdeConfig(AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false))
                .optTopic(topic)
                .optTransactionalId("glimpse-demo-publisher")
                .build()) {
            publisher.publish(signed);
            publishedAtMillis = System.currentTimeMillis();
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
    }

    /**
     * Describes where the swap stands, for the console.
     *
     * @param startMillis when the cameras started
     * @return one line
     */
    public String describe(long startMillis) {
        if (failure != null) {
            return "publishing " + next.getVersion() + " failed: " + failure;
        }
        if (publishedAtMillis < 0) {
            long left = Math.max(0, startMillis + after.toMillis() - System.currentTimeMillis()) / 1000;
            return "publishes " + next.getVersion() + " to " + topic + " in " + left + " s";
        }
        return "published " + next.getVersion() + " to " + topic + " at " + (publishedAtMillis - startMillis) / 1000
                + " s (signed; the instance verifies it, then swaps between batches)";
    }

    public String version() {
        return next.getVersion();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
