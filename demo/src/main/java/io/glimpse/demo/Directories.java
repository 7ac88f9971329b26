package io.glimpse.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The demo's scratch directories: model downloads, state directories, instance homes. */
public final class Directories {

    private Directories() {}

    /**
     * Deletes a directory and everything under it, deepest first; a file that cannot be deleted is left.
     *
     * @param dir the directory
     * @throws IOException if the tree cannot be walked (e.g. it does not exist)
     */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
