package io.glimpse.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A {@code docker save} tar as Jib writes it (manifest.json, the config, one gzipped tar per layer),
 * read once: every file of every layer with its owner, mode, size and sha256.
 */
final class ImageTar {

    /** One path of one layer. */
    record Entry(int layer, String path, long size, int mode, long uid, String linkName, String sha256) {}

    final Path file;
    final JsonNode manifest;
    final JsonNode config;
    final List<String> layers;
    final List<Long> compressedSizes = new ArrayList<>();
    final List<Long> uncompressedSizes = new ArrayList<>();
    /** Absolute path in the container → its entry in the topmost layer that has it. */
    final Map<String, Entry> files = new LinkedHashMap<>();
    /** Layer index → the paths it holds. */
    final Map<Integer, List<String>> pathsByLayer = new HashMap<>();

    private ImageTar(Path file) throws IOException {
        this.file = file;
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> members = new HashMap<>();
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(file))) {
            for (TarArchiveEntry e; (e = outer.getNextEntry()) != null; ) {
                members.put(e.getName(), outer.readAllBytes());
            }
        }
        manifest = json.readTree(members.get("manifest.json")).get(0);
        config = json.readTree(members.get(manifest.path("Config").asText()));
        layers = new ArrayList<>();
        manifest.path("Layers").forEach(l -> layers.add(l.asText()));
        for (int i = 0; i < layers.size(); i++) {
            byte[] gz = members.get(layers.get(i));
            compressedSizes.add((long) gz.length);
            long total = 0;
            List<String> paths = new ArrayList<>();
            try (TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gz)))) {
                for (TarArchiveEntry e; (e = layer.getNextEntry()) != null; ) {
                    String path = "/" + e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    String sha = e.isFile() ? sha256(layer) : null;
                    total += e.getSize();
                    files.put(path, new Entry(i, path, e.getSize(), e.getMode(), e.getLongUserId(),
                            e.isSymbolicLink() ? e.getLinkName() : null, sha));
                    paths.add(path);
                }
            }
            uncompressedSizes.add(total);
            pathsByLayer.put(i, paths);
        }
    }

    /**
     * Reads the image tar the build names, or skips the calling test when it was not built, unless
     * GLIMPSE_IMAGE_REQUIRED=1 (CI), where a missing tar fails.
     */
    static ImageTar built() throws IOException {
        Path tar = Path.of(System.getProperty("glimpse.image.tar", "target/glimpse-streams-app-image.tar"));
        boolean present = Files.isRegularFile(tar);
        if (!present && "1".equals(System.getenv("GLIMPSE_IMAGE_REQUIRED"))) {
            throw new AssertionError("GLIMPSE_IMAGE_REQUIRED=1 but " + tar + " was not built (mvn -Pimage package -pl deploy/image -am)");
        }
        Assumptions.assumeTrue(present, () -> tar + " not built; mvn -Pimage package -pl deploy/image -am builds it");
        return new ImageTar(tar);
    }

    /** The repository root (deploy/image is two levels down). */
    static Path repository() {
        return Path.of("").toAbsolutePath().getParent().getParent();
    }

    List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        config.path("config").path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : strings("Env")) {
            int eq = e.indexOf('=');
            env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return env;
    }

    /** The contents of one file of the image, from the topmost layer that has it. */
    byte[] read(String path) throws IOException {
        Entry entry = files.get(path);
        if (entry == null) {
            throw new AssertionError("no " + path + " in the image");
        }
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(file))) {
            for (TarArchiveEntry e; (e = outer.getNextEntry()) != null; ) {
                if (!e.getName().equals(layers.get(entry.layer()))) {
                    continue;
                }
                TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(outer));
                for (TarArchiveEntry f; (f = layer.getNextEntry()) != null; ) {
                    if (("/" + f.getName().replaceFirst("^\\./", "")).equals(path)) {
                        return layer.readAllBytes();
                    }
                }
            }
        }
        throw new AssertionError(path + " vanished from " + file);
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }
}
