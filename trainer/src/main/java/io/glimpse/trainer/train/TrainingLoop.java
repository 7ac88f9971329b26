package io.glimpse.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.io.StateDict;
import io.glimpse.trainer.data.FrameBatch;
import io.glimpse.trainer.data.FrameBatches;
import io.glimpse.trainer.eval.Evaluation;
import io.glimpse.trainer.optim.AdamW;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loop both trainers share: batches in, gradient steps out, with checkpoints, logging and an
 * evaluation after each epoch.
 *
 * <p>Each batch runs in its own NDManager scope, so native memory stays flat. Before each batch the
 * engine is reseeded with {@code seed + step}, which makes the Gumbel noise (and anything else
 * random) a function of the step: a run resumed from a checkpoint draws the same numbers as one
 * that never stopped. A step whose loss or gradient norm is not finite is skipped and counted,
 * never applied. With {@link TrainingConfig#getEmaDecay} set, the loop keeps a {@link
 * WeightAverage}, evaluates it beside the weights after each epoch, and leaves it in the model at
 * the end: the averaged weights are the run's result.
 */
public final class TrainingLoop {

    private final TrainingConfig config;
    private final DynamicVit model;
    private final AdamW optimizer;
    private final Objective objective;
    private final TrainingData data;
    private final Checkpoint checkpoint;
    private final RunLog log;
    private final Double evalRho;

    /**
     * Creates a loop.
     *
     * @param config the run
     * @param model the model being trained
     * @param optimizer its optimizer
     * @param objective the loss
     * @param data the frames
     * @param checkpoint where to save (and from where a resumed run was restored)
     * @param log the run log
     * @param evalRho the keep ratio of the end-of-epoch evaluation, {@code null} for dense
     */
    public TrainingLoop(TrainingConfig config, DynamicVit model, AdamW optimizer, Objective objective,
            TrainingData data, Checkpoint checkpoint, RunLog log, Double evalRho) {
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.objective = objective;
        this.data = data;
        this.checkpoint = checkpoint;
        this.log = log;
        this.evalRho = evalRho;
    }

    /** One logging window's means. */
    public record Window(long step, double epoch, double loss, double accuracy, double imagesPerSecond,
            Map<String, Double> metrics) {}

    /**
     * Trains from a state to the end of the run (or to {@code maxSteps}).
     *
     * @param state where to start
     * @return the logging windows, in order
     * @throws IOException if a checkpoint cannot be written
     */
    public List<Window> run(TrainingState state) throws IOException {
        NDManager base = model.getModel().getNDManager();
        try (WeightAverage average = config.getEmaDecay() > 0
                ? new WeightAverage(StateDict.parameters(model.getBlock()), config.getEmaDecay(), base)
                : null) {
            if (average != null && state.step() > 0 && !checkpoint.restoreAverage(average, base)) {
                log.log("Weight average starts at the restored weights");
            }
            List<Window> history = run(state, base, average);
            if (average != null) {
                average.swap();
                log.log(String.format(Locale.ROOT, "The model holds the weight average (decay %s)",
                        config.getEmaDecay()));
            }
            return history;
        }
    }

    private List<Window> run(TrainingState state, NDManager base, WeightAverage average) throws IOException {
        int perEpoch = data.batchesPerEpoch();
        List<Window> history = new ArrayList<>();
        long step = state.step();
        int startBatch = state.batch();
        WindowStats window = new WindowStats();
        for (int epoch = state.epoch(); epoch < config.getEpochs(); epoch++) {
            if (startBatch >= perEpoch) {
                startBatch = 0;
                continue;
            }
            EpochStats epochStats = new EpochStats();
            try (Prefetcher batches = new Prefetcher(data.epoch(epoch).iterator(epoch), startBatch, 3);
                    ProgressReporter bar = ProgressReporter.start(
                            String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.getEpochs()), perEpoch,
                            startBatch, config.isProgressBar())) {
                for (int b = startBatch; b < perEpoch && batches.hasNext(); b++) {
                    FrameBatch batch = batches.next();
                    double progress = epoch + (double) b / perEpoch;
                    long begin = System.nanoTime();
                    Step result = step(base, batch, step, progress, average);
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    step++;
                    epochStats.add(result, batch.size(), seconds);
                    window.add(result, batch.size(), seconds);
                    bar.step(epochStats.loss(), epochStats.accuracy(), epochStats.imagesPerSecond());
                    boolean last = config.getMaxSteps() > 0 && step >= config.getMaxSteps();
                    if (step % config.getLogEvery() == 0 || last) {
                        Window w = window.close(step, epoch + (double) (b + 1) / perEpoch);
                        history.add(w);
                        log.log(describe(w));
                        window = new WindowStats();
                    }
                    if (step % config.getCheckpointEvery() == 0 || last) {
                        save(epoch, b + 1, step, average);
                    }
                    if (last) {
                        log.log("Stopped at maxSteps " + config.getMaxSteps());
                        return history;
                    }
                }
            }
            startBatch = 0;
            save(epoch + 1, 0, step, average);
            String eval = "";
            if (config.getEvalFrames() > 0) {
                FrameBatches test = data.test(config.getEvalFrames(), 64);
                Evaluation e = Evaluation.run(model, test, evalRho, base);
                eval = String.format(Locale.ROOT, ", test accuracy %.2f%% on %d frames%s", 100 * e.accuracy(),
                        e.frames(), evalRho == null ? "" : " at rho " + evalRho);
                if (average != null) {
                    average.swap();
                    Evaluation a = Evaluation.run(model, test, evalRho, base);
                    average.swap();
                    eval += String.format(Locale.ROOT, ", weight average %.2f%%", 100 * a.accuracy());
                }
            }
            log.log(RunLog.epochDone(epoch + 1, config.getEpochs()) + String.format(Locale.ROOT,
                    "loss %.4f, train accuracy %.2f%%, %.1f img/s, %d skipped steps%s", epochStats.loss(),
                    100 * epochStats.accuracy(), epochStats.imagesPerSecond(), optimizer.getSkipped(), eval));
        }
        return history;
    }

    private record Step(double loss, int correct, Map<String, Double> metrics) {}

    private Step step(NDManager base, FrameBatch batch, long step, double progress, WeightAverage average) {
        Engine.getInstance().setRandomSeed((int) (config.getSeed() + step));
        try (NDManager scope = base.newSubManager()) {
            NDArray x = scope.create(batch.getData(), new Shape(batch.getShape()));
            int[] labelArray = batch.getLabels();
            long[] longs = new long[labelArray.length];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = labelArray[i];
            }
            NDArray labels = scope.create(longs);
            double loss;
            int correct = 0;
            Map<String, Double> metrics;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Objective.Result r = objective.forward(x, labels, step);
                loss = r.loss().getFloat();
                metrics = new LinkedHashMap<>(r.metrics());
                long[] predicted = r.logits().argMax(1).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == longs[i]) {
                        correct++;
                    }
                }
                if (Double.isFinite(loss)) {
                    gc.backward(r.loss());
                }
            }
            if (Double.isFinite(loss)) {
                AdamW.StepResult applied = optimizer.step(progress);
                metrics.put("grad_norm", applied.gradNorm());
                if (applied.applied() && average != null) {
                    average.update();
                }
                if (!applied.largest().isEmpty() && step % config.getLogEvery() == 0) {
                    log.log(String.format(Locale.ROOT, "Step %d: gradient norm %.3g, largest in %s", step,
                            applied.gradNorm(), applied.largest()));
                }
                if (!applied.applied()) {
                    log.log(String.format(Locale.ROOT, "Skipped step %d: gradient norm %s, non-finite in %s", step,
                            applied.gradNorm(), applied.nonFinite()));
                }
            } else {
                optimizer.skip();
                log.log(String.format(Locale.ROOT, "Skipped step %d: loss %s", step, loss));
            }
            return new Step(loss, correct, metrics);
        }
    }

    private void save(int epoch, int batch, long step, WeightAverage average) throws IOException {
        checkpoint.save(model, optimizer, average, new TrainingState(epoch, batch, step, optimizer.getSteps(),
                optimizer.getSkipped(), config.getSeed()), config);
    }

    private String describe(Window w) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "step %d epoch %.3f loss %.4f acc %.2f%% %.1f img/s", w.step(), w.epoch(), w.loss(),
                100 * w.accuracy(), w.imagesPerSecond()));
        for (Map.Entry<String, Double> e : w.metrics().entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.4g", e.getKey(), e.getValue()));
        }
        optimizer.learningRates(w.epoch()).forEach((k, v) -> sb.append(String.format(Locale.ROOT, " lr[%s] %.3g", k, v)));
        sb.append(" skipped ").append(optimizer.getSkipped());
        return sb.toString();
    }

    /** Running means over an epoch, for the progress bar. */
    private static class EpochStats {
        double lossSum;
        int lossCount;
        long correct;
        long images;
        double seconds;

        void add(Step s, int size, double secs) {
            if (Double.isFinite(s.loss())) {
                lossSum += s.loss();
                lossCount++;
            }
            correct += s.correct();
            images += size;
            seconds += secs;
        }

        double loss() {
            return lossCount == 0 ? Double.NaN : lossSum / lossCount;
        }

        double accuracy() {
            return images == 0 ? 0 : (double) correct / images;
        }

        double imagesPerSecond() {
            return seconds == 0 ? 0 : images / seconds;
        }
    }

    /** Running means over a logging window, metrics included. */
    private static final class WindowStats extends EpochStats {
        final Map<String, double[]> sums = new LinkedHashMap<>();

        @Override
        void add(Step s, int size, double secs) {
            super.add(s, size, secs);
            s.metrics().forEach((k, v) -> {
                double[] acc = sums.computeIfAbsent(k, x -> new double[2]);
                if (Double.isFinite(v)) {
                    acc[0] += v;
                    acc[1]++;
                }
            });
        }

        Window close(long step, double epoch) {
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v[1] == 0 ? Double.NaN : v[0] / v[1]));
            return new Window(step, epoch, loss(), accuracy(), imagesPerSecond(), means);
        }
    }
}
