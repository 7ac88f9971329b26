package io.glimpse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * One Kafka broker and one schema registry, started together on free loopback ports and stopped
 * together: what an integration test, the demo or a developer's shell needs to run Glimpse. Both start
 * at once (the registry is a separate process), which halves the wait.
 *
 * <p>With {@link KafkaMode#PROCESS} the broker's log and the registry's schemas live under the data
 * directory and survive restarts — records on disk carry schema ids, so the two must persist together.
 * With {@link KafkaMode#EMBEDDED} both are throwaway.
 */
public final class LocalServers implements AutoCloseable {

    /** How the broker runs. */
    public enum KafkaMode {
        /** Kafka's test kit inside this JVM: fastest to start; for tests. */
        EMBEDDED,
        /** {@code kafka.Kafka} as a child process: persistent, killable; for the demo and crash tests. */
        PROCESS
    }

    private final KafkaServer kafka;
    private final RegistryServer registry;
    private final Path dataDir;
    private final boolean deleteDataDir;

    private LocalServers(KafkaServer kafka, RegistryServer registry, Path dataDir, boolean deleteDataDir) {
        this.kafka = kafka;
        this.registry = registry;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry's Confluent-compatible base URL. */
    public String registryUrl() {
        return registry.url();
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public RegistryServer registry() {
        return registry;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable server : new AutoCloseable[] {registry, kafka}) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (deleteDataDir) {
            deleteRecursively(dataDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Configures a {@link LocalServers} pair; every setting is optional. */
    public static final class Builder {

        private KafkaMode kafkaMode = KafkaMode.EMBEDDED;
        private int kafkaPort;
        private int registryPort;
        private Path dataDir;

        private Builder() {}

        public Builder optKafkaMode(KafkaMode kafkaMode) {
            this.kafkaMode = Objects.requireNonNull(kafkaMode, "kafkaMode");
            return this;
        }

        /** The broker's client port ({@link KafkaMode#PROCESS} only); 0 picks a free one. */
        public Builder optKafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
            return this;
        }

        /** The registry's HTTP port; 0 picks a free one. */
        public Builder optRegistryPort(int registryPort) {
            this.registryPort = registryPort;
            return this;
        }

        /** Where logs and (in process mode) data go; a temporary directory, deleted on close, by default. */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Starts both servers and returns once both answer; on failure nothing is left running. */
        public LocalServers start() throws Exception {
            if (kafkaPort != 0 && kafkaMode != KafkaMode.PROCESS) {
                throw new IllegalStateException("a Kafka port can only be chosen in PROCESS mode");
            }
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("glimpse-servers") : dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            RegistryServer.Builder registryBuilder = RegistryServer.builder()
                    .optPort(registryPort)
                    .optLogFile(dir.resolve("registry.log"));
            if (kafkaMode == KafkaMode.PROCESS) {
                registryBuilder.optStorageDir(dir.resolve("registry"));
            }
            RegistryServer registry = registryBuilder.build();
            CompletableFuture<RegistryServer> registryStarted = CompletableFuture.supplyAsync(() -> {
                try {
                    return registry.start();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            KafkaServer kafka = null;
            try {
                kafka = kafkaMode == KafkaMode.EMBEDDED
                        ? EmbeddedKafka.start(Map.of())
                        : KafkaBrokerProcess.builder().setDataDir(dir.resolve("kafka")).optPort(kafkaPort).build().start();
                registryStarted.join();
                return new LocalServers(kafka, registry, dir, temporary);
            } catch (Exception e) {
                registryStarted.handle((started, error) -> null).join();
                registry.close();
                if (kafka != null) {
                    kafka.close();
                }
                throw e instanceof CompletionException && e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
