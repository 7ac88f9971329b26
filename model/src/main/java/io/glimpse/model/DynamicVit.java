package io.glimpse.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.glimpse.model.io.Safetensors;
import io.glimpse.model.io.StateDict;
import io.glimpse.model.nn.EncoderBlock;
import io.glimpse.model.nn.LinearLayer;
import io.glimpse.model.precision.Bf16Cast;
import io.glimpse.model.precision.CpuFeatures;
import io.glimpse.model.precision.Precision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DynamicViT with its weights, ready to run: the unit a worker holds and a hot-swap replaces.
 *
 * <p>It owns a DJL {@link Model} whose manager holds the parameters; closing it frees them. Calls to
 * {@link #infer} may run concurrently from several threads (parameters are only read); each call's
 * arrays live in the manager of the images passed in, which the caller scopes.
 */
public final class DynamicVit implements AutoCloseable {

    /** The most images one forward pass takes on a CPU unless the caller says otherwise. */
    public static final int DEFAULT_CPU_CHUNK = 16;

    private final Model model;
    private final DynamicVitBlock block;
    private Precision precision = Precision.FP32;
    private Bf16Cast cast;

    private DynamicVit(Model model, DynamicVitBlock block) {
        this.model = model;
        this.block = block;
    }

    /**
     * Loads a model from a safetensors file with official state-dict names.
     *
     * @param config the architecture
     * @param weights the safetensors file
     * @return the model, parameters frozen for inference
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if a tensor is unknown, missing, mis-shaped or not finite
     */
    public static DynamicVit load(DynamicVitConfig config, Path weights)
            throws IOException, MalformedModelException {
        Model model = Model.newInstance("dynamicvit");
        try {
            NDList tensors = Safetensors.read(model.getNDManager(), weights);
            return fromTensors(model, config, tensors);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a model from the bytes of a safetensors file, e.g. weights assembled from a topic.
     *
     * @param config the architecture
     * @param weights the safetensors bytes; read to the end, not closed
     * @return the model, parameters frozen for inference
     * @throws IOException if the bytes are not safetensors
     * @throws MalformedModelException if a tensor is unknown, missing, mis-shaped or not finite
     *     ({@link io.glimpse.model.io.MalformedWeightsException} lists each problem)
     */
    public static DynamicVit load(DynamicVitConfig config, InputStream weights)
            throws IOException, MalformedModelException {
        Model model = Model.newInstance("dynamicvit");
        try {
            return fromTensors(model, config, Safetensors.read(model.getNDManager(), weights));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Builds a model from named tensors; tensors named {@code score_predictor.*} are ignored when
     * the configuration has no pruning stage, so a DynamicViT checkpoint also yields its dense
     * backbone (the distillation teacher).
     *
     * @param config the architecture
     * @param tensors named arrays; they are copied into the model's own manager
     * @return the model
     * @throws MalformedModelException if a tensor is unknown, missing or mis-shaped
     */
    public static DynamicVit fromTensors(DynamicVitConfig config, NDList tensors)
            throws MalformedModelException {
        Model model = Model.newInstance("dynamicvit");
        try {
            NDList copies = new NDList();
            for (NDArray t : tensors) {
                NDArray copy = t.duplicate();
                copy.attach(model.getNDManager());
                copy.setName(t.getName());
                copies.add(copy);
            }
            return fromTensors(model, config, copies);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static DynamicVit fromTensors(Model model, DynamicVitConfig config, NDList tensors)
            throws MalformedModelException {
        DynamicVitBlock block = new DynamicVitBlock(config);
        NDList selected = new NDList();
        for (NDArray t : tensors) {
            if (config.getStageCount() == 0 && t.getName().startsWith("score_predictor.")) {
                continue;
            }
            selected.add(t);
        }
        StateDict.load(block, selected);
        block.freezeParameters(true);
        model.setBlock(block);
        return new DynamicVit(model, block);
    }

    /**
     * Creates a model with fresh DeiT-style initialisation (truncated normal 0.02), for training.
     *
     * @param config the architecture
     * @param seed the engine's random seed
     * @return the model, parameters trainable
     */
    public static DynamicVit initialize(DynamicVitConfig config, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance("dynamicvit");
        DynamicVitBlock block = new DynamicVitBlock(config);
        block.initialize(
                model.getNDManager(),
                DataType.FLOAT32,
                new Shape(1, config.getChannels(), config.getImageHeight(), config.getImageWidth()));
        model.setBlock(block);
        return new DynamicVit(model, block);
    }

    /**
     * Classifies a batch at keep ratio ρ.
     *
     * @param images (B, C, H, W) normalised float32 images, in a manager the caller scopes
     * @param rho the keep ratio in (0, 1]
     * @return the outputs, in the manager of {@code images}
     */
    public InferenceOutput infer(NDArray images, double rho) {
        return infer(images, rho, defaultChunk(images));
    }

    /**
     * Classifies a batch at keep ratio ρ, at most {@code maxChunk} images per forward pass: the entry
     * point of {@code glimpse model infer} and of the serving path.
     *
     * @param images (B, C, H, W) normalised float32 images, in a manager the caller scopes
     * @param rho the keep ratio in (0, 1]
     * @param maxChunk the most images in one forward pass (see {@link #DEFAULT_CPU_CHUNK})
     * @return the outputs, in the manager of {@code images}
     */
    public InferenceOutput infer(NDArray images, double rho, int maxChunk) {
        return inChunks(images, KeepSchedule.of(block.getConfig(), rho), maxChunk);
    }

    /**
     * Classifies a batch with the dense backbone (no token is dropped, predictors unused).
     *
     * @param images (B, C, H, W) normalised float32 images
     * @return the outputs, in the manager of {@code images}; the stage lists are empty
     */
    public InferenceOutput inferDense(NDArray images) {
        return inChunks(images, null, defaultChunk(images));
    }

    /**
     * Runs a large batch as consecutive chunks of at most {@code chunk} images. On a
     * CPU, activations of more than about 16 DeiT-S images overflow the caches and every
     * element-wise kernel (GELU, softmax, residual adds) turns memory-bound: measured on 2 cores,
     * dense throughput drops from 26 to 24.7 images/s between batch 16 and 32. Results are
     * identical to one pass, since images never interact.
     */
    private InferenceOutput inChunks(NDArray images, KeepSchedule schedule, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("A forward pass takes at least one image, got a chunk of " + chunk);
        }
        long batch = images.getShape().get(0);
        if (batch <= chunk) {
            return block.infer(parameterStore(images), images, schedule);
        }
        List<InferenceOutput> parts = new ArrayList<>();
        for (long start = 0; start < batch; start += chunk) {
            NDArray part = images.get(new NDIndex("{}:{}", start, Math.min(batch, start + chunk)));
            parts.add(block.infer(parameterStore(images), part, schedule));
        }
        return InferenceOutput.concat(parts);
    }

    /** On a GPU one pass takes the whole batch: its kernels have no cache to overflow. */
    private static int defaultChunk(NDArray images) {
        return images.getDevice().isGpu() ? Integer.MAX_VALUE : DEFAULT_CPU_CHUNK;
    }

    private ParameterStore parameterStore(NDArray images) {
        return new ParameterStore(images.getManager(), false);
    }

    /**
     * Writes the weights with official state-dict names.
     *
     * @param path the safetensors file (written atomically)
     * @throws IOException if the file cannot be written
     */
    public void save(Path path) throws IOException {
        Safetensors.write(StateDict.tensors(block), path);
    }

    /**
     * Chooses the arithmetic of the encoder blocks' linear layers for later inference calls
     * (float32 until called). Call it before serving, not while {@link #infer} runs.
     *
     * @param requested {@code fp32}, {@code bf16}, or {@code auto} (bf16 where this CPU has bf16
     *     matrix instructions)
     * @return the precision now in effect, {@code FP32} or {@code BF16}
     */
    public Precision setPrecision(Precision requested) {
        return setPrecision(requested, CpuFeatures.detect());
    }

    /**
     * As {@link #setPrecision(Precision)}, resolving {@code auto} against the given CPU.
     *
     * @param requested the precision asked for
     * @param cpu the CPU that {@code auto} is resolved against
     * @return the precision now in effect, {@code FP32} or {@code BF16}
     */
    public synchronized Precision setPrecision(Precision requested, CpuFeatures cpu) {
        Precision resolved = requested.resolve(cpu);
        List<LinearLayer> linears = encoderLinears(block, false, new ArrayList<>());
        if (resolved == Precision.BF16) {
            if (cast == null) {
                cast = Bf16Cast.load();
            }
            linears.forEach(l -> l.runInBf16(cast));
        } else {
            linears.forEach(LinearLayer::runInFp32);
        }
        precision = resolved;
        return resolved;
    }

    /**
     * Returns the precision in effect.
     *
     * @return {@code FP32} unless {@link #setPrecision} chose bf16
     */
    public synchronized Precision getPrecision() {
        return precision;
    }

    /** The linear layers inside encoder blocks: the keep predictors and the head stay float32. */
    private static List<LinearLayer> encoderLinears(Block parent, boolean inEncoder, List<LinearLayer> found) {
        for (Block child : parent.getChildren().values()) {
            boolean encoder = inEncoder || child instanceof EncoderBlock;
            if (encoder && child instanceof LinearLayer linear) {
                found.add(linear);
            }
            encoderLinears(child, encoder, found);
        }
        return found;
    }

    public DynamicVitConfig getConfig() {
        return block.getConfig();
    }

    public DynamicVitBlock getBlock() {
        return block;
    }

    /**
     * Returns the DJL model, for trainers and predictors.
     *
     * @return the model that owns the parameters
     */
    public Model getModel() {
        return model;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void close() {
        encoderLinears(block, false, new ArrayList<>()).forEach(LinearLayer::runInFp32);
        if (cast != null) {
            cast.close();
        }
        model.close();
    }
}
