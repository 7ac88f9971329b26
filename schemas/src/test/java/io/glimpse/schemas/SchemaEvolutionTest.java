package io.glimpse.schemas;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.schemas.registry.Compatibility;
import io.glimpse.schemas.registry.IncompatibleSchemaException;
import io.glimpse.schemas.registry.RestSchemaRegistryClient;
import io.glimpse.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evolution rule: every Glimpse schema stays BACKWARD compatible, judged by the real registry.
 * Adding a field with a default is accepted; adding one without is refused; and today's schemas are
 * accepted after the published baselines.
 */
@ExtendWith(GlimpseServersExtension.class)
class SchemaEvolutionTest {

    private static SchemaRegistryClient registry;

    @BeforeAll
    static void connect(LocalServers servers) {
        registry = RestSchemaRegistryClient.builder().setUrl(servers.registryUrl()).build();
    }

    static Stream<Schema> glimpseSchemas() {
        return GlimpseSchemas.all().stream();
    }

    @Test
    void shouldListEveryRecordGeneratedFromTheAvscFiles() {
        assertThat(GlimpseSchemas.all()).extracting(Schema::getName)
                .containsExactly("VideoFrame", "FrameResult", "ModelManifest", "ModelChunk", "ModelStatusEvent");
    }

    @ParameterizedTest
    @MethodSource("glimpseSchemas")
    void shouldDocumentEveryField(Schema schema) {
        assertThat(schema.getDoc()).as(schema.getName()).isNotBlank();
        allRecords(schema, new ArrayList<>()).forEach(record -> record.getFields().forEach(field ->
                assertThat(field.doc()).as(record.getName() + "." + field.name()).isNotBlank()));
    }

    @ParameterizedTest
    @MethodSource("glimpseSchemas")
    void shouldAcceptTheCurrentSchemaAfterThePublishedBaseline(Schema current) throws IOException {
        String subject = backwardSubject(baseline(current.getName()));

        assertThat(registry.isCompatible(subject, current)).isTrue();
        registry.register(subject, current);
    }

    @ParameterizedTest
    @MethodSource("glimpseSchemas")
    void shouldAcceptANewFieldWithADefault(Schema current) {
        String subject = backwardSubject(current);
        Schema.Field added = new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), "A field added later.", "none");
        Schema next = withField(current, added);

        assertThat(registry.isCompatible(subject, next)).isTrue();
        int id = registry.register(subject, next);

        assertThat(registry.latest(subject).id()).isEqualTo(id);
        assertThat(registry.latest(subject).version()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("glimpseSchemas")
    void shouldRefuseANewFieldWithoutADefault(Schema current) {
        String subject = backwardSubject(current);
        Schema.Field added = new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), "A field added later.");
        Schema next = withField(current, added);

        assertThat(registry.isCompatible(subject, next)).isFalse();
        assertThatThrownBy(() -> registry.register(subject, next)).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(registry.latest(subject).version()).isEqualTo(1);
    }

    /** A fresh subject holding {@code first} as version 1, with BACKWARD compatibility. */
    private static String backwardSubject(Schema first) {
        String subject = uniqueName(first.getName()) + "-value";
        registry.register(subject, first);
        registry.setCompatibility(subject, Compatibility.BACKWARD);
        return subject;
    }

    private static Schema baseline(String name) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/baseline/" + name + ".avsc")) {
            assertThat(in).as("baseline for " + name).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema withField(Schema record, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        record.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
        fields.add(added);
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static List<Schema> allRecords(Schema schema, List<Schema> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (found.stream().noneMatch(s -> s.getFullName().equals(schema.getFullName()))) {
                    found.add(schema);
                    schema.getFields().forEach(field -> allRecords(field.schema(), found));
                }
            }
            case ARRAY -> allRecords(schema.getElementType(), found);
            case MAP -> allRecords(schema.getValueType(), found);
            case UNION -> schema.getTypes().forEach(type -> allRecords(type, found));
            default -> { }
        }
        return found;
    }
}
