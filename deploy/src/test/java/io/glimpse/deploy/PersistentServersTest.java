package io.glimpse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process-mode pair, as `glimpse servers start` runs it: data survives a crash and a restart. */
class PersistentServersTest {

    private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Kept\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepRecordsAcrossABrokerCrashAndSchemasAcrossARestart() throws Exception {
        String registryUrl;
        int schemaId;
        String bootstrap;
        try (LocalServers servers = start()) {
            bootstrap = servers.bootstrapServers();
            registryUrl = servers.registryUrl();
            schemaId = registerSchema(registryUrl);
            produce(bootstrap, "kept", "before-crash");

            KafkaBrokerProcess broker = (KafkaBrokerProcess) servers.kafka();
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            produce(bootstrap, "kept", "after-crash");
            assertThat(readAll(bootstrap, "kept", 2)).containsExactly("before-crash", "after-crash");
            assertThat(Files.readString(broker.log()))
                    .as("the broker's own configuration: its INFO lines, no Logback complaint")
                    .contains("INFO", "Kafka Server started")
                    .doesNotContain("ch.qos.logback");
        }
        try (LocalServers restarted = start()) {
            assertThat(restarted.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(readAll(restarted.bootstrapServers(), "kept", 2)).containsExactly("before-crash", "after-crash");
            HttpResponse<String> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(restarted.registryUrl() + "/schemas/ids/" + schemaId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(schema.statusCode()).isEqualTo(200);
            assertThat(schema.body()).contains("Kept");
        }
    }

    private LocalServers start() throws Exception {
        return LocalServers.builder().optKafkaMode(LocalServers.KafkaMode.PROCESS).optDataDir(dataDir).start();
    }

    private static int registerSchema(String registryUrl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registryUrl + "/subjects/kept-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Integer.parseInt(response.body().replaceAll("\\D", ""));
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static List<String> readAll(String bootstrap, String topic, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
