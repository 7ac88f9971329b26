package io.glimpse.trainer.cli;

import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.trainer.publish.ModelDirectory;
import io.glimpse.trainer.publish.Publication;
import io.glimpse.trainer.train.TeacherTrainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --publish} for the training commands: checked before the run starts (a bad key should not
 * wait hours to be found), carried out with the run's weights once it finished.
 */
final class TrainingPublication {

    @Option(names = "--publish", description = "When the run finishes, publish its weights to the models topic"
            + " (version: --version, or the output directory's name and the time)")
    boolean publish;

    @Mixin
    PublishOptions options;

    /**
     * Checks the publishing flags when {@code --publish} is given.
     *
     * @param cli the command line: usage errors name it, the unsigned-manifest warning goes to its error stream
     * @return the publication to run after training, or null without {@code --publish}
     * @throws IOException if the key cannot be read
     */
    Publication prepare(CommandLine cli) throws IOException {
        if (!publish) {
            if (options.version != null || options.key != null) {
                throw new ParameterException(cli, "--version and --key only apply with --publish");
            }
            return null;
        }
        return options.publication(cli);
    }

    /**
     * Publishes a finished run's weights ({@code model.safetensors} and {@code config.json} in its output).
     *
     * @param publication what {@link #prepare} returned, or null to do nothing
     * @param output the run's output directory
     * @param out where the one-line summary goes
     * @throws IOException if the run's files cannot be read
     */
    void publish(Publication publication, Path output, PrintWriter out) throws IOException {
        if (publication == null) {
            return;
        }
        Path dir = output.toAbsolutePath().normalize();
        String version = options.versionOr(dir.getFileName() == null ? null : dir.getFileName().toString(),
                Clock.systemUTC());
        PublishedModel published = publication.publish(
                ModelDirectory.of(dir).read(version, dir.resolve(TeacherTrainer.WEIGHTS), Optional.empty()));
        out.println("published " + publication.describe(published));
        out.flush();
    }
}
