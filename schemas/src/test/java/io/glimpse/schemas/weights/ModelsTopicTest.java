package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import io.glimpse.schemas.registry.SubjectNameStrategy;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class ModelsTopicTest {

    /** A registry client that is never called: only the serde configuration is looked at. */
    private static final SchemaRegistryClient UNUSED_REGISTRY =
            RestSchemaRegistryClient.builder().setUrl("http://127.0.0.1:9").build();

    @Test
    void shouldKeyChunksByVersionAndIndexAndManifestsByVersion() {
        assertThat(ModelsTopic.chunkKey("fashion-2026-01-15", 7)).isEqualTo("fashion-2026-01-15/chunk/7");
        assertThat(ModelsTopic.manifestKey("fashion-2026-01-15")).isEqualTo("fashion-2026-01-15");
        assertThat(ModelsTopic.versionOf("fashion-2026-01-15/chunk/7")).contains("fashion-2026-01-15");
        assertThat(ModelsTopic.versionOf("fashion-2026-01-15")).contains("fashion-2026-01-15");
    }

    @Test
    void shouldSendEveryRecordOfAVersionToOneStablePartition() {
        assertThat(ModelsTopic.partitionFor("v1", 1)).isZero();
        assertThat(ModelsTopic.partitionFor("v1", 12)).isEqualTo(ModelsTopic.partitionFor("v1", 12)).isBetween(0, 11);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(ModelsTopic.partitionFor("version-" + i, 12));
        }
        assertThat(used).as("versions spread over the partitions").hasSize(12);
    }

    @Test
    void shouldCreateACompactedTopicOfOnePartitionByDefault() {
        NewTopic topic = ModelsTopic.newTopic("glimpse.models");

        assertThat(topic.name()).isEqualTo("glimpse.models");
        assertThat(topic.numPartitions()).isEqualTo(1);
        assertThat(topic.replicationFactor()).isEqualTo((short) 1);
        assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(ModelsTopic.newTopic("m", 3, (short) 3).replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldGiveEachRecordTypeItsOwnSubject() {
        AvroSerdeConfig byTopic = AvroSerdeConfig.builder().setRegistry(UNUSED_REGISTRY).build();

        AvroSerdeConfig values = ModelsTopic.serdeConfig(byTopic);

        assertThat(values.subjectNameStrategy().subjectName("glimpse.models", false, ModelChunk.getClassSchema()))
                .isNotEqualTo(values.subjectNameStrategy().subjectName("glimpse.models", false, ModelManifest.getClassSchema()))
                .isEqualTo("glimpse.models-io.glimpse.schemas.avro.ModelChunk");
        AvroSerdeConfig byRecord = AvroSerdeConfig.builder().setRegistry(UNUSED_REGISTRY)
                .optSubjectNameStrategy(SubjectNameStrategy.RECORD_NAME).build();
        assertThat(ModelsTopic.serdeConfig(byRecord)).isSameAs(byRecord);
    }

    @Test
    void shouldRefuseVersionsThatCannotBeKeys() {
        assertThatThrownBy(() -> ModelsTopic.chunkKey("a/chunk/1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelsTopic.partitionFor("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelsTopic.partitionFor("v1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelsTopic.requireValidVersion("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }
}
