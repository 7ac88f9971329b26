package io.glimpse.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.clips.FashionMnist;
import io.glimpse.model.io.Safetensors;
import io.glimpse.trainer.train.TeacherTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glimpse train evaluate --precision}: every figure of the card measured in the precision asked
 * for, and said so in the output and the card; fp32 stays the only card that ships. The teacher and
 * the student are real runs of one step each (a 2-block, width-32 model), made by the launcher's own
 * commands.
 */
class EvaluateCommandTest {

    private static final String[] ONE_STEP = {"--model", "32,2,2,1", "--train-frames", "64", "--batch-size", "32",
            "--epochs", "2", "--max-steps", "1", "--eval-frames", "0", "--no-progress"};

    @TempDir
    static Path dir;

    static Path teacher;
    static Path student;

    @BeforeAll
    static void trainATeacherAndAStudentForOneStepEach() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed: apt-get install " + FashionMnist.DEBIAN_PACKAGE);
        teacher = dir.resolve("teacher");
        student = dir.resolve("student");
        CommandRun trained = CommandRun.of(with("train-teacher", "--output", teacher.toString()));
        assertThat(trained.code()).as(trained.err()).isZero();
        CommandRun distilled = CommandRun.of(with("distill", "--output", student.toString(),
                "--teacher", teacher.resolve(TeacherTrainer.WEIGHTS).toString()));
        assertThat(distilled.code()).as(distilled.err()).isZero();
    }

    @Test
    void shouldMeasureEveryModelInBf16AndSaySoInTheOutputAndTheCard() throws Exception {
        Path card = dir.resolve("bf16").resolve("card.md");

        CommandRun run = evaluate("--card", card.toString(), "--precision", "bf16");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("Precision "))).singleElement().asString()
                .startsWith("Precision bf16 -> bf16; CPU ");
        assertThat(run.out().lines().filter(l -> l.startsWith("teacher: ") || l.startsWith("tiny rho ")))
                .hasSize(1 + 3)
                .allSatisfy(line -> assertThat(line).contains(" % in bf16"));
        assertThat(Files.readString(card)).contains("measured by that command in bf16 on the same 128 test frames");
    }

    @Test
    void shouldRefuseToShipACardMeasuredInAnotherPrecisionThanFp32() {
        Path ship = dir.resolve("shipped");

        CommandRun run = evaluate("--card", dir.resolve("refused.md").toString(), "--ship", ship.toString(),
                "--precision", "bf16");

        assertThat(run.code()).isEqualTo(GlimpseCommandLine.USAGE);
        assertThat(run.err()).contains("--ship writes the fp32 reference card; measure bf16 without --ship");
        assertThat(ship).doesNotExist();
    }

    @Test
    void shouldMeasureEveryModelOnCameraSizeFramesTooAndPutThemOnTheCard() throws Exception {
        Path card = dir.resolve("camera").resolve("card.md");

        CommandRun run = evaluate("--card", card.toString(), "--camera-frames", "64");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("camera-size teacher: "))).hasSize(1);
        assertThat(run.out().lines().filter(l -> l.startsWith("camera-size tiny rho "))).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains(" % in fp32"));
        assertThat(Files.readString(card)).contains("## Camera-size frames", "64 frames, each clip at one of 640x480,"
                + " 1280x720", "| tiny | 0.7 | ");
    }

    @Test
    void shouldWriteTheCardButNotShipWhenTheTargetsAreNotMet() throws Exception {
        Path ship = dir.resolve("not-shipped");
        Path card = dir.resolve("missed").resolve("card.md");

        CommandRun run = evaluate("--card", card.toString(), "--ship", ship.toString(), "--camera-frames", "0");

        assertThat(run.code()).as("one step of training is far from 88 %").isEqualTo(1);
        assertThat(run.out()).contains("Not shipped: the card's targets are not all met on the test frames");
        assertThat(card).isRegularFile();
        assertThat(Files.readString(card)).doesNotContain("Camera-size frames");
        assertThat(ship).doesNotExist();
    }

    @Test
    void shouldMeasureAnInterpolationBetweenAFineTuneAndItsStartAndSayHowItWasMade() throws Exception {
        Path fineTune = dir.resolve("teacher-fine-tuned");
        Path between = dir.resolve("teacher-between");
        Path start = teacher.resolve(TeacherTrainer.WEIGHTS);
        CommandRun tuned = CommandRun.of(with("train-teacher", "--output", fineTune.toString(), "--init", start.toString(),
                "--camera-share", "0.5"));
        assertThat(tuned.code()).as(tuned.err()).isZero();

        CommandRun interpolated = CommandRun.of("interpolate", "--from", start.toString(), "--to", fineTune.toString(),
                "--alpha", "0.25", "--output", between.toString());
        assertThat(interpolated.code()).as(interpolated.err()).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList a = Safetensors.read(manager, start);
            NDList b = Safetensors.read(manager, fineTune.resolve(TeacherTrainer.WEIGHTS));
            NDList mixed = Safetensors.read(manager, between.resolve(TeacherTrainer.WEIGHTS));
            assertThat(mixed).hasSameSizeAs(a);
            for (NDArray m : mixed) {
                NDArray expected = a.get(m.getName()).mul(0.75f).add(b.get(m.getName()).mul(0.25f));
                assertThat(m.allClose(expected, 1e-6, 1e-6, false)).as(m.getName()).isTrue();
            }
        }

        Path card = dir.resolve("between").resolve("card.md");
        CommandRun run = CommandRun.of("evaluate", "--teacher", between.toString(), "--student", "tiny=" + student,
                "--test-frames", "128", "--check-frames", "64", "--rhos", "0.7", "--camera-frames", "0",
                "--card", card.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(card)).contains("camera sizes", "; weights 0.75 × " + start + " + 0.25 × this run"
                + " (WiSE-FT interpolation).");
    }

    @Test
    void shouldRefuseAPrecisionItDoesNotKnow() {
        CommandRun run = evaluate("--card", dir.resolve("unknown.md").toString(), "--precision", "fp16");

        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("fp32, bf16 or auto");
    }

    private static CommandRun evaluate(String... args) {
        return CommandRun.of(Stream.concat(Stream.of("evaluate", "--teacher", teacher.toString(),
                "--student", "tiny=" + student, "--test-frames", "128", "--check-frames", "64", "--rhos", "1.0,0.7,0.5"),
                Stream.of(args)).toArray(String[]::new));
    }

    private static String[] with(String... args) {
        return Stream.concat(Stream.of(args), Stream.of(ONE_STEP)).toArray(String[]::new);
    }
}
