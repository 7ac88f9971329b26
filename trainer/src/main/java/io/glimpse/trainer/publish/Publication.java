package io.glimpse.trainer.publish;

import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.weights.ManifestSigner;
import io.glimpse.schemas.weights.ModelPackage;
import io.glimpse.schemas.weights.ModelsTopic;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.WeightsChunker;
import io.glimpse.schemas.weights.WeightsPublisher;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes a model package the way every trainer command does: cut into chunks, signed when a key is
 * given, written to the models topic in one transaction; and says what was published in one line.
 */
public final class Publication {

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final int chunkSize;
    private final ManifestSigner signer;
    private final Clock clock;

    private Publication(Builder b) {
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.topic = b.topic;
        this.chunkSize = b.chunkSize;
        this.signer = b.signer;
        this.clock = b.clock;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether manifests are signed.
     *
     * @return true with a signer
     */
    public boolean isSigned() {
        return signer != null;
    }

    /**
     * Cuts, signs and publishes a package; returns once the transaction is committed.
     *
     * @param model the package
     * @return what was published
     */
    public PublishedModel publish(ModelPackage model) {
        PublishedModel cut = WeightsChunker.cut(model, chunkSize, clock.instant());
        PublishedModel published = signer == null ? cut : cut.withManifest(signer.sign(cut.manifest()));
        republish(published);
        return published;
    }

    /**
     * Publishes a model exactly as given (a rollback's), in one transaction.
     *
     * @param model chunks and manifest, published unchanged
     */
    public void republish(PublishedModel model) {
        try (WeightsPublisher publisher = WeightsPublisher.builder()
                .setProducerProperties(clientProperties)
                .optTopic(topic)
                .build()) {
            publisher.publish(model);
        }
    }

    /**
     * Describes a published model in one line: version, size, chunks, hash prefix, signer, topic.
     *
     * @param model the model
     * @return the line
     */
    public String describe(PublishedModel model) {
        ModelManifest m = model.manifest();
        return String.format(Locale.ROOT, "%s: %d bytes in %d chunks, sha256 %s..., %s, on %s", m.getVersion(),
                m.getTotalSize(), m.getChunkCount(), m.getSha256().substring(0, 12),
                m.getSignature() == null ? "unsigned" : "signed by key " + m.getSignature().getKeyId(), topic);
    }

    /** Configures a {@link Publication}; client properties are required. */
    public static final class Builder {

        private Map<String, Object> clientProperties;
        private String topic = ModelsTopic.DEFAULT_NAME;
        private int chunkSize = WeightsChunker.DEFAULT_CHUNK_SIZE;
        private ManifestSigner signer;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the Kafka and registry client properties.
         *
         * @param clientProperties {@code bootstrap.servers}, {@code schema.registry.url}, ...
         * @return this builder
         */
        public Builder setClientProperties(Map<String, ?> clientProperties) {
            this.clientProperties = new HashMap<>(clientProperties);
            return this;
        }

        /**
         * Sets the topic; {@value ModelsTopic#DEFAULT_NAME} by default.
         *
         * @param topic the models topic
         * @return this builder
         */
        public Builder optTopic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Sets the chunk size; {@value WeightsChunker#DEFAULT_CHUNK_SIZE} bytes by default.
         *
         * @param chunkSize bytes per chunk
         * @return this builder
         */
        public Builder optChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * Signs manifests with this signer; unsigned without.
         *
         * @param signer the signer, or null
         * @return this builder
         */
        public Builder optSigner(ManifestSigner signer) {
            this.signer = signer;
            return this;
        }

        /**
         * Sets the clock that dates manifests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the publication.
         *
         * @return the publication
         */
        public Publication build() {
            if (clientProperties == null) {
                throw new IllegalStateException("setClientProperties is required");
            }
            return new Publication(this);
        }
    }
}
