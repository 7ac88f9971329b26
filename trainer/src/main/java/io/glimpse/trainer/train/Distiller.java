package io.glimpse.trainer.train;

import ai.djl.MalformedModelException;
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
 * DynamicViT's distilled fine-tune (SPEC section 7): the student starts as a copy of the dense
 * teacher plus freshly initialised predictors, and learns under {@link DistillationObjective} with
 * the teacher frozen beside it.
 *
 * <p>Parameter groups as in the official code: {@code cls_token} and {@code pos_embed} are frozen
 * and left out; the predictors follow cosine(epoch/epochs) from lr to minLr; the backbone gets 0
 * for the first {@code backboneFrozenEpochs} (officially 5 of 30 epochs; configurable for shorter
 * runs) and {@code min(0.01·lr, cosine)} after. Weight decay 0.05 except on biases and 1-D weights.
 * Schedules are evaluated at fractional epochs (per step), which for runs of a few epochs is the
 * per-epoch rule at a finer grain.
 */
public final class Distiller {

    /** Parameters the fine-tune never changes. */
    public static final Set<String> FROZEN = Set.of("cls_token", "pos_embed");

    private final TrainingConfig config;
    private final TrainingData data;

    /**
     * Creates a distiller.
     *
     * @param config the run; {@link TrainingConfig#getTeacher()} names the teacher's weights
     * @param data the frames
     */
    public Distiller(TrainingConfig config, TrainingData data) {
        this.config = config;
        this.data = data;
    }

    /**
     * Returns the architecture stored next to a weights file ({@code config.json}), or the given
     * fallback.
     *
     * @param weights a safetensors file
     * @param fallback used when there is no config.json beside it
     * @return the configuration
     * @throws IOException if config.json exists but cannot be read
     */
    public static DynamicVitConfig configBeside(Path weights, DynamicVitConfig fallback) throws IOException {
        Path json = weights.toAbsolutePath().getParent().resolve(TeacherTrainer.CONFIG);
        return Files.isRegularFile(json) ? DynamicVitConfig.read(json) : fallback;
    }

    /**
     * Builds a trainable student from a teacher's weights: the backbone copied, predictors fresh.
     *
     * @param studentConfig the student architecture
     * @param teacherWeights the teacher's safetensors file
     * @param seed the initialisation seed of the predictors
     * @return the student, every parameter trainable
     * @throws IOException if the teacher cannot be read or does not match
     */
    public static DynamicVit studentFrom(DynamicVitConfig studentConfig, Path teacherWeights, int seed)
            throws IOException {
        DynamicVit student = DynamicVit.initialize(studentConfig, seed);
        try {
            Map<String, Parameter> params = StateDict.parameters(student.getBlock());
            Map<String, Parameter> backbone = new java.util.LinkedHashMap<>(params);
            backbone.keySet().removeIf(n -> n.startsWith(ParameterGroups.PREDICTOR_PREFIX));
            WeightCopy.copy(teacherWeights, backbone, student.getModel().getNDManager(), true);
        } catch (IOException | RuntimeException e) {
            student.close();
            throw e;
        }
        return student;
    }

    /**
     * Builds a trainable student from a student's weights, predictors included: the start of a
     * fine-tune of a distilled model.
     *
     * @param studentConfig the student architecture
     * @param studentWeights the student's safetensors file
     * @param seed the initialisation seed (every parameter is then overwritten)
     * @return the student
     * @throws IOException if the weights cannot be read or do not match
     */
    public static DynamicVit studentOf(DynamicVitConfig studentConfig, Path studentWeights, int seed) throws IOException {
        DynamicVit student = DynamicVit.initialize(studentConfig, seed);
        try {
            WeightCopy.copy(studentWeights, StateDict.parameters(student.getBlock()), student.getModel().getNDManager(),
                    true);
        } catch (IOException | RuntimeException e) {
            student.close();
            throw e;
        }
        return student;
    }

    /**
     * Distils, resuming from the output directory's checkpoint when asked and one exists.
     *
     * @param resume whether to continue a previous run
     * @param log the run log
     * @return the logging windows
     * @throws IOException if a file cannot be read or written
     * @throws MalformedModelException if the teacher does not match its configuration
     */
    public List<TrainingLoop.Window> train(boolean resume, RunLog log) throws IOException, MalformedModelException {
        if (config.getTeacher() == null) {
            throw new IllegalArgumentException("Distillation needs a teacher (--teacher)");
        }
        Path teacherPath = Path.of(config.getTeacher());
        Path output = Path.of(config.getOutput());
        DynamicVitConfig studentConfig = config.modelConfig();
        DynamicVitConfig teacherConfig = configBeside(teacherPath, studentConfig.dense()).dense();
        try (DynamicVit teacher = DynamicVit.load(teacherConfig, teacherPath);
                DynamicVit student = config.getInit() != null
                        ? studentOf(studentConfig, Path.of(config.getInit()), config.getSeed())
                        : studentFrom(studentConfig, teacherPath, config.getSeed())) {
            Map<String, Parameter> params = StateDict.parameters(student.getBlock());
            ParameterGroups.freeze(params, FROZEN);
            LearningRateSchedule predictorLr = LearningRateSchedule.cosine(config.getLr(), config.getMinLr(),
                    config.getEpochs());
            LearningRateSchedule backboneLr = LearningRateSchedule.frozenThenScaled(config.getLr(), config.getMinLr(),
                    config.getBackboneFrozenEpochs(), config.getEpochs());
            double wd = config.getWeightDecay();
            try (AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("predictor", ParameterGroups.select(params, true, false, FROZEN), wd,
                            predictorLr))
                    .addGroup(new ParameterGroup("predictor_no_decay",
                            ParameterGroups.select(params, true, true, FROZEN), 0, predictorLr))
                    .addGroup(new ParameterGroup("backbone", ParameterGroups.select(params, false, false, FROZEN), wd,
                            backboneLr))
                    .addGroup(new ParameterGroup("backbone_no_decay",
                            ParameterGroups.select(params, false, true, FROZEN), 0, backboneLr))
                    .optMaxGradNorm(config.getMaxGradNorm())
                    .optMaxTensorGradNorm(config.getMaxTensorGradNorm())
                    .build(student.getModel().getNDManager())) {
                Checkpoint checkpoint = new Checkpoint(output.resolve("checkpoint"));
                TrainingState state;
                if (resume && checkpoint.exists()) {
                    state = checkpoint.resume(student, adam, log);
                } else {
                    state = TrainingState.start(config.getSeed());
                    log.log("Distilling " + studentConfig + " from " + teacherPath
                            + (config.getInit() != null ? ", starting from the student " + config.getInit() : "")
                            + (config.isRhoRobust()
                            ? ", rho sampled per batch from [" + config.getRhoMin() + ", " + config.getRhoMax() + "]"
                            : ", rho " + config.getRho()));
                }
                log.log("Config " + config);
                List<TrainingLoop.Window> history = new TrainingLoop(config, student, adam,
                        new DistillationObjective(student, teacher, config), data, checkpoint, log, config.getRho())
                        .run(state);
                student.save(output.resolve(TeacherTrainer.WEIGHTS));
                Files.writeString(output.resolve(TeacherTrainer.CONFIG), studentConfig.toJson().toPrettyString());
                log.log("Wrote " + output.resolve(TeacherTrainer.WEIGHTS));
                return history;
            }
        }
    }
}
