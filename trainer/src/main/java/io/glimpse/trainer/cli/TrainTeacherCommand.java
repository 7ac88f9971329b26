package io.glimpse.trainer.cli;

import io.glimpse.trainer.publish.Publication;
import io.glimpse.trainer.train.RunLog;
import io.glimpse.trainer.train.TeacherTrainer;
import io.glimpse.trainer.train.TrainingConfig;
import io.glimpse.trainer.train.TrainingData;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code glimpse train train-teacher}: trains the dense teacher from scratch. */
@Command(name = "train-teacher",
        description = "Train the dense DeiT-structured teacher from scratch on generated clips.")
final class TrainTeacherCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    RunOptions options;

    @Mixin
    TrainingPublication publishing;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = options.builder().build();
        Publication publication = publishing.prepare(spec.commandLine());
        try (RunLog log = new RunLog(Path.of(config.getOutput(), "run.log"),
                config.isProgressBar() ? null : System.out)) {
            new TeacherTrainer(config, TrainingData.load(config)).train(options.resume, log);
        }
        publishing.publish(publication, Path.of(config.getOutput()), spec.commandLine().getOut());
        return 0;
    }
}
