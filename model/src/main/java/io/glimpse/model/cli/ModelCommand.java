package io.glimpse.model.cli;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code glimpse model}: run, check and measure DynamicViT. */
@Command(
        name = "glimpse model",
        mixinStandardHelpOptions = true,
        description = "DynamicViT on DJL: inference, conformance with the official code, benchmarks.",
        subcommands = {InferCommand.class, ConformCommand.class, BenchCommand.class})
public final class ModelCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new ModelCommand(), args);
    }
}
