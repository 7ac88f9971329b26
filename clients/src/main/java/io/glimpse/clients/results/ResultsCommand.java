package io.glimpse.clients.results;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code glimpse results}: a deployment's results, read from the command line. */
@Command(
        name = "glimpse results",
        mixinStandardHelpOptions = true,
        description = "Read results from the results topic.",
        subcommands = {TailCommand.class})
public final class ResultsCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new ResultsCommand(), args);
    }

    /** {@inheritDoc} */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
