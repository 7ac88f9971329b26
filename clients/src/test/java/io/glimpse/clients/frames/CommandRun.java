package io.glimpse.clients.frames;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command line run in this JVM, with what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = GlimpseCommandLine.of(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** The first line of stderr: the error, for a failed run. */
    String errorLine() {
        return err.lines().findFirst().orElse("");
    }
}
