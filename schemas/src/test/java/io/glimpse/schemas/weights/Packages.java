package io.glimpse.schemas.weights;

import io.glimpse.schemas.avro.RhoAccuracy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Model packages with made-up weights, for tests. */
final class Packages {

    static final Instant CREATED = Instant.parse("2026-01-15T10:15:30.123Z");

    private Packages() {}

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A complete builder for version v1 with 3 bytes of weights. */
    static ModelPackage.Builder builder() {
        return ModelPackage.builder().setVersion("v1").setArchitecture("dynamicvit").setConfigJson("{}")
                .setWeights(new byte[] {1, 2, 3});
    }

    static ModelPackage of(String version, byte[] weights) {
        return ModelPackage.builder()
                .setVersion(version)
                .setArchitecture("dynamicvit")
                .setConfigJson("{\"img_size\":64,\"patch_size\":8,\"pruning_loc\":[3,4,5]}")
                .setWeights(weights)
                .optClassLabels(List.of("T-shirt/top", "Trouser"))
                .optAccuracy(List.of(new RhoAccuracy(0.7f, 0.8798f, null, 0.0778f), new RhoAccuracy(1.0f, 0.8788f, null, null)))
                .optMetrics(Map.of("testFrames", 10_000.0))
                .build();
    }

    /** A version of {@code size} bytes cut into chunks of {@code chunkSize}. */
    static PublishedModel published(String version, int size, int chunkSize) {
        return WeightsChunker.cut(of(version, bytes(size, version.hashCode())), chunkSize, CREATED);
    }
}
