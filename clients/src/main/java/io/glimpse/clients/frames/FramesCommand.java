package io.glimpse.clients.frames;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code glimpse frames}: frames for a deployment from the command line, so real video can be
 * classified without writing a camera gateway.
 */
@Command(
        name = "glimpse frames",
        mixinStandardHelpOptions = true,
        description = "Put video frames on the frames topic.",
        subcommands = {SendCommand.class})
public final class FramesCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new FramesCommand(), args);
    }

    /** {@inheritDoc} */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
