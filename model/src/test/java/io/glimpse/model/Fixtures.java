package io.glimpse.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared reference fixture lives: {@code shared/} beside the repository, given by the
 * {@code glimpse.shared.dir} property or found by walking up from the working directory.
 */
public final class Fixtures {

    private static final String REFERENCE = "fixtures/dynamicvit-reference";

    private Fixtures() {}

    /**
     * Returns the reference fixture directory.
     *
     * @return the directory (it may not exist; callers assert that)
     */
    public static Path referenceDir() {
        String shared = System.getProperty("glimpse.shared.dir");
        if (shared != null && Files.isDirectory(Path.of(shared, REFERENCE))) {
            return Path.of(shared, REFERENCE).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(REFERENCE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("../shared", REFERENCE).toAbsolutePath().normalize();
    }
}
