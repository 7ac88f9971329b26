package io.glimpse.schemas.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers the answers that can never change — the schema behind an id, the id of a schema under a
 * subject — so that a serde asks the registry once per schema, not once per record. Latest versions and
 * compatibility settings do change and always go to the registry.
 *
 * <p>Thread-safe. Unbounded: a deployment sees a handful of schemas, not millions.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = idsBySubjectSchema.get(key);
        if (id == null) {
            id = delegate.register(subject, schema);
            idsBySubjectSchema.put(key, id);
            schemasById.putIfAbsent(id, schema);
        }
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = idsBySubjectSchema.get(key);
        if (id == null) {
            id = delegate.idOf(subject, schema);
            idsBySubjectSchema.put(key, id);
            schemasById.putIfAbsent(id, schema);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = delegate.schemaById(id);
            schemasById.put(id, schema);
        }
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegisteredSchema latest = delegate.latest(subject);
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        RegisteredSchema registered = delegate.version(subject, version);
        schemasById.putIfAbsent(registered.id(), registered.schema());
        return registered;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
        delegate.setCompatibility(subject, compatibility);
    }

    @Override
    public Optional<Compatibility> compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    private record SubjectSchema(String subject, Schema schema) {}
}
