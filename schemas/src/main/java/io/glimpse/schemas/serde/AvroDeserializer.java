package io.glimpse.schemas.serde;

import io.glimpse.schemas.registry.RegistryConfigurationException;
import io.glimpse.schemas.registry.RegistryUnreachableException;
import io.glimpse.schemas.registry.SchemaNotFoundException;
import io.glimpse.schemas.registry.SchemaRegistryException;
import io.glimpse.schemas.serde.SerializationFailure.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: the writer schema comes from the registry by the id in the header and is
 * resolved against the reader's schema — the generated class's for {@link #specific}, the writer's own
 * (or a given one) for {@link #generic} — so records written with an older or newer compatible schema
 * read fine.
 *
 * <p>What it throws tells the caller whose fault a failure is:
 * <ul>
 *   <li>{@link SerializationFailure}: the record is at fault — its bytes are unreadable (wrong magic byte,
 *       truncated, corrupt, a length beyond the bytes present), or the registry itself says its schema id
 *       does not exist (error 40403), or its schema cannot be resolved to the reader's. It carries the
 *       {@link Reason} and the raw bytes, for a dead-letter topic.</li>
 *   <li>{@link SchemaRegistryException} ({@link RegistryUnreachableException},
 *       {@link RegistryConfigurationException} and the rest): the registry could not be asked, or its
 *       answer was no verdict on the record. The record is not at fault and the caller must not dead-letter
 *       it: it should back off and retry the record within its own time budget, or fail so that the record
 *       is replayed (a stream task that fails restarts from its last commit). The registry client bounds
 *       how long one read waits ({@code registry.retry.max.wait.ms}).</li>
 * </ul>
 * Nothing is swallowed. A null record (tombstone) reads as null.
 *
 * <p>Decoding allocates nothing that the bytes cannot back: a length or item count beyond the bytes left
 * is a {@link Reason#TRUNCATED} failure before any memory is taken for it (see {@link BoundedBinaryDecoder}).
 *
 * @param <T> the record type produced
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    private AvroSerdeConfig config;
    private final Class<T> specificClass;
    private final Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's instantiation by class name: generic records; {@link #configure} must follow. */
    public AvroDeserializer() {
        this(null, null, null);
    }

    private AvroDeserializer(AvroSerdeConfig config, Class<T> specificClass, Schema readerSchema) {
        this.config = config;
        this.specificClass = specificClass;
        this.readerSchema = readerSchema;
    }

    /** Reads instances of a generated class, resolving each writer schema against the class's schema. */
    public static <T extends SpecificRecord & IndexedRecord> AvroDeserializer<T> specific(Class<T> type,
            AvroSerdeConfig config) {
        Objects.requireNonNull(type, "type");
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        return new AvroDeserializer<>(Objects.requireNonNull(config, "config"), type, schema);
    }

    /** Reads {@link GenericRecord}s with the writer's own schema. */
    public static AvroDeserializer<GenericRecord> generic(AvroSerdeConfig config) {
        return new AvroDeserializer<>(Objects.requireNonNull(config, "config"), null, null);
    }

    /** Reads {@link GenericRecord}s projected onto {@code readerSchema}. */
    public static AvroDeserializer<GenericRecord> generic(AvroSerdeConfig config, Schema readerSchema) {
        return new AvroDeserializer<>(Objects.requireNonNull(config, "config"), null,
                Objects.requireNonNull(readerSchema, "readerSchema"));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (config == null) {
            config = AvroSerdeConfig.fromProperties(configs, isKey);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("AvroDeserializer is not configured");
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(topic, data, id, writerSchema(topic, data, id));
            readers.put(id, reader);
        }
        BoundedBinaryDecoder decoder =
                new BoundedBinaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationFailure(Reason.TRUNCATED, topic, data, id, "the Avro body ends early: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationFailure(Reason.CORRUPT_AVRO, topic, data, id, "the Avro body does not decode: " + e, e);
        }
        if (!decoder.isEnd()) {
            throw new SerializationFailure(Reason.CORRUPT_AVRO, topic, data, id,
                    "bytes left over after a complete record", null);
        }
        return value;
    }

    /**
     * The writer schema; a failure only if the registry itself says the id is unknown. Any other registry
     * trouble propagates as it is: it is not the record's fault.
     */
    private Schema writerSchema(String topic, byte[] data, int id) {
        try {
            return config.registry().schemaById(id);
        } catch (SchemaNotFoundException e) {
            if (e.isSchemaNotFound()) {
                throw new SerializationFailure(Reason.UNKNOWN_SCHEMA_ID, topic, data, id, e.getMessage(), e);
            }
            // A subject's or version's "not found" is no answer to an id lookup: the registry is not what
            // the URL should point at.
            throw new RegistryConfigurationException("the registry answered a schema-id lookup with error "
                    + e.errorCode() + ", not " + SchemaNotFoundException.SCHEMA_NOT_FOUND + ": " + e.getMessage(),
                    e.status(), e.errorCode(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(String topic, byte[] data, int id, Schema writer) {
        Schema reader = readerSchema != null ? readerSchema : writer;
        if (reader != writer) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SerializationFailure(Reason.SCHEMA_MISMATCH, topic, data, id,
                        "writer schema " + writer.getFullName() + " cannot be read as " + reader.getFullName() + ": "
                                + compatibility.getResult().getIncompatibilities(), null);
            }
        }
        if (specificClass != null) {
            return new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(specificClass));
        }
        return (DatumReader<T>) new GenericDatumReader<GenericRecord>(writer, reader, GenericData.get());
    }
}
