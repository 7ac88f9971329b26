package io.glimpse.clients.view;

import static io.glimpse.clients.view.Records.frame;
import static io.glimpse.clients.view.Records.result;
import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The view on the real broker and registry: records produced to the three topics reach the page. */
@ExtendWith(GlimpseServersExtension.class)
class LiveViewTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(60)
    void shouldServeJoinedResultsPicturesAndDeadLettersFromTheTopics(LocalServers servers) throws Exception {
        String prefix = uniqueName("view");
        ViewTopics topics = new ViewTopics(prefix + ".frames", prefix + ".results", prefix + ".frames.dlq");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", servers.bootstrapServers()))) {
            admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 2, (short) 1)).toList()).all().get();
        }
        try (LiveView view = LiveView.builder().setServers(servers.bootstrapServers(), servers.registryUrl())
                .optTopics(topics).optPort(0).start()) {
            assertThat(view.awaitReading(Duration.ofSeconds(20))).isTrue();
            assertThat(view.url()).startsWith("http://127.0.0.1:");

            Map<String, Object> props = Map.of("bootstrap.servers", servers.bootstrapServers(),
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, servers.registryUrl());
            AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(props, false);
            Serializer<VideoFrame> frames = AvroSerde.specific(VideoFrame.class, serde).serializer();
            Serializer<FrameResult> results = AvroSerde.specific(FrameResult.class, serde).serializer();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (String cam : List.of("cam-1", "cam-2")) {
                    byte[] key = cam.getBytes(StandardCharsets.UTF_8);
                    for (long s = 0; s < 3; s++) {
                        producer.send(new ProducerRecord<>(topics.frames(), key, frames.serialize(topics.frames(), frame(cam, s))));
                        producer.send(new ProducerRecord<>(topics.results(), key, results.serialize(topics.results(), result(cam, s))));
                    }
                }
                ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topics.deadLetters(), new byte[] {1}, new byte[] {0, 1});
                dead.headers().add(TopicReader.REASON_HEADER, "CORRUPT_IMAGE".getBytes(StandardCharsets.UTF_8));
                producer.send(dead);
                producer.flush();
            }

            JsonNode state = awaitState(view, s -> s.path("totals").path("results").asLong() == 6
                    && s.path("totals").path("deadLetters").asLong() == 1);
            assertThat(state.path("cameras")).hasSize(2);
            assertThat(state.path("cameras").get(0).path("sequence").asLong()).isEqualTo(2);
            assertThat(state.path("cameras").get(0).path("hasImage").asBoolean()).isTrue();

            HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(view.url() + "frame/cam-1")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(png.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

            HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(view.url() + "events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !line.startsWith("data: ")) {
                    // retry: and blank lines
                }
                assertThat(line).isNotNull();
                assertThat(new ObjectMapper().readTree(line.substring(6)).path("cameras")).hasSize(2);
            }

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(view.url() + "state"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("read-only").isEqualTo(405);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(view.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("/view.js");
        }
    }

    private JsonNode awaitState(LiveView view, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode state;
        do {
            Thread.sleep(100);
            String body = http.send(HttpRequest.newBuilder(URI.create(view.url() + "state")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            state = new ObjectMapper().readTree(body);
        } while (!done.test(state) && System.nanoTime() < deadline);
        assertThat(done.test(state)).as("state %s", state).isTrue();
        return state;
    }
}
