package io.glimpse.trainer.cli;

import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.trainer.publish.ModelDirectory;
import io.glimpse.trainer.publish.Publication;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glimpse train publish}: puts a model directory's weights on the models topic, so that every
 * running Glimpse app that trusts the key swaps to them.
 */
@Command(name = "publish",
        description = "Publish a model directory's weights to the models topic: chunked, hashed, signed, in one transaction.")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    PublishOptions options;

    @Option(names = "--model-dir", required = true, paramLabel = "DIR",
            description = "Model directory: config.json, labels.txt, card.json (optional) and the weights")
    Path modelDir;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights to publish (safetensors; default: DIR/student.safetensors)")
    Path weights;

    @Option(names = "--card-entry", paramLabel = "NAME",
            description = "card.json entry with the accuracy per rho (default: teacher for teacher*.safetensors, else the card's shipped_student)")
    String cardEntry;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (options.version == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--version=VERSION'");
        }
        Publication publication = options.publication(spec.commandLine());
        ModelDirectory dir = ModelDirectory.of(modelDir);
        Path file = weights != null ? weights : dir.defaultWeights();
        PublishedModel published = publication.publish(dir.read(options.version, file,
                Optional.ofNullable(cardEntry)));
        spec.commandLine().getOut().println("published " + publication.describe(published));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
