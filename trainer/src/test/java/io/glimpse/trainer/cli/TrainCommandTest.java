package io.glimpse.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldOfferTheTrainingAndPublishingSubcommands() {
        CommandLine cli = new CommandLine(new TrainCommand());
        assertThat(cli.getSubcommands()).containsKeys("train-teacher", "distill", "evaluate", "publish", "rollback", "keys");
    }

    @Test
    void shouldRefusePublishingFlagsWithoutPublish() {
        StringWriter err = new StringWriter();
        CommandLine cli = GlimpseCommandLine.of(new TrainCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("train-teacher", "--output", dir.toString(), "--version", "v1");

        assertThat(code).isEqualTo(GlimpseCommandLine.USAGE);
        assertThat(err.toString()).contains("--publish");
    }

    @Test
    void shouldFailWithTheKeyNameOnAnUnknownConfigurationKey() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"learningRate\": 0.1}");
        StringWriter err = new StringWriter();
        CommandLine cli = GlimpseCommandLine.of(new TrainCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("train-teacher", "--config", config.toString(), "--output", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .startsWith("train-teacher: ").contains("learningRate");
    }

    @Test
    void shouldRefuseToDistilWithoutATeacher() {
        StringWriter err = new StringWriter();
        CommandLine cli = GlimpseCommandLine.of(new TrainCommand()).setErr(new PrintWriter(err));

        int code = cli.execute("distill", "--output", dir.toString(), "--max-steps", "1");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("teacher").doesNotContain("\tat ");
    }
}
