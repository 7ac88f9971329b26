package io.glimpse.trainer.cli;

import io.glimpse.schemas.weights.ModelAssembler;
import io.glimpse.schemas.weights.ModelsTopicReader;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.WeightsRejectedException;
import io.glimpse.trainer.publish.Publication;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glimpse train rollback}: publishes a version that is already on the models topic again,
 * unchanged (its manifest keeps its signature), so that it becomes the newest and every following app
 * goes back to it.
 */
@Command(name = "rollback",
        description = "Publish a version already on the models topic again, unchanged, so every app goes back to it.")
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version to go back to")
    String version;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PublishedModel found = ModelsTopicReader.builder()
                .setConsumerProperties(connection.clientProperties())
                .optTopic(connection.topic)
                .build()
                .find(version)
                .orElseThrow(() -> new IllegalArgumentException("version " + version + " is not on " + connection.topic));
        ModelAssembler assembler = new ModelAssembler();
        found.chunks().forEach(assembler::add);
        try {
            assembler.complete(found.manifest());
        } catch (WeightsRejectedException e) {
            throw new IllegalStateException("cannot roll back to " + version + " (" + e.reason().tag() + "): "
                    + e.getMessage(), e);
        }
        Publication publication = Publication.builder()
                .setClientProperties(connection.clientProperties())
                .optTopic(connection.topic)
                .build();
        publication.republish(found);
        spec.commandLine().getOut().println("rolled back to " + publication.describe(found));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
