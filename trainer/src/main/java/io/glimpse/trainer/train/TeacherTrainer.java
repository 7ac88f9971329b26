package io.glimpse.trainer.train;

import ai.djl.nn.Parameter;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.StateDict;
import io.glimpse.trainer.optim.AdamW;
import io.glimpse.trainer.optim.LearningRateSchedule;
import io.glimpse.trainer.optim.ParameterGroup;
import io.glimpse.trainer.optim.ParameterGroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains the dense teacher from scratch (or fine-tunes one from its weights, {@link TrainingConfig#getInit}), DeiT style: AdamW (wd 0.05, none on biases, norms,
 * {@code cls_token} and {@code pos_embed}), linear warm-up then cosine, label smoothing, gradient
 * clipping, random flips and fresh clips every epoch. Writes {@code model.safetensors} and {@code
 * config.json} to the output directory at the end.
 */
public final class TeacherTrainer {

    /** The weights file a finished run leaves in its output directory. */
    public static final String WEIGHTS = "model.safetensors";
    /** The architecture file next to it (official keys). */
    public static final String CONFIG = "config.json";

    private static final Set<String> NO_DECAY_TOKENS = Set.of("cls_token", "pos_embed");

    private final TrainingConfig config;
    private final TrainingData data;

    /**
     * Creates a trainer.
     *
     * @param config the run
     * @param data the frames
     */
    public TeacherTrainer(TrainingConfig config, TrainingData data) {
        this.config = config;
        this.data = data;
    }

    /**
     * Trains, resuming from the output directory's checkpoint when asked and one exists.
     *
     * @param resume whether to continue a previous run
     * @param log the run log
     * @return the logging windows
     * @throws IOException if a file cannot be read or written
     */
    public List<TrainingLoop.Window> train(boolean resume, RunLog log) throws IOException {
        Path output = Path.of(config.getOutput());
        DynamicVitConfig dense = config.modelConfig().dense();
        try (DynamicVit model = DynamicVit.initialize(dense, config.getSeed())) {
            Map<String, Parameter> params = StateDict.parameters(model.getBlock());
            LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(
                    config.getLr(), config.getMinLr(), config.getWarmupEpochs(), config.getEpochs());
            Map<String, Parameter> decay = ParameterGroups.select(params, false, false, NO_DECAY_TOKENS);
            Map<String, Parameter> noDecay = new java.util.LinkedHashMap<>(params);
            noDecay.keySet().removeAll(decay.keySet());
            try (AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("decay", decay, config.getWeightDecay(), schedule))
                    .addGroup(new ParameterGroup("no_decay", noDecay, 0, schedule))
                    .optMaxGradNorm(config.getMaxGradNorm())
                    .optMaxTensorGradNorm(config.getMaxTensorGradNorm())
                    .build(model.getModel().getNDManager())) {
                Checkpoint checkpoint = new Checkpoint(output.resolve("checkpoint"));
                TrainingState state;
                if (resume && checkpoint.exists()) {
                    state = checkpoint.resume(model, adam, log);
                } else {
                    state = TrainingState.start(config.getSeed());
                    if (config.getInit() != null) {
                        WeightCopy.copy(Path.of(config.getInit()), params, model.getModel().getNDManager(), true);
                    }
                    log.log("Training teacher " + dense + ", " + countParameters(params) + " parameters"
                            + (config.getInit() != null ? ", starting from " + config.getInit() : ", from scratch"));
                }
                log.log("Config " + config);
                List<TrainingLoop.Window> history = new TrainingLoop(config, model, adam,
                        new ClassificationObjective(model, (float) config.getLabelSmoothing()), data, checkpoint, log,
                        null).run(state);
                model.save(output.resolve(WEIGHTS));
                Files.writeString(output.resolve(CONFIG), dense.toJson().toPrettyString());
                log.log("Wrote " + output.resolve(WEIGHTS));
                return history;
            }
        }
    }

    static long countParameters(Map<String, Parameter> params) {
        long n = 0;
        for (Parameter p : params.values()) {
            n += p.getArray().size();
        }
        return n;
    }
}
