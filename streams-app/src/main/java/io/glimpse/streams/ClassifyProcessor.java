package io.glimpse.streams;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.PatchGrid;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.Timings;
import io.glimpse.streams.frames.DeadLetterHeaders;
import io.glimpse.streams.frames.DeadLetterReason;
import io.glimpse.streams.frames.DecodedFrame;
import io.glimpse.streams.frames.FrameDecoder;
import io.glimpse.resize.InputMapping;
import io.glimpse.streams.frames.InvalidFrameException;
import io.glimpse.streams.inference.FrameBatcher;
import io.glimpse.streams.inference.FrameClassification;
import io.glimpse.streams.inference.FrameRejectedException;
import io.glimpse.streams.inference.InferenceUnavailableException;
import io.glimpse.streams.inference.ModelInput;
import io.glimpse.streams.metrics.GlimpseMetrics;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 *
 * <p>Only a frame's own fault costs it a dead letter. A frame the model fails on alone ({@link
 * FrameRejectedException}) is dead-lettered; when the engine fails on everything ({@link
 * InferenceUnavailableException}) the task fails, and its next life replays the pending frames. A
 * frame whose batch was cancelled (the batcher closing) is neither answered nor dead-lettered: it
 * stays pending for the task's next owner. Kafka Streams may close and re-initialise this same
 * object (a revived or resumed task): {@link #close} abandons what is in flight, and {@link #init}
 * starts again from the pending store alone, so no frame is answered twice.
 */
final class ClassifyProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyProcessor.class);


    private final FrameDecoder decoder;
    private final FrameBatcher batcher;
    private final GlimpseMetrics metrics;
    private final ClassifySettings settings;
    private final HeldFrames held;
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
            HeldFrames held,
            ClassifySettings settings) {
        this.decoder = decoder;
        this.batcher = batcher;
        this.metrics = metrics;
        this.labels = List.copyOf(labels);
        this.patchGrid = new PatchGrid(input.gridRows(), input.gridColumns(), input.patchSize());
        this.held = held;
        this.settings = settings;
    }

    /** {@inheritDoc} */
    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pendingStore = context.getStateStore(GlimpseTopology.PENDING_STORE);
        abandonInFlight();
        resubmitRestoredFrames();
        context.schedule(settings.drainInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        abandonInFlight();
    }

    /**
     * Cancels what this task submitted in an earlier life: frames not yet running are not classified,
     * results not yet forwarded never will be; the pending store is the only record of them.
     */
    private void abandonInFlight() {
        for (InFlight f : inFlight) {
            f.result.cancel(false);
        }
        held.remove(inFlight.size());
        inFlight.clear();
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
        if (!isKeyedByStream(record.key(), frame)) {
            deadLetter(record.key(), record.value(), record.timestamp(), DeadLetterReason.KEY_MISMATCH,
                    "Record key " + describeKey(record.key()) + " is not the frame's stream id '" + frame.getStreamId()
                            + "': per-stream order needs frames keyed by their stream id");
            return;
        }
        long sequence = nextSequence++;
        pendingStore.put(sequence, new PendingFrame(record.key(), record.value(), record.timestamp()).encode());
        accept(sequence, record.key(), record.value(), record.timestamp(), frame, now);
        awaitCapacity();
    }

    private static boolean isKeyedByStream(byte[] key, DecodedFrame frame) {
        return key != null && frame.getStreamId().equals(new String(key, StandardCharsets.UTF_8));
    }

    private static String describeKey(byte[] key) {
        return key == null ? "(none)" : "'" + new String(key, StandardCharsets.UTF_8) + "'";
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
            PendingFrame pending;
            try {
                pending = PendingFrame.decode(entry.value);
            } catch (RuntimeException e) {
                // Written by another (newer) Glimpse: keep its bytes where a person can recover them.
                pendingStore.delete(entry.key);
                deadLetter(null, entry.value, now, DeadLetterReason.PENDING_UNREADABLE, e.getMessage());
                continue;
            }
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
        held.add();
    }

    /**
     * Back-pressure: beyond this task's in-flight limit, or while the instance holds more than its
     * limit, wait for this task's oldest frame, on this thread. The wait is bounded by {@code
     * glimpse.backpressure.max.wait.ms}, well inside the transaction timeout: past it the task reads on, so that its
     * transaction commits instead of being aborted and fenced under sustained overload.
     */
    private void awaitCapacity() {
        long deadline = System.nanoTime() + settings.maxBlock().toNanos();
        while (!inFlight.isEmpty() && (inFlight.size() > settings.maxInFlight() || held.overLimit())) {
            CompletableFuture<FrameClassification> oldest = inFlight.peekFirst().result;
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || oldest.isCancelled()) {
                return;
            }
            batcher.flushFor(oldest);
            try {
                oldest.get(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (TimeoutException e) {
                return;
            } catch (ExecutionException | CancellationException e) {
                // Sorted out below.
            }
            if (forwardCompleted() == 0) {
                return;
            }
        }
    }

    /**
     * Emits the results (or dead letters) of the finished frames at the head of the queue.
     *
     * @return how many frames were answered
     */
    private int forwardCompleted() {
        int answered = 0;
        while (!inFlight.isEmpty() && inFlight.peekFirst().result.isDone()) {
            InFlight done = inFlight.peekFirst();
            FrameClassification c;
            try {
                c = done.result.join();
            } catch (CancellationException e) {
                // The batcher is closing: the frame stays pending for the task's next owner.
                return answered;
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CancellationException) {
                    return answered;
                }
                if (!(cause instanceof FrameRejectedException)) {
                    throw new StreamsException("Inference is failing; task " + context.taskId()
                            + " restarts from its last commit and replays its pending frames", cause);
                }
                inFlight.pollFirst();
                deadLetter(done.key, done.value, done.timestamp, DeadLetterReason.INFERENCE_FAILED, cause.getMessage());
                answered(done);
                answered++;
                continue;
            }
            inFlight.pollFirst();
            emitResult(done, c);
            answered(done);
            answered++;
        }
        return answered;
    }

    private void answered(InFlight done) {
        pendingStore.delete(done.sequence);
        held.remove(1);
    }

    private void emitResult(InFlight done, FrameClassification c) {
        long now = context.currentSystemTimeMs();
        DecodedFrame frame = done.frame;
        List<Label> top = new ArrayList<>(settings.topK());
        for (int index : c.topClasses(settings.topK())) {
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
                        .setInputMapping(inputMapping(frame.getMapping()))
                        .build();
        context.forward(new Record<>(frame.getStreamId(), result, done.timestamp), GlimpseTopology.RESULTS_SINK);
        metrics.frameOut(endToEndMillis);
    }

    /** The result's mapping onto the original frame; null when the frame arrived at the model's size. */
    private static io.glimpse.schemas.avro.InputMapping inputMapping(InputMapping m) {
        if (m.isIdentity()) {
            return null;
        }
        return new io.glimpse.schemas.avro.InputMapping(m.frameWidth(), m.frameHeight(), m.sourceX(), m.sourceY(),
                m.sourceWidth(), m.sourceHeight(), m.inputX(), m.inputY(), m.inputWidth(), m.inputHeight());
    }

    /**
     * Sends the original key and bytes to the dead-letter topic, the reason in headers. Bytes beyond
     * {@code glimpse.dlq.max.payload.bytes} are cut, and the header {@value DeadLetterHeaders#TRUNCATED} gives
     * the original length, so that a dead letter always fits the topic.
     */
    private void deadLetter(byte[] key, byte[] value, long timestamp, DeadLetterReason reason, String detail) {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.DETAIL, String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, source().getBytes(StandardCharsets.UTF_8));
        byte[] payload = value;
        if (value != null && value.length > settings.deadLetterMaxPayload()) {
            payload = Arrays.copyOf(value, settings.deadLetterMaxPayload());
            headers.add(DeadLetterHeaders.TRUNCATED, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<Object, Object>(key, payload, timestamp, headers), GlimpseTopology.DEAD_LETTER_SINK);
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
