package io.glimpse.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.model.Fixtures;
import io.glimpse.model.io.Safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The {@code glimpse model} command line as users and conformance checks call it. */
class ModelCommandTest {

    private static final Path FIXTURE = Fixtures.referenceDir();

    private static int run(StringWriter err, String... args) {
        CommandLine cli = GlimpseCommandLine.of(new ModelCommand());
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldWriteTheOfficialLogitsAndKeptTokenMaps(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.safetensors");
        int code = run(new StringWriter(), "infer", "--config", FIXTURE.resolve("config.json").toString(),
                "--weights", FIXTURE.resolve("params.safetensors").toString(),
                "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--tensor", "images",
                "--rho", "0.7", "--out", out.toString());

        assertThat(code).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList actual = Safetensors.read(manager, out);
            NDList expected = Safetensors.read(manager, FIXTURE.resolve("eval_base.safetensors"));
            assertThat(actual.stream().map(a -> a.getName()).toList()).containsExactlyInAnyOrder("logits", "keep_orig_stage1", "keep_orig_stage2", "keep_orig_stage3");
            assertThat(actual.get("logits").sub(expected.get("logits")).abs().max().getFloat()).isLessThan(1e-4f);
            for (int s = 1; s <= 3; s++) {
                assertThat(actual.get("keep_orig_stage" + s).toLongArray())
                        .containsExactly(expected.get("keep_orig_stage" + s).toLongArray());
            }
        }
    }

    @Test
    void shouldWriteOnlyLogitsForTheDenseBackbone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dense.safetensors");
        int code = run(new StringWriter(), "infer", "--config", FIXTURE.resolve("config.json").toString(),
                "--weights", FIXTURE.resolve("params.safetensors").toString(),
                "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--dense", "--out", out.toString());

        assertThat(code).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList actual = Safetensors.read(manager, out);
            NDList expected = Safetensors.read(manager, FIXTURE.resolve("dense.safetensors"));
            assertThat(actual.stream().map(a -> a.getName()).toList()).containsExactly("logits");
            assertThat(actual.get("logits").sub(expected.get("teacher_logits")).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void shouldRefuseAKeepRatioOutsideZeroToOneAsAUsageErrorInOneLine(@TempDir Path dir) {
        for (String rho : new String[] {"1.5", "0"}) {
            StringWriter err = new StringWriter();
            int code = run(err, "infer", "--config", FIXTURE.resolve("config.json").toString(),
                    "--weights", FIXTURE.resolve("params.safetensors").toString(),
                    "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--rho", rho,
                    "--out", dir.resolve("x.safetensors").toString());

            assertThat(code).as("rho %s", rho).isEqualTo(2);
            assertThat(err.toString().lines().findFirst())
                    .hasValueSatisfying(line -> assertThat(line).contains("Keep ratio must be in (0, 1]"));
            assertThat(err.toString()).doesNotContain("\tat ");
            assertThat(dir.resolve("x.safetensors")).doesNotExist();
        }
    }

    @Test
    void shouldSayInOneLineThatAFileIsMissing(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = run(err, "infer", "--config", FIXTURE.resolve("config.json").toString(),
                "--weights", dir.resolve("missing.safetensors").toString(),
                "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--rho", "0.7",
                "--out", dir.resolve("x.safetensors").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip().lines())
                .containsExactly("infer: no such file: " + dir.resolve("missing.safetensors"));
    }

    @Test
    void shouldSayInOneLineThatWeightsDoNotFitTheConfiguration(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(FIXTURE.resolve("config.json"))
                .replace("\"num_classes\": 10", "\"num_classes\": 7"));
        StringWriter err = new StringWriter();
        int code = run(err, "infer", "--config", config.toString(),
                "--weights", FIXTURE.resolve("params.safetensors").toString(),
                "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--rho", "0.7",
                "--out", dir.resolve("x.safetensors").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip().lines()).hasSize(1).first().asString().startsWith("infer: ");
    }

    @Test
    void shouldPassConformanceOnTheReferenceFixture() {
        assertThat(run(new StringWriter(), "conform", "--fixture", FIXTURE.toString())).isZero();
    }

    @Test
    void shouldFailConformanceWhenTheReferenceDisagrees(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        // The rho 0.5 outputs presented as the rho 0.7 ones: every kept-index check must fail.
        Files.copy(FIXTURE.resolve("eval_alt.safetensors"), dir.resolve("eval_base.safetensors"),
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(run(new StringWriter(), "conform", "--fixture", dir.toString())).isNotZero();
    }
}
