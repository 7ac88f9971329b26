package io.glimpse.streams;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.model.io.Safetensors;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.serde.AvroSerdeConfig;
import io.glimpse.schemas.weights.ManifestSigner;
import io.glimpse.schemas.weights.ModelPackage;
import io.glimpse.schemas.weights.PublishedModel;
import io.glimpse.schemas.weights.WeightsChunker;
import io.glimpse.schemas.weights.WeightsPublisher;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Makes models to publish in tests, as the trainer would (config JSON, labels, safetensors bytes,
 * cut, signed), and the broken variants each verification step must catch.
 */
final class Publications {

    /** Small enough that a tiny model is several chunks. */
    static final int CHUNK = 16 * 1024;

    private Publications() {}

    /** The bytes of a randomly initialised model's safetensors file. */
    static byte[] weights(DynamicVitConfig config, int seed) throws IOException {
        Path file = Files.createTempFile("glimpse-weights", ".safetensors");
        try (DynamicVit model = DynamicVit.initialize(config, seed)) {
            model.save(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Rewrites a safetensors file's tensors, e.g. to drop, reshape or poison one. */
    static byte[] edit(byte[] weights, UnaryOperator<NDList> change) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList tensors = Safetensors.read(manager, new java.io.ByteArrayInputStream(weights));
            NDList changed = change.apply(tensors);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(changed.encode(NDList.Encoding.SAFETENSORS));
            return out.toByteArray();
        }
    }

    static NDList without(NDList tensors, String name) {
        NDList out = new NDList();
        tensors.stream().filter(t -> !t.getName().equals(name)).forEach(out::add);
        return out;
    }

    static NDList replaced(NDList tensors, String name, java.util.function.Function<NDArray, NDArray> by) {
        NDList out = new NDList();
        for (NDArray t : tensors) {
            if (t.getName().equals(name)) {
                NDArray r = by.apply(t);
                r.setName(name);
                out.add(r);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    static NDArray withNaN(NDArray t) {
        NDArray copy = t.duplicate();
        copy.set(new NDIndex("0"), Float.NaN);
        return copy;
    }

    static NDArray misshaped(NDArray t) {
        return t.getManager().zeros(new Shape(t.getShape().get(0) + 1));
    }

    static PublishedModel cut(String version, DynamicVitConfig config, byte[] weights) {
        ModelPackage p = ModelPackage.builder()
                .setVersion(version)
                .setArchitecture("dynamicvit")
                .setConfigJson(config.toJson().toString())
                .setWeights(weights)
                .optClassLabels(IntStream.range(0, config.getClassCount()).mapToObj(i -> "label-" + i).toList())
                .build();
        return WeightsChunker.cut(p, CHUNK, Instant.now());
    }

    static PublishedModel signed(PublishedModel model, KeyPair keys) {
        return new PublishedModel(new ManifestSigner(keys).sign(model.manifest()), model.chunks());
    }

    /** The same chunks under a manifest changed by {@code edit} (and not signed again). */
    static PublishedModel withManifest(PublishedModel model, UnaryOperator<ModelManifest.Builder> edit) {
        return new PublishedModel(edit.apply(ModelManifest.newBuilder(model.manifest())).build(), model.chunks());
    }

    static PublishedModel withChunks(PublishedModel model, UnaryOperator<List<ModelChunk>> edit) {
        return new PublishedModel(model.manifest(), edit.apply(new ArrayList<>(model.chunks())));
    }

    static ModelChunk corrupted(ModelChunk chunk) {
        byte[] data = new byte[chunk.getData().remaining()];
        chunk.getData().duplicate().get(data);
        data[data.length / 2] ^= 0x5a;
        return ModelChunk.newBuilder(chunk).setData(java.nio.ByteBuffer.wrap(data)).build();
    }

    static WeightsPublisher publisher(String bootstrapServers, String registryUrl, String topic) {
        return WeightsPublisher.builder()
                .setProducerProperties(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))
                .optSerdeConfig(AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false))
                .optTopic(topic)
                .optTransactionalId("test-publisher-" + topic)
                .build();
    }
}
