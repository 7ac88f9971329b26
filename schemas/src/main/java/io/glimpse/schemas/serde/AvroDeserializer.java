package io.glimpse.schemas.serde;

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
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
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
 * <p>Every way the bytes can be unreadable ends in a {@link SerializationFailure} with its
 * {@link Reason} and the raw bytes; nothing is swallowed, nothing else is thrown. A null record
 * (tombstone) reads as null.
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
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationFailure(Reason.TRUNCATED, topic, data, id, "the Avro body ends early", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationFailure(Reason.CORRUPT_AVRO, topic, data, id, "the Avro body does not decode: " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerializationFailure(Reason.CORRUPT_AVRO, topic, data, id,
                        "bytes left over after a complete record", null);
            }
        } catch (IOException e) {
            throw new SerializationFailure(Reason.CORRUPT_AVRO, topic, data, id, e.toString(), e);
        }
        return value;
    }

    private Schema writerSchema(String topic, byte[] data, int id) {
        try {
            return config.registry().schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new SerializationFailure(Reason.UNKNOWN_SCHEMA_ID, topic, data, id, e.getMessage(), e);
        } catch (RegistryUnreachableException e) {
            throw new SerializationFailure(Reason.REGISTRY_UNREACHABLE, topic, data, id, e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new SerializationFailure(Reason.REGISTRY_REFUSED, topic, data, id, e.getMessage(), e);
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
