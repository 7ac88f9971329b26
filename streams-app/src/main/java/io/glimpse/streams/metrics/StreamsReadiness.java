package io.glimpse.streams.metrics;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ready when Kafka Streams is {@code RUNNING} and a model is loaded: only then are frames read and
 * answered. While rebalancing (also after a peer joins or leaves) an instance answers nothing, so it
 * is not ready either, and a rolling update waits for the group to settle before taking the next pod.
 */
public final class StreamsReadiness implements Readiness {

    private final Supplier<KafkaStreams.State> state;
    private final Supplier<String> modelVersion;

    /**
     * Creates the check.
     *
     * @param state the Kafka Streams state now ({@code streams::state})
     * @param modelVersion the version of the model serving now, null or blank while none is loaded
     */
    public StreamsReadiness(Supplier<KafkaStreams.State> state, Supplier<String> modelVersion) {
        this.state = state;
        this.modelVersion = modelVersion;
    }

    /** {@inheritDoc} */
    @Override
    public Optional<String> notReadyReason() {
        String version = modelVersion.get();
        if (version == null || version.isBlank()) {
            return Optional.of("no model loaded");
        }
        KafkaStreams.State now = state.get();
        if (now != KafkaStreams.State.RUNNING) {
            return Optional.of("Kafka Streams is " + now + ", not RUNNING");
        }
        return Optional.empty();
    }
}
