package io.glimpse.trainer.cli;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.clips.CameraSize;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Frame;
import io.glimpse.clips.Split;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.cli.PrecisionConverter;
import io.glimpse.model.precision.CpuFeatures;
import io.glimpse.model.precision.Precision;
import io.glimpse.resize.ResizePolicy;
import io.glimpse.trainer.eval.AccuracyPlot;
import io.glimpse.trainer.eval.Evaluator;
import io.glimpse.trainer.eval.ModelCard;
import io.glimpse.trainer.eval.ModelEntry;
import io.glimpse.trainer.eval.RunInfo;
import io.glimpse.trainer.eval.TokenMapGrid;
import io.glimpse.trainer.train.Distiller;
import io.glimpse.trainer.train.TeacherTrainer;
import io.glimpse.trainer.train.TrainingData;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code glimpse train evaluate}: measures the teacher and one or more students on the same test
 * frames, writes the model card with its plots, and ships the teacher and the student that serves
 * the ρ range best. With {@code --precision bf16} every model is measured in bf16 and the card says
 * so; only an fp32 card ships, since fp32 is the reference the shipped-model test replays, and only
 * when the card's targets are met on the model-size test frames. Every model is also measured on
 * camera-size frames (the test clips at 640×480 and 1280×720 through the app's resizer), reported
 * beside the model-size figures.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate teacher and students, write docs/model-card.md and its PNGs, ship the weights.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, description = "Teacher run directory (model.safetensors, config.json, checkpoint/, run.log)")
    Path teacher;

    @Option(names = "--student", required = true, description = "name=run directory; repeat to compare (e.g. fixed-0.7=runs/student)")
    Map<String, Path> students = new LinkedHashMap<>();

    @Option(names = "--test-frames", defaultValue = "10000", description = "Test frames (default ${DEFAULT-VALUE})")
    int testFrames;

    @Option(names = "--check-frames", defaultValue = "512", description = "Frames of the check set the test replays")
    int checkFrames;

    @Option(names = "--rhos", split = ",", defaultValue = "1.0,0.9,0.8,0.7,0.6,0.5", description = "Keep ratios")
    double[] rhos;

    @Option(names = "--test-seed", defaultValue = "2", description = "Seed of the test clips")
    long testSeed;

    @Option(names = "--camera-frames", description = "Camera-size test frames: the test clips rendered at --camera-sizes"
            + " and scaled by the app's resizer (default: as many as --test-frames; 0: none)")
    Integer cameraFrames;

    @Option(names = "--camera-sizes", defaultValue = "640x480,1280x720", paramLabel = "WxH,...",
            description = "Camera sizes of the camera-size test frames (default ${DEFAULT-VALUE})")
    String cameraSizes;

    @Option(names = "--camera-resize", defaultValue = "fit", description = "How the app scales them: fit, crop or"
            + " stretch (default ${DEFAULT-VALUE}, the app's default)")
    String cameraResize;

    @Option(names = "--card", defaultValue = "docs/model-card.md", description = "Where to write the card")
    Path card;

    @Option(names = "--ship", description = "Directory to ship the weights to (e.g. models/fashion-video)")
    Path ship;

    @Option(names = "--command", description = "Command lines to list in the card (repeatable)")
    List<String> commands = new ArrayList<>();

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class,
            description = "Arithmetic of the encoder linears in every model measured: fp32, bf16, or auto (bf16 where the"
                    + " CPU has avx512_bf16 or amx_bf16); the card states it (default ${DEFAULT-VALUE})")
    Precision precision;

    @Spec
    CommandSpec spec;

    private Precision resolved;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CpuFeatures cpu = CpuFeatures.detect();
        resolved = precision.resolve(cpu);
        if (ship != null && resolved != Precision.FP32) {
            throw new ParameterException(spec.commandLine(), "--ship writes the fp32 reference card; measure "
                    + resolved + " without --ship");
        }
        out.printf("Precision %s -> %s; CPU %s%n", precision, resolved, cpu);
        Path teacherWeights = teacher.resolve(TeacherTrainer.WEIGHTS);
        DynamicVitConfig teacherConfig = DynamicVitConfig.read(teacher.resolve(TeacherTrainer.CONFIG)).dense();
        FashionMnist testItems = FashionMnist.load(Split.TEST);
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(
                    TrainingData.testGenerator(testItems, teacherConfig.getImageHeight(), testSeed), testFrames, 64,
                    manager);
            List<CameraSize> sizes = CameraSize.parseList(cameraSizes);
            ResizePolicy resize = ResizePolicy.of(cameraResize);
            int cameraCount = cameraFrames == null ? testFrames : cameraFrames;
            Evaluator onCamera = cameraCount == 0 ? null : new Evaluator(TrainingData.cameraTestClips(testItems,
                    teacherConfig.getImageHeight(), testSeed, sizes, resize), cameraCount, 64, manager);
            ModelEntry teacherEntry;
            ModelEntry teacherOnCamera = null;
            try (DynamicVit t = load(teacherConfig, teacherWeights)) {
                RunInfo teacherRun = RunInfo.read(teacher);
                String description = describe(teacherRun,
                        teacherRun.config().hasNonNull("init") ? "dense ViT" : "dense ViT from scratch");
                teacherEntry = evaluator.evaluateDense("teacher", description, t);
                out.printf(Locale.ROOT, "teacher: %.2f %% in %s%n", 100 * teacherEntry.points().get(0).accuracy(),
                        t.getPrecision());
                if (onCamera != null) {
                    teacherOnCamera = onCamera.evaluateDense("teacher", description, t);
                    out.printf(Locale.ROOT, "camera-size teacher: %.2f %% in %s%n",
                            100 * teacherOnCamera.points().get(0).accuracy(), t.getPrecision());
                }
            }
            List<ModelEntry> cameraEntries = new ArrayList<>();
            List<ModelEntry> entries = new ArrayList<>();
            Map<String, RunInfo> runs = new LinkedHashMap<>();
            Map<String, DynamicVitConfig> studentConfigs = new LinkedHashMap<>();
            for (Map.Entry<String, Path> s : students.entrySet()) {
                Path weights = s.getValue().resolve(TeacherTrainer.WEIGHTS);
                DynamicVitConfig config = Distiller.configBeside(weights, null);
                studentConfigs.put(s.getKey(), config);
                RunInfo info = RunInfo.read(s.getValue());
                runs.put(s.getKey(), info);
                try (DynamicVit model = load(config, weights)) {
                    ModelEntry e = evaluator.evaluate(s.getKey(), describe(info, "DynamicViT distilled from the teacher"),
                            model, rhos);
                    entries.add(e);
                    for (ModelEntry.Point p : e.points()) {
                        out.printf(Locale.ROOT, "%s rho %.1f: %.2f %% in %s (%.0f img/s)%n", s.getKey(), p.rho(),
                                100 * p.accuracy(), model.getPrecision(), p.imagesPerSecond());
                    }
                    if (onCamera != null) {
                        ModelEntry c = onCamera.evaluate(s.getKey(), e.description(), model, rhos);
                        cameraEntries.add(c);
                        for (ModelEntry.Point p : c.points()) {
                            out.printf(Locale.ROOT, "camera-size %s rho %.1f: %.2f %% in %s%n", s.getKey(), p.rho(),
                                    100 * p.accuracy(), model.getPrecision());
                        }
                    }
                }
            }
            ModelEntry best = entries.get(0);
            for (ModelEntry e : entries) {
                if (e.meanAccuracy(0.5, 1.0) > best.meanAccuracy(0.5, 1.0)) {
                    best = e;
                }
            }
            Path bestDir = students.get(best.name());
            Path bestWeights = bestDir.resolve(TeacherTrainer.WEIGHTS);
            DynamicVitConfig studentConfig = studentConfigs.get(best.name());

            Path docs = card.toAbsolutePath().getParent();
            Files.createDirectories(docs);
            String base = card.getFileName().toString().replaceFirst("\\.md$", "");
            String plotName = base + "-accuracy.png";
            String tokenName = base + "-tokens.png";
            List<ModelEntry> all = new ArrayList<>();
            all.add(teacherEntry);
            all.addAll(entries);
            ImageIO.write(AccuracyPlot.render(all, 760, 480), "png", docs.resolve(plotName).toFile());

            double checkAccuracy;
            double checkRho = 0.7;
            try (DynamicVit model = load(studentConfig, bestWeights)) {
                List<Frame> frames = evaluator.sampleFrames(8, 8);
                List<TokenMapGrid.Row> rows = List.of(evaluator.keptTokens(model, frames, 0.7),
                        evaluator.keptTokens(model, frames, 0.5));
                ImageIO.write(TokenMapGrid.render(frames, rows, studentConfig.getPatchSize(), 2), "png",
                        docs.resolve(tokenName).toFile());
                Evaluator check = new Evaluator(
                        TrainingData.testGenerator(testItems, studentConfig.getImageHeight(), testSeed), checkFrames, 64,
                        manager);
                checkAccuracy = check.evaluate("check", "", model, new double[] {checkRho}).points().get(0).accuracy();
            }
            ModelCard modelCard = new ModelCard(studentConfig, evaluator.frameCount(), resolved, teacherEntry, RunInfo.read(teacher),
                    entries, runs, best.name(), new ModelCard.CheckSet(checkFrames, testSeed, checkRho, checkAccuracy), commands,
                    onCamera == null ? null
                            : new ModelCard.CameraSet(onCamera.frameCount(), sizes, resize, teacherOnCamera, cameraEntries));
            Files.writeString(card, modelCard.toMarkdown(plotName, tokenName));
            out.println("Wrote " + card + ", " + docs.resolve(plotName) + ", " + docs.resolve(tokenName));
            if (ship != null && !modelCard.meetsTargets()) {
                out.println("Not shipped: the card's targets are not all met on the test frames (see " + card + ")");
                return 1;
            }
            if (ship != null) {
                Files.createDirectories(ship);
                Files.copy(teacherWeights, ship.resolve("teacher.safetensors"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(bestWeights, ship.resolve("student.safetensors"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(ship.resolve("config.json"), studentConfig.toJson().toPrettyString() + "\n");
                Files.writeString(ship.resolve("labels.txt"), String.join("\n", FashionMnist.CLASS_NAMES) + "\n");
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(ship.resolve("card.json").toFile(),
                        modelCard.toJson());
                out.println("Shipped " + best.name() + " and the teacher to " + ship);
            }
        }
        return 0;
    }

    /** Loads a model in the precision every figure of the card is measured in. */
    private DynamicVit load(DynamicVitConfig config, Path weights) throws IOException, MalformedModelException {
        DynamicVit model = DynamicVit.load(config, weights);
        try {
            model.setPrecision(resolved);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String describe(RunInfo info, String what) {
        var c = info.config();
        String recipe = info.targetRho().map(rho -> {
            List<String> blocks = new ArrayList<>();
            c.get("pruneAt").forEach(b -> blocks.add(b.asText()));
            return ", " + rho + ", pruning before blocks " + String.join(", ", blocks);
        }).orElse("");
        String init = c.hasNonNull("init") ? ", fine-tuned from " + c.get("init").asText() : "";
        return String.format(Locale.ROOT, "%s%s%s, %.1f of %d planned epochs × %d frames, %d min wall time%s", what, init,
                recipe, info.epochsDone(), c.get("epochs").asInt(), c.get("trainFrames").asInt(),
                info.wallTime().toMinutes(), info.weightsRecipe());
    }

}
