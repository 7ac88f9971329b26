package io.glimpse.streams;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.streams.frames.DeadLetterReason;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.frames.FrameDecoder;
import io.glimpse.streams.frames.InvalidFrameException;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.inference.FrameClassification;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.metrics.GlimpseMetrics;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Classifies frames through the instance's shared {@link FrameBatcher} and emits, per frame, exactly
 * one result or one dead-letter record, in arrival order.
 *
 * <p>Each accepted frame is written to the changelogged pending store before it is submitted and
 * deleted in the transaction that emits its result, so a frame whose input offset was committed can
 * never be lost: after a crash or a rebalance, the task's new owner restores the store and submits
 * the frames again. Results are forwarded only from this task's thread, from {@link #process} and a
 * wall-clock punctuator, and only from the head of the in-flight queue, which keeps per-stream
 * order.
 */
final class ClassifyProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyProcessor.class);

    static final String HEADER_REASON = "glimpse.dlq.reason";
    static final String HEADER_DETAIL = "glimpse.dlq.detail";
    static final String HEADER_SOURCE = "glimpse.dlq.source";

    private final FrameDecoder decoder;
    private final FrameBatcher batcher;
    private final GlimpseMetrics metrics;
    private final int topK;
    private final int maxInFlight;
    private final Duration drainInterval;
    private final List<String> labels;
    private final PatchGrid patchGrid;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, byte[]> pendingStore;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private long nextSequence;

    ClassifyProcessor(
            FrameDecoder decoder,
            FrameBatcher batcher,
            GlimpseMetrics metrics,
            List<String> labels,
            ModelInput input,
            int topK,
            int maxInFlight,
            Duration drainInterval) {
        if (topK < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("topK and maxInFlight must be >= 1");
        }
        this.decoder = decoder;
        this.batcher = batcher;
        this.metrics = metrics;
        this.labels = List.copyOf(labels);
        this.patchGrid = new PatchGrid(input.gridRows(), input.gridColumns(), input.patchSize());
        this.topK = topK;
        this.maxInFlight = maxInFlight;
        this.drainInterval = drainInterval;
    }

    /** {@inheritDoc} */
    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pendingStore = context.getStateStore(GlimpseTopology.PENDING_STORE);
        resubmitRestoredFrames();
        context.schedule(drainInterval, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    /** {@inheritDoc} */
    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.frameIn();
        forwardCompleted();
        long now = context.currentSystemTimeMs();
        DecodedFrame frame;
        try {
            frame = decoder.decode(sourceTopic(), record.value());
        } catch (InvalidFrameException e) {
            deadLetter(record.key(), record.value(), record.timestamp(), e.getReason(), e.getMessage());
            return;
        }
        long sequence = nextSequence++;
        pendingStore.put(sequence, new PendingFrame(record.key(), record.value(), record.timestamp()).encode());
        accept(sequence, record.key(), record.value(), record.timestamp(), frame, now);
        awaitCapacity();
    }

    private void onTick(long timestamp) {
        batcher.flushIfDue(timestamp);
        forwardCompleted();
    }

    private void resubmitRestoredFrames() {
        List<KeyValue<Long, byte[]>> restored = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> it = pendingStore.all()) {
            it.forEachRemaining(restored::add);
        }
        if (!restored.isEmpty()) {
            LOG.info("Task {} resubmits {} frames accepted before a crash or rebalance", context.taskId(), restored.size());
        }
        long now = context.currentSystemTimeMs();
        for (KeyValue<Long, byte[]> entry : restored) {
            nextSequence = Math.max(nextSequence, entry.key + 1);
            PendingFrame pending = PendingFrame.decode(entry.value);
            try {
                DecodedFrame frame = decoder.decode(sourceTopic(), pending.value);
                accept(entry.key, pending.key, pending.value, pending.timestamp, frame, now);
            } catch (InvalidFrameException e) {
                pendingStore.delete(entry.key);
                deadLetter(pending.key, pending.value, pending.timestamp, e.getReason(), e.getMessage());
            }
        }
    }

    private void accept(long sequence, byte[] key, byte[] value, long timestamp, DecodedFrame frame, long now) {
        CompletableFuture<FrameClassification> result = batcher.submit(frame, now);
        inFlight.addLast(new InFlight(sequence, key, value, timestamp, frame, result));
    }

    /** Back-pressure: beyond the in-flight limit, wait for the oldest frame, on this thread. */
    private void awaitCapacity() {
        while (inFlight.size() > maxInFlight) {
            CompletableFuture<FrameClassification> oldest = inFlight.peekFirst().result;
            batcher.flushFor(oldest);
            try {
                oldest.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // Forwarded as a dead letter below.
            }
            forwardCompleted();
        }
    }

    /** Emits the results (or dead letters) of the finished frames at the head of the queue. */
    private void forwardCompleted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().result.isDone()) {
            InFlight done = inFlight.pollFirst();
            try {
                FrameClassification c = done.result.join();
                emitResult(done, c);
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                deadLetter(done.key, done.value, done.timestamp, DeadLetterReason.INFERENCE_FAILED, String.valueOf(cause));
            }
            pendingStore.delete(done.sequence);
        }
    }

    private void emitResult(InFlight done, FrameClassification c) {
        long now = context.currentSystemTimeMs();
        DecodedFrame frame = done.frame;
        List<Label> top = new ArrayList<>(topK);
        for (int index : c.topClasses(topK)) {
            top.add(new Label(index, labels.get(index), c.probability(index)));
        }
        List<StageKeep> kept = new ArrayList<>();
        for (int s = 0; s < c.getKeptPatches().size(); s++) {
            List<Integer> ids = new ArrayList<>();
            for (int id : c.getKeptPatches().get(s)) {
                ids.add(id);
            }
            kept.add(new StageKeep(s + 1, ids));
        }
        long endToEndMillis = now - frame.getCaptureTime();
        FrameResult result =
                FrameResult.newBuilder()
                        .setStreamId(frame.getStreamId())
                        .setSequence(frame.getSequence())
                        .setCaptureTime(Instant.ofEpochMilli(frame.getCaptureTime()))
                        .setResultTime(Instant.ofEpochMilli(now))
                        .setLabels(top)
                        .setKeepRatio((float) c.getKeepRatio())
                        .setModelVersion(c.getModelVersion())
                        .setPatchGrid(patchGrid)
                        .setKeptTokens(kept)
                        .setTimings(new Timings(c.getQueuedMicros(), c.getInferenceMicros(), Math.max(0, endToEndMillis) * 1000))
                        .build();
        context.forward(new Record<>(frame.getStreamId(), result, done.timestamp), GlimpseTopology.RESULTS_SINK);
        metrics.frameOut(endToEndMillis);
    }

    private void deadLetter(byte[] key, byte[] value, long timestamp, DeadLetterReason reason, String detail) {
        Headers headers = new RecordHeaders();
        headers.add(HEADER_REASON, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_DETAIL, String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SOURCE, source().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<Object, Object>(key, value, timestamp, headers), GlimpseTopology.DEAD_LETTER_SINK);
        metrics.deadLetter(reason);
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }

    private String source() {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("restored");
    }

    /** A frame submitted to the batcher, with what is needed to emit its result or dead letter. */
    private static final class InFlight {
        final long sequence;
        final byte[] key;
        final byte[] value;
        final long timestamp;
        final DecodedFrame frame;
        final CompletableFuture<FrameClassification> result;

        InFlight(long sequence, byte[] key, byte[] value, long timestamp, DecodedFrame frame,
                CompletableFuture<FrameClassification> result) {
            this.sequence = sequence;
            this.key = key;
            this.value = value;
            this.timestamp = timestamp;
            this.frame = frame;
            this.result = result;
        }
    }
}
