package io.glimpse.model.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A child JVM for {@link DjlBf16AbortTest}: makes one bf16 array the way the argument says and
 * prints its data type. Run alone, it is the upstream reproducer.
 */
public final class Bf16Probe {

    /** Printed before the call that aborts, so the parent can tell where the child died. */
    static final String BEFORE = "probe: calling ";

    private Bf16Probe() {}

    /**
     * Runs one probe.
     *
     * @param args {@code toType}, {@code zeros}, {@code ones} or {@code create}
     */
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray fp32 = manager.ones(new Shape(2, 2));
            System.out.println("probe: float16 works: " + fp32.toType(DataType.FLOAT16, false).getDataType());
            System.out.println(BEFORE + args[0]);
            System.out.flush();
            NDArray bf16 = switch (args[0]) {
                case "toType" -> fp32.toType(DataType.BFLOAT16, false);
                case "zeros" -> manager.zeros(new Shape(2, 2), DataType.BFLOAT16);
                case "ones" -> manager.ones(new Shape(2, 2), DataType.BFLOAT16);
                case "create" -> manager.create(
                        ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()), new Shape(2, 2), DataType.BFLOAT16);
                default -> throw new IllegalArgumentException("Unknown probe " + args[0]);
            };
            System.out.println("probe: made " + bf16.getDataType());
        }
    }
}
