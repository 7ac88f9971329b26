package io.glimpse.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.cli.GlimpseCommandLine;
import io.glimpse.model.CostProfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code glimpse model bench --write-profile}: the table's medians, written as a cost profile. */
class BenchProfileTest {

    @Test
    void shouldWriteAProfileOverTheBatchAndRhoGrid(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"img_size": 32, "patch_size": 8, "in_chans": 3, "embed_dim": 32, "depth": 4, "num_heads": 2,
                 "mlp_ratio": 2.0, "qkv_bias": true, "num_classes": 3, "pruning_loc": [1, 2, 3]}
                """);
        Path out = dir.resolve("profile.json");
        CommandLine cli = GlimpseCommandLine.of(new ModelCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("bench", "--config", config.toString(), "--batch", "1,4", "--rho", "1.0,0.5",
                "--rounds", "1", "--images-per-round", "1", "--write-profile", out.toString());

        assertThat(code).as(err.toString()).isZero();
        CostProfile profile = CostProfile.read(out);
        assertThat(profile.getBatchSizes()).containsExactly(1, 4);
        assertThat(profile.getKeepRatios()).containsExactly(0.5, 1.0);
        assertThat(profile.predictMillis(4, 0.75)).isPositive();
        assertThat(profile.getDescription()).contains("glimpse model bench").contains("1 rounds");
    }
}
