package io.glimpse.streams.inference;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

import io.glimpse.model.DynamicVitConfig;
import io.glimpse.streams.frames.DecodedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Classifies batches with DynamicViT through a pool of DJL predictors, one per concurrent batch
 * (predictors are not thread-safe). The served model can be replaced between batches with {@link
 * #swap}: batches already running finish on the old model, which is closed once they are done.
 */
public final class DynamicVitClassifier implements FrameClassifier, AutoCloseable {

    private final int workers;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Live live;

    /**
     * Creates a classifier.
     *
     * @param model the model to serve; owned (closed) by this classifier from now on
     * @param workers the number of predictors, i.e. batches that may run at once
     */
    public DynamicVitClassifier(ServedModel model, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("Workers must be >= 1, got " + workers);
        }
        this.workers = workers;
        this.live = new Live(model, workers);
    }

    /** {@inheritDoc} */
    @Override
    public List<FrameClassification> classify(List<DecodedFrame> frames, double keepRatio) {
        lock.readLock().lock();
        try {
            Predictor<FrameBatchTranslator.Input, List<FrameClassification>> predictor = live.predictors.take();
            try {
                return predictor.predict(new FrameBatchTranslator.Input(frames, keepRatio));
            } finally {
                live.predictors.add(predictor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a predictor", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Inference failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Replaces the served model. Waits for running batches, then closes the old model.
     *
     * @param next the new model, of the same input size and class count; owned from now on
     */
    public void swap(ServedModel next) {
        DynamicVitConfig current = live.model.getModel().getConfig();
        DynamicVitConfig incoming = next.getModel().getConfig();
        if (current.getImageHeight() != incoming.getImageHeight()
                || current.getImageWidth() != incoming.getImageWidth()
                || current.getClassCount() != incoming.getClassCount()) {
            throw new IllegalArgumentException(
                    "A swapped-in model must keep the input size and classes: serving " + current + ", got " + incoming);
        }
        Live fresh = new Live(next, workers);
        Live old;
        lock.writeLock().lock();
        try {
            old = live;
            live = fresh;
        } finally {
            lock.writeLock().unlock();
        }
        old.close();
    }

    /**
     * Returns the version of the model now serving.
     *
     * @return the version
     */
    public String modelVersion() {
        lock.readLock().lock();
        try {
            return live.model.getVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@inheritDoc} */
    @Override
    public int[] patchGrid() {
        DynamicVitConfig c = live.model.getModel().getConfig();
        return new int[] {c.getGridRows(), c.getGridColumns(), c.getPatchSize()};
    }

    /** {@inheritDoc} */
    @Override
    public List<String> labels() {
        return live.model.getLabels();
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            live.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A served model and its predictors. */
    private static final class Live implements AutoCloseable {
        final ServedModel model;
        final BlockingQueue<Predictor<FrameBatchTranslator.Input, List<FrameClassification>>> predictors;
        private final List<Predictor<FrameBatchTranslator.Input, List<FrameClassification>>> all = new ArrayList<>();

        Live(ServedModel model, int workers) {
            this.model = model;
            predictors = new ArrayBlockingQueue<>(workers);
            FrameBatchTranslator translator =
                    new FrameBatchTranslator(model.getModel().getConfig(), model.getVersion());
            for (int i = 0; i < workers; i++) {
                Predictor<FrameBatchTranslator.Input, List<FrameClassification>> p =
                        model.getModel().getModel().newPredictor(translator);
                all.add(p);
                predictors.add(p);
            }
        }

        @Override
        public void close() {
            all.forEach(Predictor::close);
            model.close();
        }
    }
}
