package io.glimpse.model.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-written TorchScript cast: a bf16 tensor in DJL without passing {@code BFLOAT16} through JNI. */
class Bf16CastTest {

    private static Bf16Cast cast;

    @BeforeAll
    static void load() {
        cast = Bf16Cast.load();
    }

    @AfterAll
    static void close() {
        cast.close();
    }

    @Test
    void shouldRoundToBfloat16() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // bf16 keeps 8 significant bits: 1 + 2^-8 is a tie that rounds to even (1), pi becomes 3.140625.
            NDArray x = manager.create(new float[] {1f, 1.00390625f, 1.01171875f, 3.14159265f, -2.5f, 65504f});

            NDArray half = cast.toBf16(x);

            assertThat(half.toType(DataType.FLOAT32, false).toFloatArray())
                    .containsExactly(1f, 1f, 1.015625f, 3.140625f, -2.5f, 65536f);
        }
    }

    @Test
    void shouldGiveAnArrayThatDjlReportsAsUnknownButComputesOn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray half = cast.toBf16(manager.create(new float[] {3.14159265f}));

            NDArray sum = half.mul(half).add(half);

            assertThat(half.getDataType()).isEqualTo(DataType.UNKNOWN);
            assertThat(half.getManager()).isSameAs(manager);
            // 3.140625² + 3.140625 = 13.0045..., which bf16 holds as 13.
            assertThat(sum.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(13f);
        }
    }

    @Test
    void shouldMultiplyMatricesInBf16() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(8, 32));
            NDArray b = manager.randomNormal(new Shape(32, 4));

            NDArray product = cast.toBf16(a).matMul(cast.toBf16(b)).toType(DataType.FLOAT32, false);

            NDArray error = product.sub(a.matMul(b)).abs().max();
            assertThat(error.getFloat()).isPositive().isLessThan(0.5f);
        }
    }

    @Test
    void shouldWriteTheSameArchiveEveryTime() {
        assertThat(CastModule.archive()).isEqualTo(CastModule.archive());
    }
}
