package io.glimpse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

class GlimpseCommandLineTest {

    @Command(name = "glimpse tool", subcommands = Read.class)
    static final class Tool implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "read")
    static final class Read implements Callable<Integer> {
        @Option(names = "--file", required = true)
        Path file;

        @Option(names = "--for", converter = DurationConverter.class)
        Duration duration = Duration.ZERO;

        @Override
        public Integer call() throws Exception {
            Files.readAllBytes(file);
            return 0;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = GlimpseCommandLine.of(new Tool());
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    @Test
    void aMissingFileIsOneLineAndExitCodeOne() {
        int code = run("read", "--file", "/no/such/file");

        assertThat(code).isEqualTo(GlimpseCommandLine.FAILURE).isEqualTo(1);
        assertThat(err.toString().strip().lines()).containsExactly("read: no such file: /no/such/file");
    }

    @Test
    void verboseAddsTheStackTrace() {
        int code = run("read", "--file", "/no/such/file", "--verbose");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("java.nio.file.NoSuchFileException", "\tat ");
        assertThat(err.toString().strip().lines().reduce((a, b) -> b)).hasValue("read: no such file: /no/such/file");
    }

    @Test
    void aUsageErrorExitsTwoAndPointsToHelp() {
        int code = run("read", "--file", "x", "--fil");

        assertThat(code).isEqualTo(GlimpseCommandLine.USAGE).isEqualTo(2);
        assertThat(err.toString())
                .contains("read: Unknown option: '--fil'")
                .contains("Possible solutions: --file")
                .contains("Try 'glimpse tool read --help' for usage.")
                .doesNotContain("\tat ");
    }

    @Test
    void aBareNumberIsSecondsAndNonsenseIsAUsageError() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("60")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(run("read", "--file", "x", "--for", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void describesACauseOnlyWhenItAddsSomething() {
        Exception wrapped = new IllegalStateException("Inference failed", new ArithmeticException("NaN"));
        Exception repeated = new IllegalStateException("x: boom", new RuntimeException("boom"));

        assertThat(GlimpseCommandLine.describe(wrapped)).isEqualTo("Inference failed: NaN");
        assertThat(GlimpseCommandLine.describe(repeated)).isEqualTo("x: boom");
        assertThat(GlimpseCommandLine.describe(new IllegalArgumentException("two\nlines"))).isEqualTo("two lines");
    }
}
