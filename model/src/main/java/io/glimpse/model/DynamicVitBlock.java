package io.glimpse.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;

import io.glimpse.model.nn.EncoderBlock;
import io.glimpse.model.nn.KeepPredictor;
import io.glimpse.model.nn.LayerNormLayer;
import io.glimpse.model.nn.LinearLayer;
import io.glimpse.model.nn.ModuleList;
import io.glimpse.model.nn.PatchEmbedding;
import io.glimpse.model.nn.ShapedBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * DynamicViT (Rao et al., NeurIPS 2021) on a DeiT backbone, as the official code computes it.
 *
 * <p>Shapes: images (B, C, H, W); tokens (B, N, E) with N = 1 + patches (cls first); keep mask (B,
 * N0, 1); logits (B, classes).
 *
 * <p>In eval mode, prediction modules before blocks {@code pruneAt[s]} score the patch tokens and
 * the sequence is cut to the K_s best (descending score) for the rest of the network, so compute
 * follows the keep ratio ρ. ρ is an argument of each call, never a property of the model: one
 * checkpoint serves every ratio a load controller may pick. In training mode no token is removed:
 * Gumbel hard decisions mask dropped tokens as attention keys, and gradients flow straight through.
 *
 * <p>The children carry the official state-dict names ({@code patch_embed}, {@code blocks.i},
 * {@code norm}, {@code head}, {@code score_predictor.s}); parameters {@code cls_token} and {@code
 * pos_embed} are direct. Each encoder block runs in its own NDManager scope.
 */
public final class DynamicVitBlock extends ShapedBlock {

    /** Forward parameter: the keep ratio ρ (a {@code Double}) of an eval call. */
    public static final String KEEP_RATIO = "keep_ratio";
    /** Forward parameter: {@code Boolean.TRUE} runs the dense backbone, ignoring the predictors. */
    public static final String DENSE = "dense";
    /** Forward parameter: the {@link GumbelNoise} of a training call (random if absent). */
    public static final String GUMBEL_NOISE = "gumbel_noise";

    private static final byte VERSION = 1;

    private final DynamicVitConfig config;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final PatchEmbedding patchEmbed;
    private final ModuleList<EncoderBlock> blocks;
    private final LayerNormLayer norm;
    private final LinearLayer head;
    private final ModuleList<KeepPredictor> predictors;

    /**
     * Creates an uninitialised model; load weights or initialise it before the first forward.
     *
     * @param config the architecture
     */
    public DynamicVitBlock(DynamicVitConfig config) {
        super(VERSION);
        this.config = config;
        int e = config.getEmbeddingSize();
        TruncatedNormalInitializer init = new TruncatedNormalInitializer(0.02f);
        clsToken = addShapedParameter("cls_token", Parameter.Type.WEIGHT, new Shape(1, 1, e), init);
        posEmbed =
                addShapedParameter(
                        "pos_embed", Parameter.Type.WEIGHT, new Shape(1, config.getPatchCount() + 1, e), init);
        patchEmbed =
                addChildBlock(
                        "patch_embed", new PatchEmbedding(config.getChannels(), config.getPatchSize(), e));
        blocks = addChildBlock("blocks", new ModuleList<>());
        for (int i = 0; i < config.getDepth(); i++) {
            blocks.add(
                    new EncoderBlock(
                            e,
                            config.getHeadCount(),
                            config.getMlpHiddenSize(),
                            config.hasQkvBias(),
                            config.getBackboneEpsilon()));
        }
        norm = addChildBlock("norm", new LayerNormLayer(e, config.getBackboneEpsilon()));
        head = addChildBlock("head", new LinearLayer(e, config.getClassCount(), true));
        predictors = new ModuleList<>();
        if (config.getStageCount() > 0) {
            addChildBlock("score_predictor", predictors);
            for (int s = 0; s < config.getStageCount(); s++) {
                predictors.add(new KeepPredictor(e, config.getPredictorEpsilon()));
            }
        }
    }

    public DynamicVitConfig getConfig() {
        return config;
    }

    /**
     * Runs eval-mode inference.
     *
     * @param ps the parameter store
     * @param images (B, C, H, W) normalised float32 images
     * @param schedule the keep schedule for this batch, or {@code null} for the dense backbone
     * @return logits, kept-token maps and intermediate outputs, in the manager of {@code images}
     */
    public InferenceOutput infer(ParameterStore ps, NDArray images, KeepSchedule schedule) {
        checkImages(images);
        int b = Math.toIntExact(images.getShape().get(0));
        NDManager manager = images.getManager();
        NDArray x = embed(ps, images);
        List<NDArray> keptOriginal = new ArrayList<>();
        List<NDArray> keptLocal = new ArrayList<>();
        List<NDArray> scores = new ArrayList<>();
        int[] pruneAt = config.getPruneAt();
        long[] original = TokenSelection.identity(b, config.getPatchCount());
        int stage = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (schedule != null && stage < pruneAt.length && pruneAt[stage] == i) {
                int k = schedule.getCount(stage);
                NDArray patches = x.get(new NDIndex(":, 1:, :"));
                NDArray pred = predictors.get(stage).apply(ps, patches, null);
                long[] keep = TokenSelection.rankKeepColumn(pred, k);
                original = TokenSelection.compose(original, keep, b, k);
                x = TokenSelection.gather(x, manager.create(TokenSelection.withCls(keep, b, k), new Shape(b, k + 1)));
                keptLocal.add(manager.create(keep, new Shape(b, k)));
                keptOriginal.add(manager.create(original, new Shape(b, k)));
                scores.add(pred);
                stage++;
            }
            x = blocks.get(i).apply(ps, x, null);
        }
        NDArray tokens = norm.apply(ps, x);
        NDArray logits = head.apply(ps, tokens.get(new NDIndex(":, 0, :")));
        return new InferenceOutput(logits, keptOriginal, keptLocal, scores, tokens);
    }

    /**
     * Runs the training-mode forward: all tokens kept, Gumbel hard decisions as attention masks.
     *
     * @param ps the parameter store
     * @param images (B, C, H, W) normalised float32 images
     * @param noise the Gumbel noise source
     * @return logits, features, decisions and scores, in the manager of {@code images}
     */
    public TrainingOutput trainForward(ParameterStore ps, NDArray images, GumbelNoise noise) {
        checkImages(images);
        long b = images.getShape().get(0);
        long n0 = config.getPatchCount();
        NDManager manager = images.getManager();
        NDArray x = embed(ps, images);
        boolean pruning = config.getStageCount() > 0;
        NDArray decision = manager.ones(new Shape(b, n0, 1));
        NDArray policy = pruning ? manager.ones(new Shape(b, n0 + 1, 1)) : null;
        List<NDArray> decisions = new ArrayList<>();
        List<NDArray> scores = new ArrayList<>();
        int[] pruneAt = config.getPruneAt();
        int stage = 0;
        for (int i = 0; i < blocks.size(); i++) {
            if (stage < pruneAt.length && pruneAt[stage] == i) {
                NDArray pred = predictors.get(stage).apply(ps, x.get(new NDIndex(":, 1:, :")), decision);
                NDArray g = noise.sample(manager, new Shape(b, n0, 2), stage);
                decision = hardKeepDecision(pred, g).mul(decision);
                policy = manager.ones(new Shape(b, 1, 1)).concat(decision, 1);
                decisions.add(decision.reshape(b, n0));
                scores.add(pred);
                stage++;
            }
            x = blocks.get(i).apply(ps, x, policy);
        }
        NDArray tokens = norm.apply(ps, x);
        NDArray logits = head.apply(ps, tokens.get(new NDIndex(":, 0, :")));
        NDArray features = tokens.get(new NDIndex(":, 1:, :"));
        return new TrainingOutput(logits, features, decision.stopGradient(), decisions, scores);
    }

    /**
     * The straight-through Gumbel-softmax decision of torch's {@code gumbel_softmax(hard=True)},
     * column "keep": forward value exactly 0 or 1, gradient that of the soft keep probability.
     *
     * @param logProbs (B, N, 2) predictor log-probabilities
     * @param gumbel (B, N, 2) Gumbel noise
     * @return (B, N, 1)
     */
    static NDArray hardKeepDecision(NDArray logProbs, NDArray gumbel) {
        NDArray soft = logProbs.add(gumbel).softmax(-1);
        NDArray keep = soft.get(new NDIndex(":, :, 0:1"));
        NDArray drop = soft.get(new NDIndex(":, :, 1:2"));
        // argmax takes the first index on ties, so "keep" wins when both are equal.
        NDArray oneHot = keep.gte(drop).toType(DataType.FLOAT32, false);
        return oneHot.sub(keep.stopGradient()).add(keep);
    }

    private NDArray embed(ParameterStore ps, NDArray images) {
        NDArray patches = patchEmbed.apply(ps, images);
        Shape s = patches.getShape();
        NDArray cls = ps.getValue(clsToken, images.getDevice(), false).broadcast(s.get(0), 1, s.get(2));
        cls.attach(images.getManager());
        NDArray pos = ps.getValue(posEmbed, images.getDevice(), false);
        return cls.concat(patches, 1).add(pos);
    }

    private void checkImages(NDArray images) {
        Shape s = images.getShape();
        Shape expected =
                new Shape(config.getChannels(), config.getImageHeight(), config.getImageWidth());
        if (s.dimension() != 4 || !s.slice(1).equals(expected)) {
            throw new IllegalArgumentException(
                    "Expected images of shape (B, " + expected.get(0) + ", " + expected.get(1) + ", "
                            + expected.get(2) + "), got " + s);
        }
        if (s.get(0) < 1) {
            throw new IllegalArgumentException("Empty batch");
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("Expected float32 images, got " + images.getDataType());
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.head();
        if (training) {
            Object noise = params == null ? null : params.get(GUMBEL_NOISE);
            TrainingOutput out =
                    trainForward(ps, images, noise == null ? GumbelNoise.random() : (GumbelNoise) noise);
            NDList list = new NDList(out.getLogits(), out.getFeatures(), out.getFinalMask());
            list.addAll(out.getDecisions());
            return list;
        }
        return infer(ps, images, scheduleFrom(params)).toNamedList();
    }

    /** Finds the keep ratio of an eval call in the {@link #KEEP_RATIO} parameter. */
    private KeepSchedule scheduleFrom(PairList<String, Object> params) {
        boolean dense = params != null && Boolean.TRUE.equals(params.get(DENSE));
        if (dense || config.getStageCount() == 0) {
            return null;
        }
        Object rho = params == null ? null : params.get(KEEP_RATIO);
        if (rho == null) {
            throw new IllegalArgumentException(
                    "An eval forward of a pruning model needs '" + KEEP_RATIO + "' (or '" + DENSE + "')");
        }
        return KeepSchedule.of(config, ((Number) rho).doubleValue());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.getClassCount())};
    }
}
