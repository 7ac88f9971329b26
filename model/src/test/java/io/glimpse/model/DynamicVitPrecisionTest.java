package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import io.glimpse.model.nn.EncoderBlock;
import io.glimpse.model.nn.LinearLayer;
import io.glimpse.model.precision.CpuFeatures;
import io.glimpse.model.precision.Precision;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Running the encoder blocks' linear layers in bf16 as a choice, with float32 the default and the way back. */
class DynamicVitPrecisionTest {

    private static final DynamicVitConfig SMALL =
            DynamicVitConfig.builder()
                    .setImageSize(32)
                    .setPatchSize(8)
                    .setEmbeddingSize(64)
                    .setDepth(4)
                    .setHeadCount(2)
                    .setClassCount(10)
                    .optPruneAt(1, 3)
                    .build();
    private static final CpuFeatures NO_BF16 = CpuFeatures.parse("model name : test\nflags : avx2 fma\n");

    private NDManager manager;
    private DynamicVit model;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        model = DynamicVit.initialize(SMALL, 3);
        model.getBlock().freezeParameters(true);
    }

    @AfterEach
    void tearDown() {
        model.close();
        manager.close();
    }

    private NDArray images() {
        Engine.getInstance().setRandomSeed(11);
        return manager.randomNormal(new Shape(2, 3, 32, 32));
    }

    @Test
    void shouldRunInFloat32UntilAskedOtherwise() {
        assertThat(model.getPrecision()).isEqualTo(Precision.FP32);
        assertThat(linears(false)).noneMatch(LinearLayer::isBf16);
    }

    @Test
    void shouldResolveAutoToFloat32OnACpuWithoutBf16MatrixInstructions() {
        assertThat(model.setPrecision(Precision.AUTO, NO_BF16)).isEqualTo(Precision.FP32);
        assertThat(linears(false)).noneMatch(LinearLayer::isBf16);
    }

    @Test
    void shouldPutOnlyTheEncoderLinearsInBf16() {
        assertThat(model.setPrecision(Precision.BF16)).isEqualTo(Precision.BF16);

        assertThat(linears(true)).hasSize(4 * SMALL.getDepth()).allMatch(LinearLayer::isBf16);
        assertThat(linears(false)).filteredOn(l -> !linears(true).contains(l)).isNotEmpty().noneMatch(LinearLayer::isBf16);
    }

    @Test
    void shouldGiveLogitsCloseToFloat32InBf16() {
        NDArray x = images();
        float[] fp32 = model.infer(x, 0.7).getLogits().toFloatArray();

        model.setPrecision(Precision.BF16);
        InferenceOutput out = model.infer(x, 0.7);
        float[] bf16 = out.getLogits().toFloatArray();

        assertThat(out.getLogits().getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
        float scale = 0;
        for (float v : fp32) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < fp32.length; i++) {
            assertThat(bf16[i]).isCloseTo(fp32[i], org.assertj.core.data.Offset.offset(0.05f * scale));
        }
        assertThat(bf16).isNotEqualTo(fp32);
    }

    @Test
    void shouldReturnToBitIdenticalFloat32() {
        NDArray x = images();
        float[] before = model.infer(x, 0.5).getLogits().toFloatArray();

        model.setPrecision(Precision.BF16);
        model.infer(x, 0.5);
        assertThat(model.setPrecision(Precision.FP32)).isEqualTo(Precision.FP32);

        assertThat(model.infer(x, 0.5).getLogits().toFloatArray()).containsExactly(before);
        assertThat(linears(false)).noneMatch(LinearLayer::isBf16);
    }

    private List<LinearLayer> linears(boolean encoderOnly) {
        return collect(model.getBlock(), !encoderOnly, new ArrayList<>());
    }

    private static List<LinearLayer> collect(Block parent, boolean take, List<LinearLayer> found) {
        for (Block child : parent.getChildren().values()) {
            boolean inside = take || child instanceof EncoderBlock;
            if (inside && child instanceof LinearLayer linear) {
                found.add(linear);
            }
            collect(child, inside, found);
        }
        return found;
    }
}
