package io.glimpse.streams;

import io.glimpse.deploy.secure.GlimpseAcls;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.glimpse.streams.metrics.PrometheusEndpoint;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * deploy/compose and deploy/k8s say what the app understands, without Docker or a cluster: every file
 * parses; every variable and key is a setting the app defines (a renamed key fails here, not at a
 * pod's start); the topics created are the topics configured; the Kafka user may do what the app
 * does; probes, the scrape and the port are the app's; the memory request leaves the engine its
 * native share and the engine threads fit the CPU limit.
 */
class DeployManifestsTest {

    private static final String GLIMPSE_IMAGE = "glimpse/streams-app";

    private static DeployManifests manifests;

    @BeforeAll
    static void parse() throws Exception {
        manifests = DeployManifests.load();
    }

    @Test
    void shouldParseEveryFileAndListEveryManifestInTheKustomization() throws Exception {
        assertThat(manifests.documents.keySet()).extracting(p -> manifests.root.relativize(p).toString())
                .contains("compose/compose.yaml", "compose/prometheus.yml", "k8s/kustomization.yaml", "k8s/statefulset.yaml");
        manifests.documents.forEach((file, docs) -> assertThat(docs).as(file.toString()).isNotEmpty());
        manifests.documents.forEach((file, docs) -> {
            if (file.getParent().endsWith("k8s")) {
                docs.forEach(d -> {
                    assertThat(d.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
                    assertThat(d.path("kind").asText()).as("kind in %s", file).isNotBlank();
                    if (!d.path("kind").asText().equals("Kustomization")) {
                        assertThat(d.path("metadata").path("name").asText()).as("name in %s", file).isNotBlank();
                    }
                });
            }
        });
        Set<String> listed = new TreeSet<>();
        manifests.file("k8s/kustomization.yaml").path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        try (var files = Files.list(manifests.root.resolve("k8s"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertThat(listed).as("kustomization resources").isEqualTo(present);
    }

    @Test
    void shouldConfigureComposeGlimpseOnlyWithRealSettings() throws Exception {
        Map<String, String> env = composeGlimpseEnvironment();
        assertSettingsAreReal(env, DeployManifests.properties(Files.readString(imageSettings())));
        GlimpseConfig config = composeConfig(env);
        assertThat(config.originals()).containsKeys(StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    @Test
    void shouldConfigureKubernetesGlimpseOnlyWithRealSettings(@TempDir Path dir) throws Exception {
        Map<String, String> properties = configMapProperties();
        Map<String, String> env = podEnvironment();
        assertSettingsAreReal(env, properties);
        kubernetesConfig(dir);
    }

    @Test
    void shouldAskForJsonLogLinesInBothManifests() {
        assertThat(composeGlimpseEnvironment()).containsEntry("GLIMPSE_LOG_FORMAT", "json");
        assertThat(podEnvironment()).containsEntry("GLIMPSE_LOG_FORMAT", "json");
    }

    @Test
    void shouldCreateTheTopicsTheAppIsConfiguredFor(@TempDir Path dir) throws Exception {
        GlimpseConfig k8s = kubernetesConfig(dir);
        Map<String, JsonNode> topics = new TreeMap<>();
        manifests.kind("KafkaTopic").forEach(t -> topics.put(
                t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText()), t.path("spec")));
        assertThat(topics.keySet()).as("KafkaTopics").isEqualTo(topicsOf(k8s));
        topics.forEach((name, spec) -> {
            assertThat(spec.path("replicas").asInt()).as("replicas of %s", name).isEqualTo(3);
            assertThat(spec.path("config").path("min.insync.replicas").asInt()).as("min.insync.replicas of %s", name).isEqualTo(2);
        });
        assertTopicShapes(k8s, name -> topics.get(name).path("partitions").asInt(),
                name -> topics.get(name).path("config").path("cleanup.policy").asText("delete"),
                name -> topics.get(name).path("config").path("max.message.bytes").asInt(1_048_588));

        GlimpseConfig compose = composeConfig(composeGlimpseEnvironment());
        String script = manifests.file("compose/compose.yaml").path("services").path("topics").path("command").get(0).asText();
        Map<String, String> created = new LinkedHashMap<>();
        Matcher line = Pattern.compile("--topic (\\S+)([^\\n]*)").matcher(script);
        while (line.find()) {
            created.put(line.group(1), line.group(2));
        }
        assertThat(created.keySet()).as("topics compose creates").containsExactlyInAnyOrderElementsOf(topicsOf(compose));
        assertTopicShapes(compose, name -> Integer.parseInt(option(created.get(name), "--partitions (\\d+)", "1")),
                name -> option(created.get(name), "cleanup\\.policy=(\\w+)", "delete"),
                name -> Integer.parseInt(option(created.get(name), "max\\.message\\.bytes=(\\d+)", "1048588")));
    }

    @Test
    void shouldGrantTheKafkaUserWhatTheAppDoes(@TempDir Path dir) throws Exception {
        GlimpseConfig config = kubernetesConfig(dir);
        String applicationId = (String) config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG);
        Map<String, Set<String>> acls = new HashMap<>();
        manifests.one("KafkaUser").path("spec").path("authorization").path("acls").forEach(acl -> {
            JsonNode r = acl.path("resource");
            String resource = r.path("type").asText() + ":" + r.path("name").asText() + ":" + r.path("patternType").asText("literal");
            acl.path("operations").forEach(op -> acls.computeIfAbsent(resource, k -> new HashSet<>()).add(op.asText()));
        });
        assertThat(manifests.one("KafkaUser").path("spec").path("authentication").path("type").asText()).startsWith("scram-sha-");
        assertThat(acls.get("topic:" + config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG) + ":literal")).contains("Read", "Describe");
        assertThat(acls.get("topic:" + config.getString(GlimpseConfig.MODELS_TOPIC_CONFIG) + ":literal")).contains("Read", "Describe");
        for (String written : List.of(GlimpseConfig.OUTPUT_TOPIC_CONFIG, GlimpseConfig.DLQ_TOPIC_CONFIG, GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG)) {
            assertThat(acls.get("topic:" + config.getString(written) + ":literal")).as(written).contains("Write", "Describe");
        }
        assertThat(acls.get("topic:" + applicationId + "-:prefix")).as("internal topics")
                .contains("Create", "Read", "Write", "Describe");
        assertThat(acls.get("group:" + applicationId + ":literal")).as("the group is the application id").contains("Read");
        assertThat(acls.get("transactionalId:" + applicationId + "-:prefix")).as("exactly-once v2 transactional ids")
                .contains("Write", "Describe");
        assertThat(configMapProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // Exactly the ACLs the secured-cluster tests grant the app (GlimpseAcls), no more, no fewer.
        Map<String, Set<String>> tested = new HashMap<>();
        GlimpseAcls.app("User:glimpse", applicationId, config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG),
                        config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG), config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG),
                        config.getString(GlimpseConfig.MODELS_TOPIC_CONFIG), config.getString(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG))
                .forEach(acl -> {
                    var pattern = acl.pattern();
                    String type = CaseFormat.camel(pattern.resourceType().name());
                    String name = pattern.resourceType() == ResourceType.CLUSTER ? "" : pattern.name();
                    String patternType = pattern.patternType() == PatternType.PREFIXED ? "prefix" : "literal";
                    tested.computeIfAbsent(type + ":" + name + ":" + patternType, k -> new HashSet<>())
                            .add(CaseFormat.camel(acl.entry().operation().name()).substring(0, 1).toUpperCase(Locale.ROOT)
                                    + CaseFormat.camel(acl.entry().operation().name()).substring(1));
                });
        assertThat(acls).isEqualTo(tested);
    }

    /** Kafka's enum names as Strimzi spells them: TRANSACTIONAL_ID → transactionalId. */
    private static final class CaseFormat {
        static String camel(String constant) {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : constant.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }

    @Test
    void shouldProbeAndScrapeTheAppsPathsOnItsMetricsPort(@TempDir Path dir) throws Exception {
        int port = kubernetesConfig(dir).getInt(GlimpseConfig.METRICS_PORT_CONFIG);
        JsonNode container = glimpseContainer();
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsEntry("metrics", port);
        Map<String, String> probes = Map.of("readinessProbe", PrometheusEndpoint.READY_PATH,
                "livenessProbe", PrometheusEndpoint.HEALTH_PATH, "startupProbe", PrometheusEndpoint.HEALTH_PATH);
        probes.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
            JsonNode p = get.path("port");
            assertThat(p.isInt() ? p.asInt() : ports.get(p.asText())).as("port of %s", probe).isEqualTo(port);
        });
        JsonNode startup = container.path("startupProbe");
        long startupBudgetMs = 1000L * (startup.path("initialDelaySeconds").asLong(0)
                + startup.path("periodSeconds").asLong(10) * startup.path("failureThreshold").asLong(3));
        assertThat(startupBudgetMs).as("start-up allowance against the models history timeout")
                .isGreaterThan(kubernetesConfig(dir).getLong(GlimpseConfig.MODELS_HISTORY_TIMEOUT_MS_CONFIG));
        JsonNode scrape = manifests.one("PodMonitor").path("spec").path("podMetricsEndpoints").get(0);
        assertThat(ports.get(scrape.path("port").asText())).as("PodMonitor port").isEqualTo(port);
        assertThat(scrape.path("path").asText()).isEqualTo(PrometheusEndpoint.METRICS_PATH);
        JsonNode podLabels = manifests.one("StatefulSet").path("spec").path("template").path("metadata").path("labels");
        for (JsonNode selector : List.of(manifests.one("PodMonitor").path("spec").path("selector").path("matchLabels"),
                manifests.one("PodDisruptionBudget").path("spec").path("selector").path("matchLabels"),
                manifests.one("StatefulSet").path("spec").path("selector").path("matchLabels"),
                manifests.one("Service").path("spec").path("selector"))) {
            selector.fields().forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        }
        assertThat(manifests.one("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);

        int composePort = composeConfig(composeGlimpseEnvironment()).getInt(GlimpseConfig.METRICS_PORT_CONFIG);
        JsonNode glimpse = composeGlimpse();
        String healthcheck = StreamSupport.stream(glimpse.path("healthcheck").path("test").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.joining(" "));
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/" + composePort + " ", "GET " + PrometheusEndpoint.READY_PATH + " ");
        JsonNode job = manifests.file("compose/prometheus.yml").path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo(PrometheusEndpoint.METRICS_PATH);
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asText()).isEqualTo(composeGlimpseName() + ":" + composePort);
    }

    @Test
    void shouldLeaveNativeMemoryRoomAndMatchEngineThreadsToTheCpuLimit(@TempDir Path dir) throws Exception {
        JsonNode container = glimpseContainer();
        Map<String, String> env = podEnvironment();
        long request = DeployManifests.bytes(container.path("resources").path("requests").path("memory").asText());
        long limit = DeployManifests.bytes(container.path("resources").path("limits").path("memory").asText());
        assertThat(limit).isGreaterThanOrEqualTo(request);
        assertThat(2 * maxHeap(env.get("JAVA_TOOL_OPTIONS"))).as("heap at most half the memory request").isLessThanOrEqualTo(request);
        GlimpseConfig config = kubernetesConfig(dir);
        int cpuLimit = DeployManifests.cpus(container.path("resources").path("limits").path("cpu").asText());
        assertThat(config.workers(cpuLimit) * config.engineThreads(cpuLimit)).as("engine threads in all").isEqualTo(cpuLimit);
        assertThat(config.getInt(GlimpseConfig.ENGINE_THREADS_CONFIG)).as("explicit: the JVM may see the node's cores").isPositive();

        Map<String, String> composeEnv = composeGlimpseEnvironment();
        JsonNode limits = composeGlimpse().path("deploy").path("resources").path("limits");
        assertThat(2 * maxHeap(composeEnv.get("JAVA_TOOL_OPTIONS"))).isLessThanOrEqualTo(DeployManifests.bytes(limits.path("memory").asText()));
        GlimpseConfig compose = composeConfig(composeEnv);
        int composeCpus = DeployManifests.cpus(limits.path("cpus").asText());
        assertThat(compose.workers(composeCpus) * compose.engineThreads(composeCpus)).isEqualTo(composeCpus);
    }

    // --- what the manifests say -------------------------------------------------------------------

    /**
     * Every prefixed variable stands for a key, or is one the logging configuration reads; and every key is
     * Glimpse's or one Kafka or the serdes know.
     */
    private static void assertSettingsAreReal(Map<String, String> env, Map<String, String> properties) {
        Set<String> glimpseKeys = GlimpseConfig.configDef().names();
        Map<String, String> keys = new TreeMap<>();
        properties.keySet().forEach(k -> keys.put(k, "properties key " + k));
        env.keySet().stream()
                .filter(v -> v.startsWith(ConfigSources.GLIMPSE_PREFIX) || v.startsWith(ConfigSources.KAFKA_PREFIX)
                        || v.startsWith(ConfigSources.REGISTRY_PREFIX))
                .filter(v -> !ConfigSources.LOGGING_VARIABLES.contains(v))
                .forEach(v -> {
                    String key = ConfigSources.keyFor(v);
                    assertThat(key).as("%s is a setting, not a launcher variable", v).isNotNull();
                    keys.put(key, "variable " + v);
                });
        assertThat(keys).as("settings used").isNotEmpty();
        keys.forEach((key, from) -> {
            if (key.startsWith(GlimpseConfig.PREFIX)) {
                assertThat(glimpseKeys).as("%s: Glimpse defines %s", from, key).contains(key);
            } else {
                assertThat(DeployManifests.isKnownPassThrough(key)).as("%s: Kafka or the serdes know %s", from, key).isTrue();
            }
        });
    }

    private static Set<String> topicsOf(GlimpseConfig config) {
        return new TreeSet<>(List.of(GlimpseConfig.INPUT_TOPIC_CONFIG, GlimpseConfig.OUTPUT_TOPIC_CONFIG, GlimpseConfig.DLQ_TOPIC_CONFIG,
                GlimpseConfig.MODELS_TOPIC_CONFIG, GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG).stream().map(config::getString).toList());
    }

    private static void assertTopicShapes(GlimpseConfig config, java.util.function.ToIntFunction<String> partitions,
            java.util.function.Function<String, String> cleanup, java.util.function.ToIntFunction<String> maxMessageBytes) {
        String frames = config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG);
        String models = config.getString(GlimpseConfig.MODELS_TOPIC_CONFIG);
        assertThat(partitions.applyAsInt(config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG)))
                .as("results partitions, like frames").isEqualTo(partitions.applyAsInt(frames));
        assertThat(partitions.applyAsInt(models)).as("models partitions: one order of publication").isEqualTo(1);
        assertThat(cleanup.apply(models)).as("models topic").isEqualTo("compact");
        assertThat(maxMessageBytes.applyAsInt(frames)).as("frames max.message.bytes")
                .isGreaterThanOrEqualTo(GlimpseConfig.recordMaxBytes(config.getInt(GlimpseConfig.FRAME_MAX_BYTES_CONFIG)));
    }

    private static String option(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static long maxHeap(String javaOptions) {
        Matcher m = Pattern.compile("-Xmx(\\d+[kKmMgG]?)").matcher(javaOptions);
        assertThat(m.find()).as("-Xmx in %s", javaOptions).isTrue();
        return DeployManifests.bytes(m.group(1));
    }

    private static String composeGlimpseName() {
        var names = manifests.file("compose/compose.yaml").path("services").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (manifests.file("compose/compose.yaml").path("services").path(name).path("image").asText().startsWith(GLIMPSE_IMAGE + ":")) {
                return name;
            }
        }
        throw new AssertionError("no compose service runs " + GLIMPSE_IMAGE);
    }

    private static JsonNode composeGlimpse() {
        return manifests.file("compose/compose.yaml").path("services").path(composeGlimpseName());
    }

    private static Map<String, String> composeGlimpseEnvironment() {
        Map<String, String> env = new TreeMap<>();
        composeGlimpse().path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /**
     * The settings of compose's Glimpse: the image's own settings file (its default command names it) under
     * the service's environment.
     */
    private static GlimpseConfig composeConfig(Map<String, String> env) throws Exception {
        assertThat(composeGlimpse().has("command")).as("compose keeps the image's command and its settings file").isFalse();
        return ConfigSources.load(imageSettings(), env, Map.of());
    }

    /** The file the image's default command names (deploy/image, put at /opt/glimpse/app.properties). */
    private static Path imageSettings() {
        return manifests.root.resolve("image/src/main/jib/opt/glimpse/app.properties");
    }

    private static JsonNode glimpseContainer() {
        for (JsonNode c : manifests.one("StatefulSet").path("spec").path("template").path("spec").path("containers")) {
            if (c.path("image").asText().startsWith(GLIMPSE_IMAGE + ":")) {
                return c;
            }
        }
        throw new AssertionError("no container runs " + GLIMPSE_IMAGE);
    }

    private static Map<String, String> configMapProperties() throws Exception {
        JsonNode config = manifests.one("ConfigMap");
        String mounted = glimpseContainer().path("args").toString();
        assertThat(mounted).as("the app reads the ConfigMap's file").contains("/etc/glimpse/app.properties");
        return DeployManifests.properties(config.path("data").path("app.properties").asText());
    }

    /** The container's environment as a pod sees it: Secret values, the pod's name, the CPU limit. */
    private static Map<String, String> podEnvironment() {
        JsonNode container = glimpseContainer();
        JsonNode secret = manifests.one("Secret");
        Map<String, String> env = new TreeMap<>();
        for (JsonNode var : container.path("env")) {
            String name = var.path("name").asText();
            JsonNode from = var.path("valueFrom");
            if (var.has("value")) {
                env.put(name, var.path("value").asText());
            } else if (from.has("secretKeyRef")) {
                JsonNode ref = from.path("secretKeyRef");
                assertThat(ref.path("name").asText()).as("Secret of %s", name).isEqualTo(secret.path("metadata").path("name").asText());
                JsonNode value = secret.path("stringData").path(ref.path("key").asText());
                assertThat(value.isMissingNode()).as("key %s in the Secret", ref.path("key").asText()).isFalse();
                env.put(name, value.asText());
            } else if (from.has("fieldRef")) {
                env.put(name, manifests.one("StatefulSet").path("metadata").path("name").asText() + "-0");
            } else if (from.has("resourceFieldRef")) {
                JsonNode ref = from.path("resourceFieldRef");
                assertThat(ref.path("resource").asText()).isEqualTo("limits.cpu");
                env.put(name, Integer.toString(DeployManifests.cpus(container.path("resources").path("limits").path("cpu").asText())));
            } else {
                throw new AssertionError("variable " + name + " has no value this test understands");
            }
        }
        return env;
    }

    private static GlimpseConfig kubernetesConfig(Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, manifests.one("ConfigMap").path("data").path("app.properties").asText());
        return ConfigSources.load(file, podEnvironment(), Map.of());
    }
}
