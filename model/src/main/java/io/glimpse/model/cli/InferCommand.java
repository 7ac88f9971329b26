package io.glimpse.model.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.InferenceOutput;
import io.glimpse.model.io.Safetensors;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code glimpse model infer}: classifies an F32 NCHW tensor and writes logits and kept-token maps
 * ({@code keep_orig_stage1..}) to a safetensors file.
 */
@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        description = "Run DynamicViT on a safetensors batch and write logits and kept-token maps.")
final class InferCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model configuration (JSON, official keys).")
    Path config;

    @Option(names = "--weights", required = true, description = "Weights (safetensors, official names).")
    Path weights;

    @Option(names = "--input", required = true, description = "Safetensors file holding the images.")
    Path input;

    @Option(names = "--tensor", defaultValue = "images", description = "Tensor name in --input (default: ${DEFAULT-VALUE}).")
    String tensor;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--out", required = true, description = "Output safetensors file.")
    Path out;

    @Option(names = "--max-chunk", defaultValue = "" + DynamicVit.DEFAULT_CPU_CHUNK,
            description = "Most images in one forward pass; larger inputs run in chunks (default: ${DEFAULT-VALUE}).")
    int maxChunk;

    static final class Mode {
        @Option(names = "--rho", description = "Keep ratio in (0, 1].")
        Double rho;

        @Option(names = "--dense", description = "Run the dense backbone (no token dropped).")
        boolean dense;
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (!mode.dense && !(mode.rho > 0 && mode.rho <= 1)) {
            throw new ParameterException(spec.commandLine(), "--rho: Keep ratio must be in (0, 1], got " + mode.rho);
        }
        if (maxChunk < 1) {
            throw new ParameterException(spec.commandLine(), "--max-chunk must be at least 1, got " + maxChunk);
        }
        DynamicVitConfig cfg = DynamicVitConfig.read(config);
        if (mode.dense) {
            cfg = cfg.dense();
        }
        try (DynamicVit model = DynamicVit.load(cfg, weights);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray images = Safetensors.require(Safetensors.read(manager, input), tensor);
            InferenceOutput output = mode.dense ? model.inferDense(images) : model.infer(images, mode.rho, maxChunk);
            NDList result = new NDList();
            NDArray logits = output.getLogits();
            logits.setName("logits");
            result.add(logits);
            for (int s = 0; s < output.getKeptOriginal().size(); s++) {
                NDArray kept = output.getKeptOriginal().get(s);
                kept.setName("keep_orig_stage" + (s + 1));
                result.add(kept);
            }
            Safetensors.write(result, out);
            System.out.printf("Wrote %s: logits %s%s%n", out, logits.getShape(),
                    mode.dense ? " (dense)" : ", kept-token maps for " + output.getKeptOriginal().size() + " stages");
        }
        return 0;
    }
}
