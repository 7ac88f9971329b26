package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.deploy.KafkaBrokerProcess;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.avro.FrameResult;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The broker dies (SIGKILL) while frames are in flight and stays away longer than the app's
 * producer waits, then comes back: the stream tasks are corrupted and revived on the same processor
 * objects, and every frame still gets exactly one committed result, in order. Before the revived
 * tasks abandoned what their earlier life had in flight, this scenario committed 110 results for 80
 * frames.
 */
@ExtendWith(GlimpseServersExtension.class)
class BrokerOutageTest {

    private static final List<String> STREAMS = List.of("cam-1", "cam-2", "cam-3", "cam-4");
    private static final int ROUNDS = 20;

    @Test
    void shouldAnswerEveryFrameExactlyOnceWhenTheBrokerIsKilledMidStreamAndComesBack(
            LocalServers shared, @TempDir Path dir) throws Exception {
        KafkaBrokerProcess broker = KafkaBrokerProcess.builder().setDataDir(dir.resolve("broker")).build().start();
        try (StreamHarness harness = new StreamHarness(broker.bootstrapServers(), shared.registryUrl(), dir, 4)) {
            Properties props = harness.appProperties("outage");
            // A long batch wait keeps frames in flight when the broker dies; short producer timeouts
            // make the outage outlast them, so that the tasks' transactions fail and are revived.
            props.put(GlimpseConfig.BATCH_MAX_WAIT_MS_CONFIG, "1500");
            props.put(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "64");
            props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), "3000");
            props.put(StreamsConfig.producerPrefix(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), "3000");
            props.put(StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "10000");
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "10000");
            List<FrameResult> results = new ArrayList<>();
            try (GlimpseApp app = GlimpseApp.start(new GlimpseConfig(props))) {
                sendRounds(harness, 0, ROUNDS / 2);
                harness.readResultsUntil(results, () -> results.size() >= STREAMS.size() * 2, Duration.ofSeconds(60));

                sendRounds(harness, ROUNDS / 2, ROUNDS);
                Thread.sleep(300);
                broker.kill();
                Thread.sleep(15_000);
                broker.start();

                harness.readResultsUntil(results, () -> results.size() >= STREAMS.size() * ROUNDS, Duration.ofSeconds(120));
                harness.readResultsUntil(results, () -> false, Duration.ofSeconds(3));
            }
            EndToEndTest.assertExactlyOnePerFrame(results, STREAMS, ROUNDS);
            assertThat(harness.readDeadLetters(1, Duration.ofSeconds(1))).as("dead letters").isEmpty();
        } finally {
            broker.kill();
        }
    }

    private static void sendRounds(StreamHarness harness, int from, int to) {
        for (long seq = from; seq < to; seq++) {
            for (String stream : STREAMS) {
                harness.send(stream, seq);
            }
        }
        harness.flush();
    }
}
