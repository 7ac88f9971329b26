package io.glimpse.trainer.eval;

import static io.glimpse.trainer.eval.RunInfo.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.glimpse.clips.CameraSize;
import io.glimpse.clips.FashionMnist;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.precision.Precision;
import io.glimpse.resize.ResizePolicy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model card: what was trained, how, how long, and how well, against the targets
 * (teacher ≥ 88 %; student within 0.5 pt of the teacher at ρ 0.7 and 1.5 pt at ρ 0.5). Rendered as
 * Markdown for people and as JSON for the test that checks the shipped weights.
 *
 * @param modelConfig the student architecture (the teacher is its dense backbone)
 * @param testFrames the number of test frames every number was measured on
 * @param precision the precision every number was measured in ({@code FP32} is the reference)
 * @param teacher the teacher's results
 * @param teacherRun how the teacher was trained
 * @param students the students' results, in order
 * @param studentRuns how each student was trained, by name
 * @param shipped the name of the student that ships
 * @param check the shipped student's accuracy on the check set the test replays
 * @param commands the commands that produced the models and this card
 * @param camera the same models on camera-size frames, or {@code null} when not measured
 */
public record ModelCard(
        DynamicVitConfig modelConfig,
        int testFrames,
        Precision precision,
        ModelEntry teacher,
        RunInfo teacherRun,
        List<ModelEntry> students,
        Map<String, RunInfo> studentRuns,
        String shipped,
        CheckSet check,
        List<String> commands,
        CameraSet camera) {

    /** Target teacher accuracy. */
    public static final double TEACHER_TARGET = 0.88;

    /** The student targets: {ρ, largest drop from the teacher in points}. */
    private static final double[][] STUDENT_TARGETS = {{0.7, 0.5}, {0.5, 1.5}};
    /** How far below its 64×64 accuracy the shipped student may fall on camera-size frames at ρ 0.7, in points. */
    static final double CAMERA_MARGIN = 1.0;
    /** Accuracies are ratios of counts: a figure exactly at a target must not miss it by a rounding error. */
    private static final double ROUNDING = 1e-9;

    /**
     * The shipped student's accuracy on a small fixed set, for the test.
     *
     * @param frames the first frames of the test clips
     * @param testSeed the seed of the test clips
     * @param rho the keep ratio
     * @param accuracy the accuracy measured when the card was written
     */
    public record CheckSet(int frames, long testSeed, double rho, double accuracy) {}

    /**
     * The models on camera-size test frames: the test clips rendered at camera sizes and scaled to the
     * input by the serving app's resizer, as a camera's frames would be.
     *
     * @param frames how many frames
     * @param sizes the camera sizes, one per clip chosen by a hash of its id
     * @param resize the policy, e.g. fit
     * @param teacher the teacher's results there
     * @param students the students' results there, same names as on the card
     */
    public record CameraSet(int frames, List<CameraSize> sizes, ResizePolicy resize, ModelEntry teacher,
            List<ModelEntry> students) {

        ModelEntry student(String name) {
            return students.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }

        List<ModelEntry> all() {
            List<ModelEntry> list = new java.util.ArrayList<>();
            list.add(teacher);
            list.addAll(students);
            return list;
        }
    }

    /**
     * Tells whether the card's targets are met on the model-size test frames: teacher ≥ 88 %, and the
     * shipped student within each target's margin of the teacher. Weights ship only then.
     *
     * @return true if every target is met
     */
    public boolean meetsTargets() {
        double teacherAcc = teacher.points().get(0).accuracy();
        return !belowTeacherTarget(teacherAcc) && meetsStudentTargets(shippedStudent(), teacherAcc);
    }

    /**
     * Returns the student that ships.
     *
     * @return its entry
     */
    public ModelEntry shippedStudent() {
        return students.stream().filter(s -> s.name().equals(shipped)).findFirst().orElseThrow();
    }

    /**
     * Renders the machine-readable card.
     *
     * @return JSON
     */
    public ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.set("config", modelConfig.toJson());
        root.put("test_frames", testFrames);
        root.put("precision", precision.toString());
        root.put("shipped_student", shipped);
        ObjectNode c = root.putObject("check");
        c.put("frames", check.frames());
        c.put("test_seed", check.testSeed());
        c.put("rho", check.rho());
        c.put("accuracy", check.accuracy());
        writeModels(root.putArray("models"), all());
        if (camera != null) {
            ObjectNode cam = root.putObject("camera");
            cam.put("frames", camera.frames());
            ArrayNode sizes = cam.putArray("sizes");
            camera.sizes().forEach(size -> sizes.add(size.toString()));
            cam.put("resize", camera.resize().name().toLowerCase(Locale.ROOT));
            writeModels(cam.putArray("models"), camera.all());
        }
        return root;
    }

    private static void writeModels(ArrayNode models, List<ModelEntry> entries) {
        for (ModelEntry m : entries) {
            ObjectNode node = models.addObject();
            node.put("name", m.name());
            node.put("description", m.description());
            ArrayNode points = node.putArray("points");
            for (ModelEntry.Point p : m.points()) {
                ObjectNode pn = points.addObject();
                pn.put("rho", p.rho());
                pn.put("gmacs", p.gmacs());
                pn.put("accuracy", p.accuracy());
                pn.put("images_per_second", p.imagesPerSecond());
                ArrayNode perClass = pn.putArray("class_accuracy");
                for (double a : p.classAccuracy()) {
                    perClass.add(a);
                }
            }
        }
    }

    private List<ModelEntry> all() {
        List<ModelEntry> list = new java.util.ArrayList<>();
        list.add(teacher);
        list.addAll(students);
        return list;
    }

    /**
     * Renders the card.
     *
     * @param plotFile the accuracy-vs-GMACs image, relative to the card
     * @param tokenFile the kept-token grid image, relative to the card
     * @return Markdown
     */
    public String toMarkdown(String plotFile, String tokenFile) {
        StringBuilder md = new StringBuilder();
        double teacherAcc = teacher.points().get(0).accuracy();
        ModelEntry student = shippedStudent();
        md.append("# Model card: DynamicViT on Fashion-MNIST video (Glimpse)\n\n");
        md.append("Written by `glimpse train evaluate`; every number below was measured by that command in ")
                .append(precision).append(" on the same ")
                .append(testFrames).append(" test frames (the first ").append(testFrames / 16)
                .append(" clips of the test split, standard clip spec, test seed), not typed by hand.\n\n");

        md.append("## Status against the targets\n\n");
        md.append("| target | reached | met |\n|---|---|---|\n");
        md.append(row("teacher ≥ 88 % frame accuracy", pct(teacherAcc), !belowTeacherTarget(teacherAcc)));
        for (double[] t : STUDENT_TARGETS) {
            ModelEntry.Point p = student.at(t[0]);
            if (p != null) {
                double drop = drop(student, t[0], teacherAcc);
                md.append(row(String.format(Locale.ROOT, "student at ρ %.1f within %.1f pt of the teacher", t[0], t[1]),
                        String.format(Locale.ROOT, "%s (%+.2f pt)", pct(p.accuracy()), -drop), within(drop, t[1])));
            }
        }
        if (camera != null) {
            ModelEntry.Point model = student.at(0.7);
            ModelEntry cam = camera.student(shipped);
            ModelEntry.Point onCamera = cam == null ? null : cam.at(0.7);
            if (model != null && onCamera != null) {
                double drop = 100 * (model.accuracy() - onCamera.accuracy());
                md.append(row(String.format(Locale.ROOT, "student at ρ 0.7 on camera-size frames within %.1f pt of its %d×%d"
                                + " accuracy", CAMERA_MARGIN, modelConfig.getImageWidth(), modelConfig.getImageHeight()),
                        String.format(Locale.ROOT, "%s (%+.2f pt)", pct(onCamera.accuracy()), -drop),
                        within(drop, CAMERA_MARGIN)));
            }
        }
        md.append('\n');
        if (!meetsStudentTargets(student, teacherAcc)) {
            for (ModelEntry other : students) {
                if (meetsStudentTargets(other, teacherAcc)) {
                    StringBuilder gaps = new StringBuilder();
                    for (double[] t : STUDENT_TARGETS) {
                        gaps.append(gaps.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "ρ %.1f: %+.2f pt",
                                t[0], -drop(other, t[0], teacherAcc)));
                    }
                    md.append(String.format(Locale.ROOT, "**%s meets both student targets** (%s) but does not ship: its mean"
                                    + " over ρ 0.5–1.0 is lower (%s vs %s), see *Fixed ρ or ρ-robust*.%n%n", other.name(), gaps,
                            pct(other.meanAccuracy(0.5, 1.0)), pct(student.meanAccuracy(0.5, 1.0))));
                }
            }
        }
        if (belowTeacherTarget(teacherAcc)) {
            md.append("**The teacher is below the 88 % target**: it was trained for a bounded time on 2 shared CPU cores")
                    .append(" (see *Training*). It is shipped so the demo runs without training; continue it with")
                    .append(" `./glimpse train train-teacher --config <its config> --epochs <more> --resume`, or train")
                    .append(" longer from scratch, then distil and evaluate again.\n\n");
        }

        md.append("## Models\n\n");
        md.append("Architecture: DeiT-structured ViT, ").append(modelConfig.getImageHeight()).append('×')
                .append(modelConfig.getImageWidth()).append(" RGB input, patch ").append(modelConfig.getPatchSize())
                .append(" (").append(modelConfig.getPatchCount()).append(" patches + cls), width ")
                .append(modelConfig.getEmbeddingSize()).append(", depth ").append(modelConfig.getDepth()).append(", ")
                .append(modelConfig.getHeadCount()).append(" heads, MLP ×").append(modelConfig.getMlpRatio())
                .append(", 10 classes. The student adds DynamicViT keep predictors before blocks ")
                .append(java.util.Arrays.toString(modelConfig.getPruneAt()))
                .append("; at ρ it keeps ρ, ρ², ρ³ of the patches after the three stages.\n\n");
        md.append("| model | how it was trained |\n|---|---|\n");
        for (ModelEntry m : all()) {
            md.append("| ").append(m.name()).append(" | ").append(m.description()).append(" |\n");
        }
        md.append("\nShipped: `models/fashion-video/` holds `config.json` (student, official keys), ")
                .append("`teacher.safetensors` (load with the config's dense variant), `student.safetensors` (= ")
                .append(shipped).append("), `labels.txt` and `card.json`.\n\n");

        md.append("## Accuracy, compute and speed\n\n");
        md.append("Frame accuracy on the test frames; GMACs per frame from the analytic cost model (matmuls and ")
                .append("patch convolution); images/s measured in eval mode, batch 64 in chunks of 16, on the 2 shared ")
                .append("CPU cores while other builds ran, so treat them as indicative.\n\n");
        md.append("| model | ρ | GMACs/frame | accuracy | Δ vs teacher | images/s |\n|---|---|---|---|---|---|\n");
        for (ModelEntry m : all()) {
            for (ModelEntry.Point p : m.points()) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.4f | %s | %+.2f pt | %.0f |%n", m.name(), p.rho(),
                        p.gmacs(), pct(p.accuracy()), 100 * (p.accuracy() - teacherAcc), p.imagesPerSecond()));
            }
        }
        md.append("\n![accuracy vs GMACs](").append(plotFile).append(")\n\n");
        if (camera != null) {
            md.append(cameraSection());
        }

        if (students.size() > 1) {
            md.append("## Fixed ρ or ρ-robust\n\n");
            md.append("Mean accuracy over ρ ∈ [0.5, 1.0] (the range the adaptive controller may pick) and at ρ 0.7:\n\n");
            md.append("| student | mean over ρ 0.5–1.0 | at ρ 0.7 |\n|---|---|---|\n");
            for (ModelEntry s : students) {
                ModelEntry.Point p = s.at(0.7);
                md.append("| ").append(s.name()).append(" | ").append(pct(s.meanAccuracy(0.5, 1.0))).append(" | ")
                        .append(p == null ? "–" : pct(p.accuracy())).append(" |\n");
            }
            md.append("\nShipped: **").append(shipped).append("**, the one with the higher mean over the range.\n\n");
        }

        md.append("## Accuracy per class\n\n");
        md.append("| class | teacher");
        for (ModelEntry s : students) {
            md.append(" | ").append(s.name()).append(" ρ 0.7 | ").append(s.name()).append(" ρ 0.5");
        }
        md.append(" |\n|---|---");
        md.append("|---|---".repeat(students.size()));
        md.append("|\n");
        for (int c = 0; c < FashionMnist.CLASS_COUNT; c++) {
            md.append("| ").append(FashionMnist.className(c)).append(" | ")
                    .append(pct(teacher.points().get(0).classAccuracy()[c]));
            for (ModelEntry s : students) {
                for (double rho : new double[] {0.7, 0.5}) {
                    ModelEntry.Point p = s.at(rho);
                    md.append(" | ").append(p == null ? "–" : pct(p.classAccuracy()[c]));
                }
            }
            md.append(" |\n");
        }
        md.append('\n');

        md.append("## Kept tokens\n\n");
        md.append("Test frames (yellow: the item's box) and the patches the shipped student keeps after its last ")
                .append("stage at ρ 0.7 and 0.5 (dropped patches dimmed), with its prediction.\n\n");
        md.append("![kept-token maps](").append(tokenFile).append(")\n\n");

        md.append("## Training\n\n");
        md.append(runSection("Teacher", teacherRun));
        for (ModelEntry s : students) {
            RunInfo r = studentRuns.get(s.name());
            if (r != null) {
                md.append(runSection(s.name(), r));
            }
        }
        md.append("Machine (where `evaluate` ran): ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPU cores (").append(cpuModel()).append("), fp32, DJL 0.36 + PyTorch 2.7.1.\n\n");

        md.append("## Check set\n\n");
        md.append(String.format(Locale.ROOT, "The test `ShippedModelTest` loads `models/fashion-video/student.safetensors`"
                        + " and replays the first %d test frames at ρ %.1f; this card recorded %s there (`card.json`,"
                        + " key `check`), and the test allows a small margin for floating-point differences.%n%n",
                check.frames(), check.rho(), pct(check.accuracy())));

        md.append("## Commands\n\n```\n");
        for (String c : commands) {
            md.append(c).append('\n');
        }
        md.append("```\n\n");
        md.append("## Limitations\n\n")
                .append("- Synthetic video: one Fashion-MNIST item per frame over clutter; accuracy here says nothing ")
                .append("about real cameras.\n")
                .append("- Frames of one clip are strongly correlated, so the effective test set is closer to ")
                .append(testFrames / 16).append(" clips than ").append(testFrames)
                .append(" frames: differences under about 1 pt between models are within noise, though all models")
                .append(" are compared on the same frames.\n")
                .append("- Short training on CPU: see the status table above.\n");
        return md.toString();
    }

    private String cameraSection() {
        StringBuilder md = new StringBuilder("## Camera-size frames\n\n");
        List<String> sizes = camera.sizes().stream().map(CameraSize::toString).toList();
        md.append(String.format(Locale.ROOT, "The same test clips (same items and motion) as a camera would send them: %d"
                        + " frames, each clip at one of %s (chosen by a hash of its id), scaled to the %d×%d input by the"
                        + " serving app's own resizer with `%s`, exactly as `glimpse.frame.resize=%s` feeds the model.%n%n",
                camera.frames(), String.join(", ", sizes), modelConfig.getImageWidth(), modelConfig.getImageHeight(),
                camera.resize().name().toLowerCase(Locale.ROOT), camera.resize().name().toLowerCase(Locale.ROOT)));
        md.append("| model | ρ | test frames | camera-size frames | Δ |\n|---|---|---|---|---|\n");
        for (ModelEntry c : camera.all()) {
            ModelEntry m = c.name().equals(teacher.name()) ? teacher
                    : students.stream().filter(s -> s.name().equals(c.name())).findFirst().orElse(null);
            for (ModelEntry.Point p : c.points()) {
                ModelEntry.Point base = m == null ? null : m.at(p.rho());
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s |%n", c.name(), p.rho(),
                        base == null ? "–" : pct(base.accuracy()), pct(p.accuracy()),
                        base == null ? "–" : String.format(Locale.ROOT, "%+.2f pt", 100 * (p.accuracy() - base.accuracy()))));
            }
        }
        return md.append('\n').toString();
    }

    private static String runSection(String name, RunInfo r) {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(name).append("**: ");
        var c = r.config();
        sb.append(String.format(Locale.ROOT, "%.1f of %d planned epochs × %d frames (%d images seen over %d steps, %d skipped for"
                        + " a non-finite loss or gradient), batch %d, AdamW lr %.2g → %.2g, weight decay %.2g, label smoothing %.2g,"
                        + " %s%s%s; wall time %d min%s.",
                r.epochsDone(), c.get("epochs").asInt(), c.get("trainFrames").asInt(), r.imagesSeen(), r.state().get("step").asLong(),
                r.state().get("skipped").asLong(), c.get("batchSize").asInt(), c.get("lr").asDouble(),
                c.get("minLr").asDouble(), c.get("weightDecay").asDouble(), c.get("labelSmoothing").asDouble(),
                clipping(c), averaging(c) + cameraClips(c), distillation(r), r.wallTime().toMinutes(), r.weightsRecipe()));
        r.lastEpochLine().ifPresent(l -> sb.append(" Last log line of an epoch: `").append(l).append("`."));
        return sb.append("\n\n").toString();
    }

    private static String clipping(JsonNode c) {
        double global = c.path("maxGradNorm").asDouble();
        double perTensor = c.path("maxTensorGradNorm").asDouble();
        if (global > 0 && perTensor > 0) {
            return "gradients clipped to norm " + number(perTensor) + " per tensor and " + number(global) + " overall";
        }
        if (global > 0) {
            return "gradients clipped to a global norm of " + number(global);
        }
        return perTensor > 0 ? "gradients clipped to norm " + number(perTensor) + " per tensor" : "no gradient clipping";
    }

    /** The share of camera-size clips a run trained on, if any. */
    private static String cameraClips(JsonNode c) {
        double share = c.path("cameraShare").asDouble();
        return share > 0 ? String.format(Locale.ROOT, ", %.0f %% of clips at camera sizes %s through the app's resizer (%s)",
                100 * share, c.path("cameraSizes").asText(), c.path("cameraResize").asText()) : "";
    }

    /** The weight average a run keeps, if any. */
    private static String averaging(JsonNode c) {
        double decay = c.path("emaDecay").asDouble();
        return decay > 0 ? ", weights averaged over the steps (EMA decay " + number(decay) + ")" : "";
    }

    /** The distillation settings of a student's run; empty for a teacher's. */
    private static String distillation(RunInfo r) {
        JsonNode c = r.config();
        return r.targetRho().map(rho -> ", " + rho + ", ratio weight " + number(c.path("ratioWeight").asDouble())
                + ", distillation weight " + number(c.path("distillWeight").asDouble()) + ", backbone frozen for "
                + number(c.path("backboneFrozenEpochs").asDouble()) + " epochs").orElse("");
    }

    /** Whether a student is within every student target's margin of the teacher at that target's ρ. */
    private static boolean meetsStudentTargets(ModelEntry student, double teacherAccuracy) {
        for (double[] t : STUDENT_TARGETS) {
            if (!within(drop(student, t[0], teacherAccuracy), t[1])) { // NaN (not evaluated at ρ) fails too
                return false;
            }
        }
        return true;
    }

    private static boolean belowTeacherTarget(double teacherAccuracy) {
        return teacherAccuracy < TEACHER_TARGET - ROUNDING;
    }

    private static boolean within(double drop, double margin) {
        return drop <= margin + ROUNDING;
    }

    /** Points a student falls below the teacher at ρ; NaN where it was not evaluated at ρ. */
    private static double drop(ModelEntry student, double rho, double teacherAccuracy) {
        ModelEntry.Point p = student.at(rho);
        return p == null ? Double.NaN : 100 * (teacherAccuracy - p.accuracy());
    }

    private static String row(String target, String reached, boolean met) {
        return "| " + target + " | " + reached + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    /** The CPU model as the kernel names it, so the card never states hardware it did not see. */
    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux, or not readable: say so rather than guess.
        }
        return "model unknown";
    }
}
