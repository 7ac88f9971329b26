package io.glimpse.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@link AvroSerializer} and {@link AvroDeserializer} for one record type, as the {@link Serde} that
 * Kafka Streams wants.
 *
 * @param <T> the record type
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A serde for a generated record class, e.g. {@code AvroSerde.specific(VideoFrame.class, config)}. */
    public static <T extends SpecificRecord & IndexedRecord> AvroSerde<T> specific(Class<T> type, AvroSerdeConfig config) {
        return new AvroSerde<>(new AvroSerializer<>(config), AvroDeserializer.specific(type, config));
    }

    /** A serde for {@link GenericRecord}s, read with the writer's schema. */
    public static AvroSerde<GenericRecord> generic(AvroSerdeConfig config) {
        return new AvroSerde<>(new AvroSerializer<>(config), AvroDeserializer.generic(config));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
