package io.glimpse.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.glimpse.schemas.serde.AvroSerdeConfig;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The YAML files of {@code deploy/compose} and {@code deploy/k8s}, parsed, and what the app knows of
 * settings outside its own ({@code glimpse.*}) keys: Kafka Streams', the clients', topics' and the
 * registry serdes'.
 */
final class DeployManifests {

    final Path root;
    /** Every document of every YAML file, by file. */
    final Map<Path, List<JsonNode>> documents = new TreeMap<>();

    private DeployManifests(Path root) {
        this.root = root;
    }

    static DeployManifests load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/compose"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/compose above " + Path.of("").toAbsolutePath());
        }
        DeployManifests manifests = new DeployManifests(dir.resolve("deploy"));
        YAMLMapper yaml = new YAMLMapper();
        for (String sub : List.of("compose", "k8s")) {
            try (Stream<Path> files = Files.list(manifests.root.resolve(sub))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    List<JsonNode> docs = new ArrayList<>();
                    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                        while (it.hasNext()) {
                            JsonNode doc = it.next();
                            if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                                docs.add(doc);
                            }
                        }
                    }
                    manifests.documents.put(file, docs);
                }
            }
        }
        return manifests;
    }

    JsonNode file(String relative) {
        List<JsonNode> docs = documents.get(root.resolve(relative));
        if (docs == null || docs.size() != 1) {
            throw new IllegalStateException(relative + ": expected one YAML document, found " + docs);
        }
        return docs.get(0);
    }

    /** Every Kubernetes object of a kind under deploy/k8s. */
    List<JsonNode> kind(String kind) {
        List<JsonNode> out = new ArrayList<>();
        documents.forEach((file, docs) -> {
            if (file.getParent().getFileName().toString().equals("k8s")) {
                docs.stream().filter(d -> kind.equals(d.path("kind").asText())).forEach(out::add);
            }
        });
        return out;
    }

    JsonNode one(String kind) {
        List<JsonNode> all = kind(kind);
        if (all.size() != 1) {
            throw new IllegalStateException("expected one " + kind + ", found " + all.size());
        }
        return all.get(0);
    }

    /** Keys of a properties text, with their values. */
    static Map<String, String> properties(String text) throws IOException {
        java.util.Properties props = new java.util.Properties();
        props.load(new java.io.StringReader(text));
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /**
     * Whether a key that is not Glimpse's is one Kafka Streams, its clients (also with their
     * prefixes), its internal topics ({@code topic.}) or the registry serdes know.
     */
    static boolean isKnownPassThrough(String key) {
        Map<String, Function<String, Boolean>> prefixed = Map.of(
                StreamsConfig.TOPIC_PREFIX, TOPIC_KEYS::contains,
                StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames()::contains,
                StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames()::contains,
                StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames()::contains,
                StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames()::contains,
                StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames()::contains,
                StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames()::contains);
        for (Map.Entry<String, Function<String, Boolean>> p : prefixed.entrySet()) {
            if (key.startsWith(p.getKey()) && p.getValue().apply(key.substring(p.getKey().length()))) {
                return true;
            }
        }
        return StreamsConfig.configDef().names().contains(key)
                || ConsumerConfig.configNames().contains(key)
                || ProducerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key)
                || REGISTRY_KEYS.contains(key);
    }

    private static final Set<String> TOPIC_KEYS = constants(TopicConfig.class, "_CONFIG");
    private static final Set<String> REGISTRY_KEYS = constants(AvroSerdeConfig.class, "");

    private static Set<String> constants(Class<?> type, String suffix) {
        Set<String> out = new HashSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().endsWith(suffix)) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** Bytes of a Kubernetes or Compose memory quantity: 2Gi, 768Mi, 2g, 768m (Compose: m is MiB). */
    static long bytes(String quantity) {
        String q = quantity.strip();
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1024"}, {"m", "1048576"},
            {"g", "1073741824"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}};
        for (String[] unit : units) {
            if (q.endsWith(unit[0])) {
                return Long.parseLong(q.substring(0, q.length() - unit[0].length())) * Long.parseLong(unit[1]);
            }
        }
        return Long.parseLong(q);
    }

    /** Whole CPUs of a quantity (2, "2", 1500m → 2), rounded up like a resourceFieldRef with divisor 1. */
    static int cpus(String quantity) {
        String q = quantity.strip();
        if (q.endsWith("m")) {
            return (int) Math.ceil(Long.parseLong(q.substring(0, q.length() - 1)) / 1000.0);
        }
        return (int) Math.ceil(Double.parseDouble(q));
    }
}
