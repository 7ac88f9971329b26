package io.glimpse.schemas.weights;

import io.glimpse.schemas.registry.SubjectNameStrategy;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;

/**
 * How model versions lie on the models topic: which key each record has, which partition it goes to,
 * and how the topic is configured. Publisher, rollback and every follower agree on it through this class.
 *
 * <p>A version is {@code chunkCount} {@link io.glimpse.schemas.avro.ModelChunk} records keyed
 * {@code <version>/chunk/<index>}, then one {@link io.glimpse.schemas.avro.ModelManifest} keyed
 * {@code <version>}, all in {@linkplain #partitionFor the partition of the version}, written in one
 * transaction. Two invariants follow:
 * <ul>
 *   <li><b>Compaction never mixes versions.</b> The topic is compacted so that it keeps every version
 *       (a rollback needs old chunks) without growing with re-publications; since every chunk key holds
 *       its version, compaction can only replace a chunk by a newer copy of the same chunk of the same
 *       version, never by another version's.</li>
 *   <li><b>A manifest comes after its chunks.</b> Kafka orders records within a partition, every record
 *       of a version goes to the same partition, and the manifest is sent last; so a reader that reaches
 *       a manifest has already read the chunks it describes. Compaction keeps this: it only removes older
 *       copies of a key, and a re-publication writes chunks and manifest again, in the same order.</li>
 * </ul>
 * Two record types on one topic need a subject per record type in the registry:
 * {@link #serdeConfig} turns the default topic-name subjects into {@link #SUBJECT_STRATEGY topic-record-name} ones.
 */
public final class ModelsTopic {

    /** The topic's default name. */
    public static final String DEFAULT_NAME = "glimpse.models";
    /** Separates a version from a chunk index in a chunk key. */
    public static final String CHUNK_KEY_INFIX = "/chunk/";
    /** Subjects are {@code <topic>-<record full name>}: ModelChunk and ModelManifest each have their own. */
    public static final SubjectNameStrategy SUBJECT_STRATEGY = SubjectNameStrategy.TOPIC_RECORD_NAME;
    /** The longest version accepted, in characters. */
    public static final int MAX_VERSION_LENGTH = 200;

    private ModelsTopic() {}

    /** The key of chunk {@code index} of {@code version}: {@code <version>/chunk/<index>}. */
    public static String chunkKey(String version, int index) {
        return requireValidVersion(version) + CHUNK_KEY_INFIX + index;
    }

    /** The key of the manifest of {@code version}: the version itself. */
    public static String manifestKey(String version) {
        return requireValidVersion(version);
    }

    /** The version a record key belongs to (a chunk key or a manifest key), if it is one of this topic's. */
    public static Optional<String> versionOf(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        int infix = key.indexOf(CHUNK_KEY_INFIX);
        return Optional.of(infix < 0 ? key : key.substring(0, infix));
    }

    /**
     * The partition every record of {@code version} goes to: murmur2 of the version's UTF-8 bytes, as
     * Kafka's default partitioner hashes keys, so the choice is stable across clients and restarts.
     */
    public static int partitionFor(String version, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(requireValidVersion(version).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The topic as the publisher creates it: compacted, 1 partition, replication factor 1. */
    public static NewTopic newTopic(String name) {
        return newTopic(name, 1, (short) 1);
    }

    /** The topic compacted, with the given partitions and replication factor (3 on a production cluster). */
    public static NewTopic newTopic(String name, int partitions, short replicationFactor) {
        Objects.requireNonNull(name, "name");
        return new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * The serde configuration for the topic's values: {@code config} itself when it already names subjects
     * by record, otherwise the same registry and auto-registration with {@link #SUBJECT_STRATEGY} — under
     * the default topic-name strategy ModelChunk and ModelManifest would compete for one subject.
     */
    public static AvroSerdeConfig serdeConfig(AvroSerdeConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.subjectNameStrategy() != SubjectNameStrategy.TOPIC_NAME) {
            return config;
        }
        return AvroSerdeConfig.builder()
                .setRegistry(config.registry())
                .optAutoRegister(config.autoRegister())
                .optKey(config.isKey())
                .optSubjectNameStrategy(SUBJECT_STRATEGY)
                .build();
    }

    /**
     * Returns {@code version} if it can name a model version: 1 to {@value #MAX_VERSION_LENGTH} characters,
     * no {@code /} (it separates the version in chunk keys), no whitespace or control characters.
     */
    public static String requireValidVersion(String version) {
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("a model version must not be empty");
        }
        if (version.length() > MAX_VERSION_LENGTH) {
            throw new IllegalArgumentException("model version longer than " + MAX_VERSION_LENGTH + " characters: "
                    + version.substring(0, 40) + "...");
        }
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("model version '" + version
                        + "' contains '/', whitespace or a control character");
            }
        }
        return version;
    }
}
