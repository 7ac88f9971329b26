package io.glimpse.schemas.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Which subject a record's schema is registered under, as in Confluent's serdes. {@link #TOPIC_NAME}
 * (the default) ties one schema lineage to a topic; {@link #RECORD_NAME} ties it to the record type, for
 * topics that carry several types.
 */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}. */
    TOPIC_NAME {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name, e.g. {@code io.glimpse.schemas.avro.VideoFrame}. */
    RECORD_NAME {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic + "-" + schema.getFullName();
        }
    };

    /** The subject for a key or value of {@code topic} with this schema. */
    public abstract String subjectName(String topic, boolean isKey, Schema schema);

    /**
     * Reads a strategy from configuration: this enum's names, kebab-case names ({@code record-name}) or
     * Confluent's class names ({@code io.confluent.kafka.serializers.subject.RecordNameStrategy}), so that
     * a Confluent configuration works unchanged.
     */
    public static SubjectNameStrategy parse(String value) {
        String name = value.trim();
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1).replaceAll("Strategy$", "").replaceAll("([a-z])([A-Z])", "$1_$2");
        }
        try {
            return valueOf(name.replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown subject name strategy: " + value, e);
        }
    }
}
