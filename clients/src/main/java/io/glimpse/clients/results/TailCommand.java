package io.glimpse.clients.results;

import io.glimpse.cli.DurationConverter;
import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.clients.ConnectionOptions;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.serde.AvroSerde;
import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code glimpse results tail}: prints results as they are committed, as JSON lines or a table. It
 * assigns every partition itself instead of joining a consumer group, so it commits nothing and never
 * rebalances the app or another reader; {@code read_committed}, so an aborted transaction's results
 * never show. Order is per stream (one partition each), not across streams.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print results as JSON lines (default) or a table, from the end of the topic or its beginning.")
final class TailCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { json, table }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConnectionOptions connection;

    @Option(names = "--topic", defaultValue = "glimpse.results", description = "Results topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--format", defaultValue = "json", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--from-beginning", description = "Start at the oldest result kept, not at the end.")
    boolean fromBeginning;

    @Option(names = "--stream-id", paramLabel = "ID", description = "Only this stream's results.")
    String streamId;

    @Option(names = "--max", paramLabel = "N", description = "Exit after N results.")
    Long max;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Exit when no result has arrived for this long (e.g. 30s), counted once the topic exists;"
                    + " with --max, exit 1 if fewer than N arrived.")
    Duration idleTimeout;

    @Option(names = "--kept-ids", description = "JSON: include each stage's kept patch ids, not only their count.")
    boolean keptIds;

    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, not " + max);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout must be positive, not " + idleTimeout);
        }
        Map<String, Object> props = connection.clientProperties();
        try {
            return tail(props);
        } catch (Exception e) {
            throw ConnectionOptions.explained(e, props);
        }
    }

    private Integer tail(Map<String, Object> props) throws Exception {
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "glimpse-results-tail");
        Deserializer<FrameResult> results = AvroSerde.specific(FrameResult.class,
                AvroSerdeConfig.fromProperties(props, false)).deserializer();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long limit = max == null ? Long.MAX_VALUE : max;
        long printed = 0;
        long skipped = 0;
        long idleNanos = idleTimeout == null ? Long.MAX_VALUE : idleTimeout.toNanos();
        long lastResult = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                stopping = true;
                consumer.wakeup();
                try {
                    main.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "glimpse-results-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                assign(consumer, err);
                lastResult = System.nanoTime();
                if (format == Format.table) {
                    out.println(ResultTable.header());
                    out.flush();
                }
                while (printed < limit && !stopping) {
                    if (System.nanoTime() - lastResult >= idleNanos) {
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        FrameResult r;
                        try {
                            r = results.deserialize(record.topic(), record.headers(), record.value());
                        } catch (RuntimeException e) {
                            if (skipped++ == 0) {
                                err.println("skipping a record that is not a readable FrameResult (partition "
                                        + record.partition() + ", offset " + record.offset() + "): " + e.getMessage());
                                err.flush();
                            }
                            continue;
                        }
                        if (streamId != null && !streamId.contentEquals(r.getStreamId())) {
                            continue;
                        }
                        out.println(format == Format.table ? ResultTable.row(r) : ResultJson.line(r, keptIds));
                        lastResult = System.nanoTime();
                        if (++printed >= limit) {
                            break;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException e) {
                // Ctrl-C.
            } finally {
                out.flush();
                if (!stopping) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
        }
        if (max != null && printed < max && !stopping) {
            err.println("only " + printed + " of " + max + " results within the idle timeout of " + idleTimeout);
            return GlimpseCommandLine.FAILURE;
        }
        return 0;
    }

    /** Assigns all partitions of the topic, waiting for it to exist; then seeks to its end or beginning. */
    private void assign(KafkaConsumer<byte[], byte[]> consumer, PrintWriter err) throws InterruptedException {
        boolean told = false;
        while (!stopping) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                partitions.forEach(consumer::position);
                return;
            }
            if (!told) {
                err.println("waiting for topic " + topic + " to exist");
                err.flush();
                told = true;
            }
            Thread.sleep(1000);
        }
    }
}
