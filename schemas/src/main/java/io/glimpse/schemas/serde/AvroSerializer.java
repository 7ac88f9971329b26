package io.glimpse.schemas.serde;

import io.glimpse.schemas.registry.IncompatibleSchemaException;
import io.glimpse.schemas.registry.RegistryConfigurationException;
import io.glimpse.schemas.registry.RegistryUnreachableException;
import io.glimpse.schemas.registry.SchemaNotFoundException;
import io.glimpse.schemas.registry.SchemaRegistryException;
import io.glimpse.schemas.serde.SerializationFailure.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated (specific) or generic Avro records in Confluent's wire format. The writer schema is
 * the record's own; its id comes from the registry under the configured subject (registered on first use
 * unless auto-registration is off) and is cached.
 *
 * <p>A {@link SerializationFailure} says the record is at fault: it does not match its schema, or the
 * registry refuses the schema (incompatible, unregistered with auto-registration off, invalid). Registry
 * trouble — {@link RegistryUnreachableException}, {@link RegistryConfigurationException} — propagates as
 * it is: the record is not at fault and must be retried, not dead-lettered.
 *
 * <p>Kafka can create it by class name: the no-argument constructor waits for {@link #configure}.
 *
 * @param <T> the record type; {@link IndexedRecord} covers both generated classes and GenericRecord
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private AvroSerdeConfig config;
    private final Map<Schema, DatumWriter<IndexedRecord>> writers = new ConcurrentHashMap<>();

    /** For Kafka's instantiation by class name; {@link #configure} must follow. */
    public AvroSerializer() {}

    public AvroSerializer(AvroSerdeConfig config) {
        this.config = config;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (config == null) {
            config = AvroSerdeConfig.fromProperties(configs, isKey);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("AvroSerializer is not configured");
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.header(id));
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> writerFor(record)).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationFailure(Reason.INVALID_RECORD, topic, null, id,
                    "the record does not match its schema " + schema.getFullName() + ": " + e, e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        String subject = config.subjectNameStrategy().subjectName(topic, config.isKey(), schema);
        try {
            return config.autoRegister() ? config.registry().register(subject, schema)
                    : config.registry().idOf(subject, schema);
        } catch (IncompatibleSchemaException e) {
            throw new SerializationFailure(Reason.INCOMPATIBLE_SCHEMA, topic, null, -1, e.getMessage(), e);
        } catch (SchemaNotFoundException e) {
            throw new SerializationFailure(Reason.UNREGISTERED_SCHEMA, topic, null, -1, e.getMessage(), e);
        } catch (RegistryUnreachableException | RegistryConfigurationException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            throw new SerializationFailure(Reason.REGISTRY_REFUSED, topic, null, -1, e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<IndexedRecord> writerFor(IndexedRecord record) {
        Schema schema = record.getSchema();
        if (record instanceof SpecificRecordBase specific) {
            // The generated class's own model knows its logical-type conversions (Instant for timestamps).
            return (DatumWriter<IndexedRecord>) (DatumWriter<?>) new SpecificDatumWriter<>(schema, specific.getSpecificData());
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }
}
