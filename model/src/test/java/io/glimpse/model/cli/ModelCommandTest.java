package io.glimpse.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

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
        CommandLine cli = new CommandLine(new ModelCommand());
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
    void shouldRefuseAKeepRatioOutsideZeroToOne(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = run(err, "infer", "--config", FIXTURE.resolve("config.json").toString(),
                "--weights", FIXTURE.resolve("params.safetensors").toString(),
                "--input", FIXTURE.resolve("inputs.safetensors").toString(), "--rho", "1.5",
                "--out", dir.resolve("x.safetensors").toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("Keep ratio must be in (0, 1]");
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
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
