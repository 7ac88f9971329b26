package io.glimpse.model.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared reference fixture lives (see the model package's Fixtures). */
final class CliFixtures {

    private CliFixtures() {}

    static Path referenceDir() {
        String shared = System.getProperty("glimpse.shared.dir");
        String reference = "fixtures/dynamicvit-reference";
        if (shared != null && Files.isDirectory(Path.of(shared, reference))) {
            return Path.of(shared, reference).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared").resolve(reference))) {
                return dir.resolve("shared").resolve(reference);
            }
        }
        return Path.of("../shared", reference).toAbsolutePath().normalize();
    }
}
