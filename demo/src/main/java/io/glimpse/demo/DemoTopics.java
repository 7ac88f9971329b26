package io.glimpse.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

/**
 * The three topics a Glimpse instance talks to, named from one prefix so runs on a shared broker
 * (tests, benchmark rounds) do not meet.
 *
 * @param frames the VideoFrame input topic
 * @param results the FrameResult output topic
 * @param deadLetters the dead-letter topic
 */
public record DemoTopics(String frames, String results, String deadLetters) {

    /** Checks every name is present. */
    public DemoTopics {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * Names the topics {@code <prefix>.frames}, {@code <prefix>.results} and {@code <prefix>.frames.dlq}
     * ({@code glimpse} gives the application's defaults).
     *
     * @param prefix the common prefix
     * @return the names
     */
    public static DemoTopics withPrefix(String prefix) {
        return new DemoTopics(prefix + ".frames", prefix + ".results", prefix + ".frames.dlq");
    }

    /**
     * Creates the topics (replication 1, for a single local broker); existing ones are kept.
     *
     * @param bootstrapServers the broker
     * @param partitions partitions of the frames and results topics; the dead-letter topic gets one
     * @throws InterruptedException if interrupted while waiting for the broker
     * @throws ExecutionException if the broker refuses
     */
    public void create(String bootstrapServers, int partitions) throws InterruptedException, ExecutionException {
        create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), partitions);
    }

    /**
     * Creates the topics through an admin client with these settings (a secured cluster's included);
     * replication 1, existing topics kept.
     *
     * @param adminProperties {@code bootstrap.servers} and any security settings; other keys are ignored
     * @param partitions partitions of the frames and results topics; the dead-letter topic gets one
     * @throws InterruptedException if interrupted while waiting for the broker
     * @throws ExecutionException if the broker refuses
     */
    public void create(Map<String, Object> adminProperties, int partitions) throws InterruptedException, ExecutionException {
        Map<String, Object> settings = new HashMap<>();
        adminProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                settings.put(k, v);
            }
        });
        try (Admin admin = Admin.create(settings)) {
            for (NewTopic topic : List.of(
                    new NewTopic(frames, partitions, (short) 1),
                    new NewTopic(results, partitions, (short) 1),
                    new NewTopic(deadLetters, 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
