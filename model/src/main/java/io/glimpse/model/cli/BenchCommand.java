package io.glimpse.model.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.glimpse.model.CostModel;
import io.glimpse.model.CostProfile;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.KeepSchedule;
import io.glimpse.model.precision.CpuFeatures;
import io.glimpse.model.precision.Precision;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code glimpse model bench}: images/s of DynamicViT at several batch sizes and keep ratios.
 *
 * <p>Settings of one batch size run alternately, round by round, in one process, and the median of
 * the rounds is reported: shared machines drift by 5–20 % over minutes, and alternating puts that
 * drift on every setting alike. MFU is achieved FLOP/s (2 × analytic MACs) over a square float32
 * matmul measured in the same process.
 *
 * <p>With {@code --write-profile} the medians of ms per batch are also written as a {@link
 * CostProfile}, the input of the serving app's load-based ρ controller ({@code
 * glimpse.keep.ratio.profile}): the grid is {@code --batch} × {@code --rho}, and the time is bounded
 * by {@code --rounds} and {@code --images-per-round}, as for the table.
 *
 * <p>With {@code --precision fp32,bf16} each precision is one more setting in the same alternation
 * (the bf16 weight copies are made between timed loops); {@code auto} is resolved against this CPU.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure DynamicViT inference speed (random weights) against the dense backbone.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "deit-s", description = "deit-ti, deit-s or deit-b (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--config", description = "Model configuration file instead of a preset.")
    Path config;

    @Option(names = "--batch", split = ",", defaultValue = "1,8,32", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    int[] batches;

    @Option(names = "--rho", split = ",", defaultValue = "1.0,0.7,0.5", description = "Keep ratios (default: ${DEFAULT-VALUE}).")
    double[] rhos;

    @Option(names = "--threads", description = "Intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per setting (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--images-per-round", defaultValue = "32", description = "At least this many images per timed round (default: ${DEFAULT-VALUE}).")
    int imagesPerRound;

    @Option(names = "--precision", split = ",", defaultValue = "fp32", converter = PrecisionConverter.class,
            description = "Precisions to compare, of fp32, bf16, auto (default: ${DEFAULT-VALUE}); the profile uses the first.")
    Precision[] precisions;

    @Option(names = "--memory-batches", defaultValue = "0", description = "Afterwards, run this many batches at the first batch size and rho and report RSS before/after.")
    int memoryBatches;

    @Option(names = "--write-profile", paramLabel = "FILE",
            description = "Also write ms per batch over the --batch × --rho grid as a cost profile (JSON) for glimpse.keep.ratio.profile.")
    Path writeProfile;

    private final CostProfile.Builder profile = CostProfile.builder();

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        DynamicVitConfig cfg = config != null ? DynamicVitConfig.read(config) : DynamicVitConfig.preset(preset);
        try (DynamicVit model = DynamicVit.initialize(cfg, 0);
                NDManager manager = NDManager.newBaseManager()) {
            model.getBlock().freezeParameters(true);
            double gemm = matmulGflops(manager, 2048);
            System.out.printf("Model %s%nEngine %s %s, threads %s; float32 matmul 2048x2048x2048: %.1f GFLOP/s%n%n",
                    cfg, Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                    threads == null ? "default" : threads, gemm);
            CpuFeatures cpu = CpuFeatures.detect();
            List<Precision> resolved = new ArrayList<>();
            for (Precision p : precisions) {
                Precision r = p.resolve(cpu);
                if (!resolved.contains(r)) {
                    resolved.add(r);
                }
            }
            System.out.printf("CPU %s; precision %s -> %s%n%n", cpu, Arrays.toString(precisions), resolved);
            System.out.printf("%-5s %5s  %-6s  %9s  %9s  %9s  %9s  %6s  %8s  %s%n",
                    "prec", "batch", "rho", "images/s", "ms/batch", "GMACs/img", "GFLOP/s", "MFU", "vs dense", "kept per stage");
            for (int batch : batches) {
                benchBatch(model, manager, cfg, batch, gemm, resolved);
            }
            if (writeProfile != null) {
                profile.optDescription(String.format("glimpse model bench: %s, engine %s %s, threads %s, %d rounds",
                        config != null ? config : preset, Engine.getInstance().getEngineName(),
                        Engine.getInstance().getVersion(), threads == null ? "default" : threads, rounds));
                profile.build().write(writeProfile);
                System.out.printf("%nWrote cost profile %s%n", writeProfile);
            }
            if (memoryBatches > 0) {
                model.setPrecision(resolved.get(0));
                memoryCheck(model, manager, cfg);
            }
        }
        return 0;
    }

    private void benchBatch(
            DynamicVit model, NDManager manager, DynamicVitConfig cfg, int batch, double gemm, List<Precision> precisions) {
        List<Setting> settings = new ArrayList<>();
        for (Precision p : precisions) {
            settings.add(new Setting(p, null));
            for (double rho : rhos) {
                settings.add(new Setting(p, rho));
            }
        }
        NDArray images = manager.randomNormal(new Shape(batch, cfg.getChannels(), cfg.getImageHeight(), cfg.getImageWidth()));
        int reps = Math.max(1, (imagesPerRound + batch - 1) / batch);
        Map<Setting, List<Double>> seconds = new LinkedHashMap<>();
        settings.forEach(k -> seconds.put(k, new ArrayList<>()));
        for (int round = -1; round < rounds; round++) {
            for (Setting s : settings) {
                if (model.getPrecision() != s.precision()) {
                    model.setPrecision(s.precision());
                }
                long start = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    runOnce(model, images, s.rho());
                }
                double elapsed = (System.nanoTime() - start) / 1e9 / reps;
                if (round >= 0) {
                    seconds.get(s).add(elapsed);
                }
            }
        }
        double denseRate = 0;
        for (Setting s : settings) {
            double perBatch = median(seconds.get(s));
            double rate = batch / perBatch;
            KeepSchedule schedule = s.rho() == null ? null : KeepSchedule.of(cfg, s.rho());
            double gmacs = CostModel.macsPerImage(cfg, schedule) / 1e9;
            double gflops = 2 * gmacs * rate;
            if (schedule == null) {
                denseRate = rate;
            } else if (s.precision() == precisions.get(0)) {
                profile.addPoint(batch, s.rho(), perBatch * 1e3);
            }
            System.out.printf("%-5s %5d  %-6s  %9.1f  %9.1f  %9.3f  %9.1f  %5.0f%%  %7.2fx  %s%n",
                    s.precision(), batch, s.rho() == null ? "dense" : s.rho().toString(), rate, perBatch * 1e3, gmacs,
                    gflops, 100 * gflops / gemm, rate / denseRate,
                    schedule == null ? "-" : Arrays.toString(schedule.getCounts()));
        }
    }

    /** One timed setting: a precision and a keep ratio (null for the dense backbone). */
    private record Setting(Precision precision, Double rho) {}

    private static void runOnce(DynamicVit model, NDArray images, Double rho) {
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(scope);
            NDArray logits = rho == null ? model.inferDense(x).getLogits() : model.infer(x, rho).getLogits();
            logits.toFloatArray();
        }
    }

    private void memoryCheck(DynamicVit model, NDManager manager, DynamicVitConfig cfg) throws IOException {
        int batch = batches[0];
        Double rho = rhos.length > 0 ? rhos[0] : null;
        NDArray images = manager.randomNormal(new Shape(batch, cfg.getChannels(), cfg.getImageHeight(), cfg.getImageWidth()));
        for (int i = 0; i < 20; i++) {
            runOnce(model, images, rho);
        }
        long before = rssKiB();
        for (int i = 0; i < memoryBatches; i++) {
            runOnce(model, images, rho);
        }
        long after = rssKiB();
        System.out.printf("%nNative memory over %d batches of %d at rho %s: RSS after GC %.1f MiB before, %.1f MiB after (%+.1f MiB)%n",
                memoryBatches, batch, rho, before / 1024.0, after / 1024.0, (after - before) / 1024.0);
    }

    /** Resident set size after a full GC, so that direct buffers awaiting collection do not count. */
    private static long rssKiB() throws IOException {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double matmulGflops(NDManager manager, int n) {
        NDArray a = manager.randomNormal(new Shape(n, n));
        NDArray b = manager.randomNormal(new Shape(n, n));
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            try (NDManager scope = manager.newSubManager()) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                c.attach(scope);
                c.getFloat(0, 0);
                double s = (System.nanoTime() - start) / 1e9;
                if (i >= 2) {
                    rates.add(2.0 * n * n * n / s / 1e9);
                }
            }
        }
        return median(rates);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
