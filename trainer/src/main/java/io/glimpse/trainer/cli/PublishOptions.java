package io.glimpse.trainer.cli;

import io.glimpse.schemas.weights.ManifestSigner;
import io.glimpse.schemas.weights.ModelsTopic;
import io.glimpse.schemas.weights.SigningKeys;
import io.glimpse.schemas.weights.WeightsChunker;
import io.glimpse.trainer.publish.Publication;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The publishing flags {@code publish}, {@code distill --publish} and {@code train-teacher --publish}
 * share: what version, signed with which key, cut how, sent where.
 */
final class PublishOptions {

    /** The largest chunk accepted: with its framing it must fit the broker's default message.max.bytes (1 MB). */
    static final int MAX_CHUNK_SIZE = 1_000_000;
    static final int MIN_CHUNK_SIZE = 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "Model version to publish, unique on the topic (no '/' or spaces); required by publish")
    String version;

    @Option(names = "--key", paramLabel = "PRIVATE.pem",
            description = "Ed25519 private key that signs the manifest (glimpse train keys generate); without it the manifest is unsigned")
    Path key;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "" + WeightsChunker.DEFAULT_CHUNK_SIZE,
            description = "Bytes per chunk record, " + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE + " (default: ${DEFAULT-VALUE})")
    int chunkSize;

    /**
     * The version to publish: the one given, else {@code <name>-<UTC timestamp>}.
     *
     * @param name what the version is derived from when none was given (an output directory's name)
     * @param clock the clock of the timestamp
     */
    String versionOr(String name, Clock clock) {
        if (version != null) {
            return ModelsTopic.requireValidVersion(version);
        }
        String base = name == null || name.isBlank() ? "model" : name.replaceAll("[/\\s\\p{Cntrl}]+", "-");
        return ModelsTopic.requireValidVersion(base + "-" + STAMP.format(clock.instant()));
    }

    /**
     * Checks the flags and loads the key: everything that can fail before a publication (or a training run
     * that ends in one) starts. Warns on the command line's error stream when the manifest will be unsigned.
     *
     * @throws ParameterException (a usage error) for a chunk size out of range or an invalid version
     */
    Publication publication(CommandLine cli) throws IOException {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new ParameterException(cli, "--chunk-size must be between " + MIN_CHUNK_SIZE + " and "
                    + MAX_CHUNK_SIZE + " bytes, got " + chunkSize);
        }
        if (version != null) {
            try {
                ModelsTopic.requireValidVersion(version);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cli, "--version: " + e.getMessage());
            }
        }
        ManifestSigner signer = key == null ? null : new ManifestSigner(SigningKeys.readPrivateKey(key));
        PrintWriter err = cli.getErr();
        if (signer == null) {
            err.println("warning: publishing an unsigned manifest; apps refuse it unless glimpse.model.allow.unsigned=true"
                    + " (sign with --key; make a key with 'glimpse train keys generate')");
            err.flush();
        }
        return Publication.builder()
                .setClientProperties(connection.clientProperties())
                .optTopic(connection.topic)
                .optChunkSize(chunkSize)
                .optSigner(signer)
                .build();
    }
}
