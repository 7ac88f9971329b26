package io.glimpse.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.cli.GlimpseCommandLine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code glimpse model bench --precision}: each precision is one more alternated setting. */
class BenchPrecisionTest {

    @Test
    void shouldTimeEachRequestedPrecisionAsItsOwnRows(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = cli(err).execute("bench", "--config", tinyConfig(dir).toString(), "--batch", "1", "--rho", "0.5",
                    "--rounds", "1", "--images-per-round", "1", "--precision", "fp32,bf16");
        } finally {
            System.setOut(original);
        }

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString()).isZero();
        assertThat(table).contains("precision [fp32, bf16] -> [fp32, bf16]");
        assertThat(table.lines().filter(l -> l.startsWith("fp32 "))).hasSize(2);
        assertThat(table.lines().filter(l -> l.startsWith("bf16 "))).hasSize(2);
    }

    @Test
    void shouldRejectAPrecisionItDoesNotKnow(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();

        int code = cli(err).execute("bench", "--config", tinyConfig(dir).toString(), "--precision", "fp16");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("fp32, bf16 or auto");
    }

    private static CommandLine cli(StringWriter err) {
        CommandLine cli = GlimpseCommandLine.of(new ModelCommand());
        cli.setErr(new PrintWriter(err));
        return cli;
    }

    private static Path tinyConfig(Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"img_size": 32, "patch_size": 8, "in_chans": 3, "embed_dim": 32, "depth": 4, "num_heads": 2,
                 "mlp_ratio": 2.0, "qkv_bias": true, "num_classes": 3, "pruning_loc": [1, 2, 3]}
                """);
        return config;
    }
}
