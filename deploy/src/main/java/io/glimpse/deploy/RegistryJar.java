package io.glimpse.deploy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Apicurio Registry runner jar that the {@code deploy/registry} module builds. It is a file,
 * not a dependency: 130 MB of Quarkus application must never join a Glimpse class path. Looked up, in
 * order: the system property {@value #PROPERTY}, the environment variable {@value #ENVIRONMENT}, then
 * {@value #RELATIVE_PATH} under the working directory, the directory of this class's jar, and each of
 * their parents — which finds it from any module of a clone after {@code mvn package}.
 */
public final class RegistryJar {

    public static final String PROPERTY = "glimpse.registry.jar";
    public static final String ENVIRONMENT = "GLIMPSE_REGISTRY_JAR";
    public static final String RELATIVE_PATH = "deploy/registry/target/glimpse-registry-runner.jar";

    private RegistryJar() {}

    /** Returns the runner jar, or fails with a message that says how to build it. */
    public static Path locate() {
        String configured = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENVIRONMENT));
        if (configured != null && !configured.isBlank()) {
            Path jar = Paths.get(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(PROPERTY + "/" + ENVIRONMENT + " names " + jar + ", which is not a file");
            }
            return jar;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(RELATIVE_PATH);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Apicurio Registry runner jar not found (looked for " + RELATIVE_PATH
                + " above " + starts + "). Build it with `mvn -pl deploy/registry package`, or set -D"
                + PROPERTY + " or " + ENVIRONMENT + ".");
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource source = RegistryJar.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Paths.get(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
