package io.glimpse.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject, as the registry holds it.
 *
 * @param subject the subject
 * @param version the version within the subject, from 1
 * @param id the schema's global id, the one written into records
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
