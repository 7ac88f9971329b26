package io.glimpse.trainer.cli;

import io.glimpse.trainer.train.WeightInterpolation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code glimpse train interpolate}: writes {@code (1 − α)·from + α·to}, a model between a fine-tune
 * and the weights it started from, as a run directory that {@code evaluate} measures and ships like a
 * trained one.
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Interpolate a fine-tune with the weights it started from (WiSE-FT): (1 - alpha) x FROM + alpha x TO,"
                + " written as a run directory that evaluate reads.")
final class InterpolateCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "WEIGHTS",
            description = "The weights the fine-tune started from (e.g. models/fashion-video/teacher.safetensors)")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "RUN", description = "The fine-tune's run directory")
    Path to;

    @Option(names = "--alpha", required = true, description = "The fine-tune's share, from 0 (FROM) to 1 (TO)")
    double alpha;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The run directory to write")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WeightInterpolation.write(new WeightInterpolation.Recipe(from.toString(), to.toString(), alpha), output);
        spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %s: %s weighted %.3f, %s weighted %.3f%n", output, from,
                1 - alpha, to, alpha);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
