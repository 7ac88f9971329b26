package io.glimpse.trainer.cli;

import io.glimpse.cli.GlimpseCommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * One {@code glimpse train} command line run in this JVM, as the launcher would run it.
 *
 * @param code the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CommandRun(int code, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GlimpseCommandLine.of(new TrainCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
