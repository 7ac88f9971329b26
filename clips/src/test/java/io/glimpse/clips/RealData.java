package io.glimpse.clips;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

/**
 * The real Fashion-MNIST splits from the Debian package, read once for all tests. Tests that need
 * them are skipped, saying why, where the package is not installed (CI installs it).
 */
public final class RealData {

    private static FashionMnist train;
    private static FashionMnist test;

    private RealData() {}

    public static synchronized FashionMnist train() {
        assumeInstalled();
        if (train == null) {
            train = FashionMnist.load(Split.TRAIN);
        }
        return train;
    }

    public static synchronized FashionMnist test() {
        assumeInstalled();
        if (test == null) {
            test = FashionMnist.load(Split.TEST);
        }
        return test;
    }

    private static void assumeInstalled() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed: apt-get install " + FashionMnist.DEBIAN_PACKAGE);
    }
}
