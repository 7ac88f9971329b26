package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.registry.SchemaNotFoundException;
import io.glimpse.schemas.serde.AvroDeserializer;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.serde.SerializationFailure;
import io.glimpse.schemas.serde.SerializationFailure.Reason;
import io.glimpse.schemas.serde.WireFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the models topic's values, which are of two types: a {@link ModelChunk} or a {@link ModelManifest},
 * chosen by the full name of the writer schema the record's schema id names. Each is then read by the
 * project's {@link AvroDeserializer} for that class, so an older or newer compatible writer schema reads
 * fine. A value of any other record type is a {@link SerializationFailure} ({@link Reason#SCHEMA_MISMATCH}),
 * as are unreadable bytes; registry trouble propagates as it is, as with {@link AvroDeserializer}.
 *
 * <p>Kafka can create it by class name ({@code value.deserializer}); {@link #configure} then reads the
 * registry settings from the consumer's properties.
 */
public final class ModelRecordDeserializer implements Deserializer<SpecificRecord> {

    private AvroSerdeConfig config;
    private AvroDeserializer<ModelChunk> chunks;
    private AvroDeserializer<ModelManifest> manifests;
    private final Map<Integer, Deserializer<? extends SpecificRecord>> byId = new ConcurrentHashMap<>();

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public ModelRecordDeserializer() {}

    public ModelRecordDeserializer(AvroSerdeConfig config) {
        use(Objects.requireNonNull(config, "config"));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (config == null) {
            use(AvroSerdeConfig.fromProperties(configs, isKey));
        }
    }

    private void use(AvroSerdeConfig serde) {
        this.config = serde;
        this.chunks = AvroDeserializer.specific(ModelChunk.class, serde);
        this.manifests = AvroDeserializer.specific(ModelManifest.class, serde);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("ModelRecordDeserializer is not configured");
        }
        int id = WireFormat.schemaId(topic, data);
        Deserializer<? extends SpecificRecord> reader = byId.get(id);
        if (reader == null) {
            reader = readerFor(topic, data, id);
            byId.put(id, reader);
        }
        return reader.deserialize(topic, data);
    }

    private Deserializer<? extends SpecificRecord> readerFor(String topic, byte[] data, int id) {
        Schema writer;
        try {
            writer = config.registry().schemaById(id);
        } catch (SchemaNotFoundException e) {
            if (e.isSchemaNotFound()) {
                throw new SerializationFailure(Reason.UNKNOWN_SCHEMA_ID, topic, data, id, e.getMessage(), e);
            }
            throw e;
        }
        String name = writer.getFullName();
        if (ModelChunk.getClassSchema().getFullName().equals(name)) {
            return chunks;
        }
        if (ModelManifest.getClassSchema().getFullName().equals(name)) {
            return manifests;
        }
        throw new SerializationFailure(Reason.SCHEMA_MISMATCH, topic, data, id, "a " + name
                + " record on the models topic, which carries only ModelChunk and ModelManifest records", null);
    }
}
