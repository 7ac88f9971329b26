package io.glimpse.streams.models;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.ModelStatusKind;
import io.glimpse.schemas.weights.AssembledModel;
import io.glimpse.schemas.weights.ModelAssembler;
import io.glimpse.schemas.weights.WeightsRejectedException;
import io.glimpse.streams.inference.DynamicVitClassifier;
import io.glimpse.streams.inference.ServedModel;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Follows the models topic and keeps the app on the newest acceptable model: every instance reads
 * the whole topic with its own group-less, read_committed consumer (not a global store: a global
 * store restores on a stream thread, and verifying a model — hashes, tensors, canary — must not hold
 * frames), assembles chunks as they come, and swaps between batches once a version passed every
 * check. A refused version is reported and the current model keeps serving.
 *
 * <p>At start the history (everything on the topic up to its end when the follower begins) is read
 * first and only the newest acceptable version in it is loaded: a restarted instance comes back on
 * what the fleet serves without replaying every swap. "Newest" is the order of publication (the
 * records' timestamps), so publishing an older version again — a rollback — makes it the newest.
 * A pinned version is the only one ever taken.
 */
public final class ModelFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final Consumer<String, SpecificRecord> consumer;
    private final String topic;
    private final ModelVerifier verifier;
    private final String pinnedVersion;
    private final ModelStatusPublisher status;
    private final ModelMetrics metrics;
    private final ModelAssembler assembler = new ModelAssembler();

    private volatile boolean running = true;
    private Thread thread;
    private boolean assigned;
    private DynamicVitClassifier classifier;
    private CompletableFuture<Void> previousClosed = CompletableFuture.completedFuture(null);

    /**
     * Creates a follower; it reads nothing until {@link #readHistory} or {@link #follow}.
     *
     * @param consumer a read_committed consumer without a group, owned from now on
     * @param topic the models topic
     * @param verifier decides what may serve
     * @param pinnedVersion the only version to take, or empty for the newest
     * @param status where to report what happened, or null
     * @param metrics the model meters
     */
    public ModelFollower(Consumer<String, SpecificRecord> consumer, String topic, ModelVerifier verifier,
            String pinnedVersion, ModelStatusPublisher status, ModelMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.verifier = verifier;
        this.pinnedVersion = pinnedVersion == null ? "" : pinnedVersion;
        this.status = status;
        this.metrics = metrics;
    }

    /**
     * Reads the topic's history and loads the newest acceptable version in it.
     *
     * @param timeout how long to read before settling for what was read
     * @return the model to start with, or empty if the topic has none (or none acceptable)
     */
    public Optional<ServedModel> readHistory(Duration timeout) {
        if (!assign()) {
            LOG.info("Models topic {} does not exist yet; serving the configured model and waiting for it", topic);
            return Optional.empty();
        }
        Optional<Newest> newest = catchUp(timeout);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        AssembledModel candidate = newest.get().model;
        try {
            ServedModel served = load(candidate);
            LOG.info("Starting on {} from the models topic", served.getVersion());
            return Optional.of(served);
        } catch (WeightsRejectedException e) {
            reject(candidate.manifest().getVersion(), e);
            return Optional.empty();
        }
    }

    /**
     * Starts following the topic on a thread of its own, swapping the classifier's model.
     *
     * @param target the classifier to keep current
     */
    public synchronized void follow(DynamicVitClassifier target) {
        if (thread != null) {
            throw new IllegalStateException("Already following");
        }
        classifier = target;
        thread = new Thread(this::run, "glimpse-model-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            // A topic that appears after the start holds only what was published while this instance
            // ran: each version is taken (or refused, and reported) in order, as if seen live.
            while (running && !assigned) {
                if (!assign()) {
                    sleep(TOPIC_RETRY);
                }
            }
            while (running) {
                for (ConsumerRecord<String, SpecificRecord> r : poll()) {
                    if (r.value() instanceof ModelChunk chunk) {
                        assembler.add(chunk);
                    } else if (r.value() instanceof ModelManifest manifest) {
                        apply(manifest);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The model follower stopped; the current model keeps serving but new versions are not taken", e);
        }
    }

    /** Reads up to the end offsets seen now, keeping the newest acceptable manifest and its weights. */
    private Optional<Newest> catchUp(Duration timeout) {
        List<TopicPartition> partitions = List.copyOf(consumer.assignment());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        Newest newest = null;
        int manifests = 0;
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("Read the models topic for {} without reaching its end; starting with what was read", timeout);
                break;
            }
            for (ConsumerRecord<String, SpecificRecord> r : poll()) {
                if (r.value() instanceof ModelChunk chunk) {
                    assembler.add(chunk);
                } else if (r.value() instanceof ModelManifest manifest) {
                    manifests++;
                    String version = manifest.getVersion();
                    if (!pinnedVersion.isEmpty() && !pinnedVersion.equals(version)) {
                        assembler.forget(version);
                        continue;
                    }
                    try {
                        AssembledModel model = verify(manifest);
                        if (newest == null || r.timestamp() >= newest.timestamp) {
                            newest = new Newest(model, r.timestamp());
                        }
                    } catch (WeightsRejectedException e) {
                        LOG.info("Skipping {} on the models topic: {}", version, e.getMessage());
                    }
                }
            }
        }
        LOG.info("Read {} manifests on {}; newest acceptable: {}", manifests, topic,
                newest == null ? "none" : newest.model.manifest().getVersion());
        return Optional.ofNullable(newest);
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Takes a manifest seen live, swapping if it passes. */
    private void apply(ModelManifest manifest) {
        String version = manifest.getVersion();
        String serving = classifier.modelVersion();
        if (!pinnedVersion.isEmpty() && !pinnedVersion.equals(version)) {
            assembler.forget(version);
            LOG.info("Ignoring {}: this instance is pinned to {}", version, pinnedVersion);
            report(ModelStatusKind.IGNORED, version, serving, "pinned", "pinned to " + pinnedVersion);
            return;
        }
        if (version.equals(serving)) {
            assembler.forget(version);
            LOG.info("{} published again; already serving it", version);
            return;
        }
        try {
            AssembledModel model = verify(manifest);
            previousClosed.join(); // at most two models resident: the old one is gone before the next loads
            ServedModel next = load(model);
            previousClosed = classifier.swap(next);
            metrics.swapped(next);
            LOG.info("Swapped {} -> {}", serving, version);
            report(ModelStatusKind.SWAPPED, version, serving, null, "now serving " + version);
        } catch (WeightsRejectedException e) {
            reject(version, e);
        }
    }

    private AssembledModel verify(ModelManifest manifest) throws WeightsRejectedException {
        long start = System.nanoTime();
        try {
            verifier.checkSignature(manifest);
            return assembler.complete(manifest);
        } catch (WeightsRejectedException e) {
            assembler.forget(manifest.getVersion());
            throw e;
        } finally {
            metrics.verified(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private ServedModel load(AssembledModel model) throws WeightsRejectedException {
        long start = System.nanoTime();
        try {
            return verifier.load(model);
        } finally {
            metrics.loaded(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void reject(String version, WeightsRejectedException e) {
        metrics.rejected(e.reason());
        LOG.warn("Refused model {} ({}): {}; the current model keeps serving", version, e.reason().tag(), e.getMessage());
        report(ModelStatusKind.REJECTED, version, classifier == null ? null : classifier.modelVersion(),
                e.reason().tag(), e.getMessage());
    }

    private void report(ModelStatusKind kind, String version, String previous, String reason, String detail) {
        if (status != null) {
            status.publish(kind, version, previous, reason, detail);
        }
    }

    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        assigned = true;
        return true;
    }

    private ConsumerRecords<String, SpecificRecord> poll() {
        try {
            return consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
            LOG.warn("Skipping an unreadable record on {} at {}:{}: {}", topic, e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return ConsumerRecords.empty();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops following; the consumer is closed. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        consumer.wakeup();
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private record Newest(AssembledModel model, long timestamp) {}
}
