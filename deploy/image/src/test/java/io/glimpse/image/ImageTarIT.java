package io.glimpse.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The image tar, read without Docker: what a container of it runs, as whom, with which files, in which
 * layers, under which name; and that compose and Kubernetes refer to it as it is.
 */
class ImageTarIT {

    private static final String MAIN_CLASS = "io.glimpse.streams.cli.AppCommand";
    private static final String SETTINGS = "/opt/glimpse/app.properties";
    private static final String MODEL = "/opt/glimpse/models/fashion-video";

    private static ImageTar image;

    @BeforeAll
    static void read() throws IOException {
        image = ImageTar.built();
    }

    @Test
    void shouldRunTheServingAppWithTheImagesSettingsFile() throws IOException {
        List<String> entrypoint = image.strings("Entrypoint");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(image.environment().get("PATH").split(":")).as("java on the PATH")
                .anyMatch(dir -> image.files.containsKey(dir + "/java"));
        assertThat(entrypoint).endsWith("-cp", "@/app/jib-classpath-file", MAIN_CLASS).contains("-Dai.djl.offline=true");
        assertThat(image.strings("Cmd")).containsExactly("run", "--config", SETTINGS);
        assertThat(image.files).containsKey(SETTINGS);

        String classpath = new String(image.read("/app/jib-classpath-file"), StandardCharsets.UTF_8).trim();
        // Jib also lists /app/classes and /app/resources, empty here: the module has none of its own.
        List<String> jars = Stream.of(classpath.split(":")).filter(j -> j.startsWith("/app/libs/")).toList();
        assertThat(jars).as("class path").anyMatch(j -> j.contains("glimpse-streams-app"))
                .allMatch(j -> image.files.containsKey(j), "present in a layer")
                .noneMatch(j -> j.contains("pytorch-native-cpu"));
        // Exactly the serving app's runtime class path (streams-app/target/lib and its jar), less the
        // libtorch jar, which the image carries unpacked. Glimpse's own jars are named with or without
        // the version, as the reactor or dependency:copy name them.
        java.util.function.Function<String, String> name =
                j -> j.substring(j.lastIndexOf('/') + 1).replace("-" + System.getProperty("glimpse.version") + ".jar", ".jar");
        Path lib = ImageTar.repository().resolve("streams-app/target/lib");
        Set<String> expected;
        try (Stream<Path> files = Files.list(lib)) {
            expected = files.map(f -> name.apply(f.toString())).filter(n -> !n.startsWith("pytorch-native-cpu-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        expected.add("glimpse-streams-app.jar");
        Set<String> shipped = jars.stream().map(name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shipped).as("the image's class path").isEqualTo(expected);
    }

    @Test
    void shouldRunAsANonRootUserWhoOwnsTheStateDirectory() throws IOException {
        String user = image.config.path("config").path("User").asText();
        assertThat(user).as("numeric, so Kubernetes' runAsNonRoot can check it").matches("\\d+:\\d+");
        long uid = Long.parseLong(user.split(":")[0]);
        assertThat(uid).isPositive();
        assertThat(image.files.get("/var/lib/glimpse").uid()).isEqualTo(uid);
        assertThat(image.files.get("/var/lib/glimpse/state").uid()).isEqualTo(uid);
        assertThat(image.files.get("/tmp").mode() & 01777).as("/tmp: RocksDB and JNA unpack their libraries there").isEqualTo(01777);

        Properties settings = settings();
        assertThat(settings.getProperty("state.dir")).startsWith("/var/lib/glimpse/");

        JsonNode pod = yaml("deploy/k8s/statefulset.yaml").path("spec").path("template").path("spec").path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asLong()).as("the StatefulSet's user is the image's").isEqualTo(uid);
        assertThat(pod.path("fsGroup").asLong()).as("the state volume writable by it").isEqualTo(Long.parseLong(user.split(":")[1]));
    }

    @Test
    void shouldFindLibtorchAndTheJniLibraryOfflineWhereDjlLooks() {
        Map<String, String> env = image.environment();
        String libtorch = System.getProperty("glimpse.image.libtorch");
        assertThat(env).containsEntry("PYTORCH_LIBRARY_PATH", libtorch).containsEntry("PYTORCH_FLAVOR", "cpu");
        // DJL looks for its JNI library in its engine cache: <cache>/pytorch/<version>-<flavor>-<os>/<djl version>-libdjl_torch.so.
        assertThat(libtorch).startsWith(env.get("DJL_CACHE_DIR") + "/pytorch/").endsWith("-" + env.get("PYTORCH_FLAVOR") + "-linux-x86_64");
        for (String lib : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so", System.getProperty("glimpse.djl.version") + "-libdjl_torch.so")) {
            assertThat(image.files).as(lib).containsKey(libtorch + "/" + lib);
            assertThat(image.files.get(libtorch + "/" + lib).mode() & 0444).as("readable by the app's user").isEqualTo(0444);
        }
        assertThat(image.files.keySet()).as("libtorch's OpenMP").anyMatch(p -> p.matches(libtorch + "/libgomp-[0-9a-f]+\\.so\\.1"));
        assertThat(image.files.get(libtorch + "/libtorch_cpu.so").size()).as("the real library").isGreaterThan(100_000_000L);
    }

    @Test
    void shouldShipTheServedModelAndPointTheSettingsAtIt() throws IOException {
        Path shipped = ImageTar.repository().resolve("models/fashion-video");
        for (String file : List.of("config.json", "student.safetensors", "labels.txt")) {
            assertThat(image.files.get(MODEL + "/" + file)).as(file).isNotNull();
            assertThat(image.files.get(MODEL + "/" + file).sha256()).as(file).isEqualTo(ImageTar.sha256(shipped.resolve(file)));
        }
        assertThat(image.files).as("the teacher only trains").doesNotContainKey(MODEL + "/teacher.safetensors");
        Properties settings = settings();
        assertThat(settings.getProperty("glimpse.model.config")).isEqualTo(MODEL + "/config.json");
        assertThat(settings.getProperty("glimpse.model.weights")).isEqualTo(MODEL + "/student.safetensors");
        assertThat(settings.getProperty("glimpse.model.labels")).isEqualTo(MODEL + "/labels.txt");

        // Kubernetes replaces the image's settings file with the ConfigMap's: its model must be in the image too.
        Properties k8s = new Properties();
        k8s.load(new StringReader(yaml("deploy/k8s/configmap.yaml").path("data").path("app.properties").asText()));
        for (String key : List.of("glimpse.model.config", "glimpse.model.weights", "glimpse.model.labels")) {
            assertThat(k8s.getProperty(key)).as("ConfigMap's %s", key).isEqualTo(settings.getProperty(key));
        }
    }

    @Test
    void shouldLeaveHeapAndThreadsToTheContainersLimits() throws IOException {
        List<String> entrypoint = image.strings("Entrypoint");
        assertThat(entrypoint).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="))
                .noneMatch(f -> f.startsWith("-Xmx") || f.startsWith("-XX:ActiveProcessorCount"));
        // glimpse.workers and glimpse.engine.threads at 0 follow Runtime.availableProcessors(), which reads the CPU quota.
        assertThat(image.environment()).doesNotContainKeys("OMP_NUM_THREADS", "GLIMPSE_WORKERS", "GLIMPSE_ENGINE_THREADS");
        assertThat(settings()).doesNotContainKeys("glimpse.workers", "glimpse.engine.threads");
    }

    @Test
    void shouldKeepTheBaseTheEngineTheModelAndTheAppInLayersOfTheirOwn() {
        assertThat(image.layers).hasSize(image.config.path("rootfs").path("diff_ids").size());
        assertThat(image.layers.size()).isBetween(6, 10);
        int java = image.files.get("/opt/java/bin/java").layer();
        int libtorch = image.files.get(System.getProperty("glimpse.image.libtorch") + "/libtorch_cpu.so").layer();
        int model = image.files.get(MODEL + "/student.safetensors").layer();
        int app = image.files.keySet().stream().filter(p -> p.matches("/app/libs/glimpse-streams-app.*\\.jar"))
                .map(p -> image.files.get(p).layer()).findFirst().orElseThrow();
        assertThat(List.of(java, libtorch, model, app)).doesNotHaveDuplicates();
        assertThat(image.pathsByLayer.get(libtorch)).as("libtorch's layer").allMatch(p -> "/opt/glimpse/djl".startsWith(p) || p.startsWith("/opt/glimpse/djl"));
        assertThat(image.compressedSizes.get(app)).as("what a change of Glimpse's code ships").isLessThan(5L << 20);
        long total = image.compressedSizes.stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("compressed image").isBetween(150L << 20, 400L << 20);
        assertThat(image.compressedSizes).as("no empty layer").allMatch(s -> s > 0);
    }

    @Test
    void shouldCarryGlimpsesJarsWithFixedEntryTimesSoThatTheImageIsReproducible() throws IOException {
        // Jib fixes its own layers' times; the jars inside them are reproducible only through the
        // parent pom's project.build.outputTimestamp. Without it every build ships a new app layer.
        List<String> jars = image.files.keySet().stream().filter(p -> p.matches("/app/libs/glimpse-.*\\.jar")).toList();
        assertThat(jars).hasSizeGreaterThanOrEqualTo(4);
        for (String jar : jars) {
            Set<Long> times = new TreeSet<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(image.read(jar)))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    times.add(e.getLastModifiedTime().toMillis());
                }
            }
            assertThat(times).as(jar + ": entry times").hasSize(1);
        }
    }

    @Test
    void shouldBeNamedAsComposeAndKubernetesReferToIt() throws IOException {
        String name = System.getProperty("glimpse.image");
        assertThat(image.manifest.path("RepoTags").get(0).asText()).isEqualTo(name);
        JsonNode services = yaml("deploy/compose/compose.yaml").path("services");
        List<String> composeImages = services.findValuesAsText("image").stream().filter(i -> i.startsWith("glimpse/")).collect(Collectors.toList());
        assertThat(composeImages).containsOnly(name);
        JsonNode container = yaml("deploy/k8s/statefulset.yaml").path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo(name);
        JsonNode kustomized = yaml("deploy/k8s/kustomization.yaml").path("images").get(0);
        assertThat(kustomized.path("name").asText() + ":" + kustomized.path("newTag").asText()).isEqualTo(name);
    }

    private static Properties settings() throws IOException {
        Properties settings = new Properties();
        settings.load(new StringReader(new String(image.read(SETTINGS), StandardCharsets.UTF_8)));
        return settings;
    }

    private static JsonNode yaml(String file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ImageTar.repository().resolve(file).toFile());
    }
}
