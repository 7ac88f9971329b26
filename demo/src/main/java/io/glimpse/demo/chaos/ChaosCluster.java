package io.glimpse.demo.chaos;

import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.FrameProducer;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.SimulatedCameras;
import io.glimpse.deploy.FreePorts;
import io.glimpse.deploy.KafkaBrokerProcess;
import io.glimpse.deploy.RegistryServer;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ModelsTopic;
import io.glimpse.streams.GlimpseConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a chaos run breaks, each as its own process: a KRaft broker, the schema registry (its
 * schemas in a file database, so an outage does not lose ids), and Glimpse instances on one
 * application id, each with its own state directory, all under one working directory.
 */
public final class ChaosCluster implements AutoCloseable {

    /** The application id the instances share. */
    public static final String APPLICATION_ID = "glimpse-chaos";

    private final ChaosSettings settings;
    private final DemoTopics topics = DemoTopics.withPrefix("chaos");
    private final KafkaBrokerProcess broker;
    private final RegistryServer registry;
    private final List<AppInstance> instances = new ArrayList<>();

    private ChaosCluster(ChaosSettings settings) throws IOException {
        this.settings = settings;
        this.broker = KafkaBrokerProcess.builder().setDataDir(settings.dir().resolve("broker")).build();
        this.registry = RegistryServer.builder()
                .optStorageDir(settings.dir().resolve("registry"))
                .optLogFile(settings.dir().resolve("registry.log"))
                .build();
    }

    /**
     * Starts the broker and the registry, creates the topics and starts the instances, returning once
     * every instance is ready.
     *
     * @param settings the run's settings
     * @param progress where progress lines go
     * @return the running cluster
     * @throws Exception if something does not start
     */
    public static ChaosCluster start(ChaosSettings settings, java.util.function.Consumer<String> progress) throws Exception {
        ChaosCluster cluster = new ChaosCluster(settings);
        try {
            progress.accept("starting the broker and the registry (processes) ...");
            cluster.broker.start();
            cluster.registry.start();
            cluster.createTopics();
            for (int i = 0; i < settings.instances(); i++) {
                cluster.instances.add(cluster.newInstance(i));
            }
            progress.accept("starting " + settings.instances() + " Glimpse instances (processes) ...");
            for (AppInstance instance : cluster.instances) {
                instance.start();
            }
            for (AppInstance instance : cluster.instances) {
                instance.awaitReady(Duration.ofMinutes(3));
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void createTopics() throws Exception {
        topics.create(broker.bootstrapServers(), settings.partitions());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(ModelsTopic.newTopic(ModelsTopic.DEFAULT_NAME),
                    new NewTopic("glimpse.models.status", 1, (short) 1))).all().get();
        }
    }

    private AppInstance newInstance(int index) throws IOException {
        String name = "instance-" + (index + 1);
        int metricsPort = FreePorts.pick();
        ModelFiles model = settings.model();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.dir().resolve("state").resolve(name).toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(settings.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(settings.sessionTimeout().toMillis() / 4));
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        p.put(GlimpseConfig.INPUT_TOPIC_CONFIG, topics.frames());
        p.put(GlimpseConfig.OUTPUT_TOPIC_CONFIG, topics.results());
        p.put(GlimpseConfig.DLQ_TOPIC_CONFIG, topics.deadLetters());
        p.put(GlimpseConfig.MODEL_CONFIG_CONFIG, model.config().toString());
        p.put(GlimpseConfig.MODEL_WEIGHTS_CONFIG, model.weights().toString());
        p.put(GlimpseConfig.MODEL_LABELS_CONFIG, model.labels().toString());
        p.put(GlimpseConfig.MODEL_VERSION_CONFIG, model.version());
        p.put(GlimpseConfig.MODEL_ALLOW_UNSIGNED_CONFIG, "false");
        p.put(GlimpseConfig.KEEP_RATIO_CONFIG, "0.7");
        p.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "16");
        p.put(GlimpseConfig.WORKERS_CONFIG, "1");
        p.put(GlimpseConfig.ENGINE_THREADS_CONFIG, "1");
        p.put(GlimpseConfig.FRAME_MAX_BYTES_CONFIG, Integer.toString(settings.frameMaxBytes()));
        p.put(GlimpseConfig.METRICS_PORT_CONFIG, Integer.toString(metricsPort));
        p.put(GlimpseConfig.INSTANCE_ID_CONFIG, name);
        settings.properties().forEach(p::put);
        return new AppInstance(name, p, metricsPort, settings.heap(), settings.dir().resolve("instances"));
    }

    /**
     * A camera feed onto this cluster's frames topic: {@code cameras} simulated cameras of the model's
     * input size, each at {@code perCamera} frames per second when paced.
     *
     * @param imageSize the model's input side
     * @param perCamera frames per second per camera
     * @return the producer, not started
     */
    public FrameProducer cameras(int imageSize, double perCamera) {
        return FrameProducer.builder()
                .setBootstrapServers(broker.bootstrapServers())
                .setRegistryUrl(registry.url())
                .setTopic(topics.frames())
                .setCameras(SimulatedCameras.builder().optCameras(settings.cameras()).optImageSize(imageSize).build())
                .optFramesPerSecond(perCamera)
                .build();
    }

    public KafkaBrokerProcess broker() {
        return broker;
    }

    public RegistryServer registry() {
        return registry;
    }

    public List<AppInstance> instances() {
        return List.copyOf(instances);
    }

    public DemoTopics topics() {
        return topics;
    }

    /** Stops the instances, then the registry and the broker. */
    @Override
    public void close() throws InterruptedException {
        for (AppInstance instance : instances) {
            instance.close();
        }
        registry.close();
        broker.close();
    }
}
