package io.glimpse.trainer.cli;

import io.glimpse.trainer.publish.Publication;
import io.glimpse.trainer.train.Distiller;
import io.glimpse.trainer.train.RunLog;
import io.glimpse.trainer.train.TrainingConfig;
import io.glimpse.trainer.train.TrainingData;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glimpse train distill}: DynamicViT's distilled fine-tune from a trained teacher. */
@Command(name = "distill",
        description = "Fine-tune DynamicViT from the dense teacher (SPEC section 7 losses and schedules).")
final class DistillCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    RunOptions options;

    @Mixin
    TrainingPublication publishing;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--teacher", description = "The teacher's model.safetensors (config.json beside it)")
    String teacher;

    @Option(names = "--rho", description = "Fixed target keep ratio (default 0.7)")
    Double rho;

    @Option(names = "--rho-range", split = ",", description = "min,max: sample the target rho per batch (rho-robust)")
    double[] rhoRange;

    @Option(names = "--backbone-frozen-epochs", description = "Epochs with backbone learning rate 0")
    Double backboneFrozenEpochs;

    @Override
    public Integer call() throws Exception {
        TrainingConfig.Builder b = options.builder();
        if (teacher != null) {
            b.optTeacher(teacher);
        }
        if (rho != null) {
            b.optRho(rho);
        }
        if (rhoRange != null) {
            if (rhoRange.length != 2) {
                throw new IllegalArgumentException("--rho-range takes min,max");
            }
            b.optRhoRange(rhoRange[0], rhoRange[1]);
        }
        if (backboneFrozenEpochs != null) {
            b.optBackboneFrozenEpochs(backboneFrozenEpochs);
        }
        TrainingConfig config = b.build();
        Publication publication = publishing.prepare(spec.commandLine());
        try (RunLog log = new RunLog(Path.of(config.getOutput(), "run.log"),
                config.isProgressBar() ? null : System.out)) {
            new Distiller(config, TrainingData.load(config)).train(options.resume, log);
        }
        publishing.publish(publication, Path.of(config.getOutput()), spec.commandLine().getOut());
        return 0;
    }
}
