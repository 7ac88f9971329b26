package io.glimpse.demo;

import io.glimpse.model.DynamicVitConfig;

import java.io.IOException;
import java.nio.file.Path;

/** A random model small enough for 2-core CI: 64×64 input, 16-pixel patches, 32 wide, 2 blocks. */
final class TinyModel {

    static final DynamicVitConfig CONFIG =
            DynamicVitConfig.builder()
                    .setImageSize(64)
                    .setPatchSize(16)
                    .setEmbeddingSize(32)
                    .setDepth(2)
                    .setHeadCount(2)
                    .setClassCount(10)
                    .optPruneAt(1)
                    .build();

    private TinyModel() {}

    static ModelFiles write(Path dir) throws IOException {
        return DemoModel.random(CONFIG, dir, 7);
    }
}
