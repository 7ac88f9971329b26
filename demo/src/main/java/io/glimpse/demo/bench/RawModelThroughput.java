package io.glimpse.demo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bare model's speed, the ceiling the pipeline is measured against: {@link DynamicVit#infer}
 * on a random (batch, 3, H, W) tensor at a fixed ρ, logits copied out, nothing else, from as many
 * threads at once as the pipeline has inference workers.
 *
 * <p>Calls run on threads of their own, as Glimpse's inference workers do, never on the JVM's main
 * thread: PyTorch runs the main thread's calls with an OpenMP team of {@code OMP_NUM_THREADS}
 * threads but another thread's calls differently, and on a busy 2-core machine the main thread was
 * measured 20-30 times slower (OMP_NUM_THREADS=2: 8-12 images/s on main against 220-400 on a new
 * thread, same model and input; with OMP_NUM_THREADS=1 both ran 190-220).
 */
final class RawModelThroughput implements AutoCloseable {

    private final DynamicVit model;
    private final NDManager manager;
    private final NDArray images;
    private final int batch;
    private final double keepRatio;
    private final int threads;
    private final ExecutorService pool;

    /**
     * Loads the model and makes the input.
     *
     * @param config the model configuration file
     * @param weights the model weights
     * @param batch images per call
     * @param keepRatio ρ
     * @param threads calls running at once (the pipeline's inference workers)
     * @throws Exception if the model cannot be loaded
     */
    RawModelThroughput(Path config, Path weights, int batch, double keepRatio, int threads) throws Exception {
        DynamicVitConfig cfg = DynamicVitConfig.read(config);
        this.model = DynamicVit.load(cfg, weights);
        this.manager = NDManager.newBaseManager();
        this.images = manager.randomNormal(new Shape(batch, cfg.getChannels(), cfg.getImageHeight(), cfg.getImageWidth()));
        this.batch = batch;
        this.keepRatio = keepRatio;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads,
                r -> new Thread(r, "glimpse-bench-model-" + n.incrementAndGet()));
        // Started here, not at the first call: they keep the CPUs of the thread that builds the bench's model.
        workers.prestartAllCoreThreads();
        this.pool = workers;
    }

    /**
     * Runs whole batches on every thread for at least the given time.
     *
     * @param seconds the least time to run
     * @return images per second, all threads together
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if a call failed
     */
    double round(double seconds) throws InterruptedException, ExecutionException {
        return round(seconds, new long[1]);
    }

    /**
     * Runs whole batches on every thread for at least the given time, and counts the images.
     *
     * @param seconds the least time to run
     * @param images where to add the images classified
     * @return images per second, all threads together
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if a call failed
     */
    double round(double seconds, long[] images) throws InterruptedException, ExecutionException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Future<Long>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            calls.add(pool.submit(() -> imagesUntil(end)));
        }
        long total = 0;
        for (Future<Long> f : calls) {
            total += f.get();
        }
        images[0] += total;
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private long imagesUntil(long endNanos) {
        long done = 0;
        do {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = images.duplicate();
                x.attach(scope);
                model.infer(x, keepRatio).getLogits().toFloatArray();
            }
            done += batch;
        } while (System.nanoTime() < endNanos);
        return done;
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        pool.shutdown();
        manager.close();
        model.close();
    }
}
