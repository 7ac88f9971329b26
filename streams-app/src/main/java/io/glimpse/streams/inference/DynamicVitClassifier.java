package io.glimpse.streams.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.ImageNormalization;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.precision.Precision;
import io.glimpse.streams.frames.DecodedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classifies batches with DynamicViT through the model's own entry point ({@link DynamicVit#infer},
 * the one {@code glimpse model infer} uses, chunking included): frames are normalised by {@link
 * ImageNormalization}, every array lives in one scope per batch, and only plain Java values leave.
 * Batches may run concurrently (the model only reads its parameters). The served model can be
 * replaced between batches with {@link #swap} without holding any batch: each batch takes a lease on
 * the model live when it starts and runs on it to the end, so a batch never mixes versions, and the
 * old model is closed (its native memory freed) when its last batch returns its lease.
 */
public final class DynamicVitClassifier implements FrameClassifier, AutoCloseable {

    private final int maxChunk;
    private volatile Lease live;

    /**
     * Creates a classifier.
     *
     * @param model the model to serve; owned (closed) by this classifier from now on
     * @param maxChunk the most images in one forward pass; larger batches run as consecutive chunks
     */
    public DynamicVitClassifier(ServedModel model, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("A forward pass takes at least one image, got a chunk of " + maxChunk);
        }
        this.maxChunk = maxChunk;
        this.live = new Lease(model);
    }

    /** {@inheritDoc} */
    @Override
    public List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
        Lease lease = acquire();
        try {
            return classify(lease.model, frames, keepRatio);
        } finally {
            lease.release();
        }
    }

    /** Takes a lease on the live model; retries if a swap retired it in between. */
    private Lease acquire() {
        while (true) {
            Lease lease = live;
            if (lease.tryAcquire()) {
                return lease;
            }
            if (lease == live) {
                throw new IllegalStateException("The classifier is closed");
            }
        }
    }

    private List<FrameClassification> classify(ServedModel served, List<DecodedFrame> frames, double keepRatio) {
        long start = System.nanoTime();
        DynamicVit model = served.getModel();
        DynamicVitConfig config = model.getConfig();
        float[] probabilities;
        List<long[]> stages = new ArrayList<>();
        try (NDManager batch = model.getModel().getNDManager().newSubManager()) {
            NDArray input = modelInput(batch, frames, config.getImageWidth(), config.getImageHeight());
            InferenceOutput output = model.infer(input, keepRatio, maxChunk);
            probabilities = output.getLogits().softmax(-1).toFloatArray();
            for (NDArray kept : output.getKeptOriginal()) {
                stages.add(kept.toLongArray());
            }
        }
        long micros = (System.nanoTime() - start) / 1000;
        int b = frames.size();
        int classes = config.getClassCount();
        List<FrameClassification> results = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] p = new float[classes];
            System.arraycopy(probabilities, i * classes, p, 0, classes);
            List<int[]> kept = new ArrayList<>(stages.size());
            for (long[] stage : stages) {
                int k = stage.length / b;
                int[] ids = new int[k];
                for (int j = 0; j < k; j++) {
                    ids[j] = (int) stage[i * k + j];
                }
                kept.add(ids);
            }
            results.add(new FrameClassification(p, kept, keepRatio, served.getVersion(), micros, b));
        }
        return results;
    }

    /**
     * Builds the model's input from decoded frames, exactly as the trainer builds it from clips.
     *
     * @param manager the batch's scope
     * @param frames the frames, each width × height RGB
     * @param width the model's input width
     * @param height the model's input height
     * @return (B, 3, H, W) normalised float32
     */
    static NDArray modelInput(NDManager manager, List<DecodedFrame> frames, int width, int height) {
        List<byte[]> images = new ArrayList<>(frames.size());
        for (DecodedFrame frame : frames) {
            images.add(frame.getRgb());
        }
        return ImageNormalization.toBatch(manager, images, width, height);
    }

    /**
     * Replaces the served model at once: batches that start from now on run on it, batches already
     * running finish on the old one, which is closed when the last of them returns.
     *
     * @param next the new model, of the same input size and class count; owned from now on
     * @return completes when the old model is closed; a caller that loads models one after another
     *     waits for it, so that at most two are ever resident
     */
    public CompletableFuture<Void> swap(ServedModel next) {
        DynamicVitConfig current = live.model.getModel().getConfig();
        DynamicVitConfig incoming = next.getModel().getConfig();
        if (current.getImageHeight() != incoming.getImageHeight()
                || current.getImageWidth() != incoming.getImageWidth()
                || current.getClassCount() != incoming.getClassCount()) {
            throw new IllegalArgumentException(
                    "A swapped-in model must keep the input size and classes: serving " + current + ", got " + incoming);
        }
        Lease old;
        synchronized (this) {
            old = live;
            live = new Lease(next);
        }
        old.release();
        return old.closed;
    }

    /**
     * Returns the version of the model now serving.
     *
     * @return the version
     */
    public String modelVersion() {
        return live.model.getVersion();
    }

    /**
     * Returns the precision of the model now serving.
     *
     * @return {@code FP32} or {@code BF16}
     */
    public Precision modelPrecision() {
        return live.model.getPrecision();
    }

    /** {@inheritDoc} */
    @Override
    public ModelInput input() {
        DynamicVitConfig c = live.model.getModel().getConfig();
        return new ModelInput(c.getImageWidth(), c.getImageHeight(), c.getPatchSize());
    }

    /** {@inheritDoc} */
    @Override
    public List<String> labels() {
        return live.model.getLabels();
    }

    /** Closes the live model once its running batches are done. */
    @Override
    public synchronized void close() {
        live.release();
    }

    /**
     * A served model and the batches using it: one reference for being live, one per running batch;
     * the model is closed when the count reaches zero, and a lease is never taken after that.
     */
    private static final class Lease {
        private final ServedModel model;
        private final AtomicInteger references = new AtomicInteger(1);
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        Lease(ServedModel model) {
            this.model = model;
        }

        boolean tryAcquire() {
            int n;
            do {
                n = references.get();
                if (n == 0) {
                    return false;
                }
            } while (!references.compareAndSet(n, n + 1));
            return true;
        }

        void release() {
            if (references.decrementAndGet() == 0) {
                try {
                    model.close();
                    closed.complete(null);
                } catch (RuntimeException e) {
                    closed.completeExceptionally(e);
                    throw e;
                }
            }
        }
    }
}
