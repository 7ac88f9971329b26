package io.glimpse.trainer.cli;

import io.glimpse.cli.GlimpseCommandLine;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code glimpse train}: the trainer's command line. Each subcommand reads an optional JSON
 * configuration ({@code --config}) and lets flags override it.
 */
@Command(name = "glimpse train", mixinStandardHelpOptions = true,
        description = "Train the dense teacher, distil DynamicViT from it, evaluate both and write the model card;"
                + " publish weights to running apps and roll them back.",
        subcommands = {TrainTeacherCommand.class, DistillCommand.class, EvaluateCommand.class, PublishCommand.class,
                RollbackCommand.class, KeysCommand.class, InterpolateCommand.class})
public final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        GlimpseCommandLine.run(new TrainCommand(), args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
