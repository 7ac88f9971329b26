package io.glimpse.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AdamWTest {

    private static Parameter parameter(NDManager manager, String name, float... values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values, new Shape(values.length));
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }

    /** Loss = Σ c·w², gradient 2·c·w. */
    private static void backward(NDManager manager, Parameter p, float c) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            p.getArray().tempAttach(scope);
            gc.backward(p.getArray().square().mul(c).sum());
        }
    }

    @Test
    void shouldMatchTheAdamWFormulaOnAQuadratic() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, "w", 1f, -2f);
            double lr = 0.1;
            double wd = 0.05;
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("all", Map.of("w", p), wd, LearningRateSchedule.constant(lr)))
                    .build(manager);
            double[] w = {1, -2};
            double[] m = new double[2];
            double[] v = new double[2];
            for (int t = 1; t <= 3; t++) {
                backward(manager, p, 1.5f);
                assertThat(adam.step(0).applied()).isTrue();
                for (int i = 0; i < 2; i++) {
                    double g = 3 * w[i];
                    w[i] *= 1 - lr * wd;
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
            float[] actual = p.getArray().toFloatArray();
            assertThat(actual[0]).isCloseTo((float) w[0], within(1e-5f));
            assertThat(actual[1]).isCloseTo((float) w[1], within(1e-5f));
            assertThat(adam.getSteps()).isEqualTo(3);
            adam.close();
        }
    }

    @Test
    void shouldLeaveNoArraysBehindInTheParametersOrItsOwnManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, "w", 1f, -2f, 3f);
            try (AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("all", Map.of("w", p), 0.05, LearningRateSchedule.constant(0.1)))
                    .optMaxGradNorm(0.5)
                    .optMaxTensorGradNorm(0.5)
                    .build(manager)) {
                backward(manager, p, 1.5f);
                adam.step(0);
                int afterFirstStep = manager.getManagedArrays().size();
                for (int t = 0; t < 20; t++) {
                    backward(manager, p, 1.5f);
                    adam.step(0);
                }

                assertThat(manager.getManagedArrays()).hasSize(afterFirstStep);
            }
        }
    }

    @Test
    void shouldSkipAndCountANonFiniteStepAndLeaveZeroGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, "w", 1f, 2f);
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("all", Map.of("w", p), 0, LearningRateSchedule.constant(0.1)))
                    .build(manager);
            backward(manager, p, Float.NaN);

            AdamW.StepResult result = adam.step(0);

            assertThat(result.applied()).isFalse();
            assertThat(adam.getSkipped()).isEqualTo(1);
            assertThat(adam.getSteps()).isZero();
            assertThat(p.getArray().toFloatArray()).containsExactly(1f, 2f);
            assertThat(p.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
            adam.close();
        }
    }

    @Test
    void shouldClipTheGlobalGradientNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, "w", 3f, 4f);
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("all", Map.of("w", p), 0, LearningRateSchedule.constant(0)))
                    .optMaxGradNorm(1)
                    .build(manager);
            backward(manager, p, 0.5f); // gradient (3, 4), norm 5

            AdamW.StepResult result = adam.step(0);

            assertThat(result.gradNorm()).isCloseTo(5, within(1e-5));
            NDList state = adam.stateTensors();
            // m = 0.1 · clipped gradient (0.6, 0.8)
            assertThat(state.get("exp_avg.w").toFloatArray()[0]).isCloseTo(0.06f, within(1e-6f));
            assertThat(state.get("exp_avg.w").toFloatArray()[1]).isCloseTo(0.08f, within(1e-6f));
            adam.close();
        }
    }

    @Test
    void shouldNameTheParameterWithTheLargestGradientWhenTheNormExplodes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter small = parameter(manager, "small", 1f);
            Parameter big = parameter(manager, "big", 1f);
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("a", Map.of("small", small), 0, LearningRateSchedule.constant(0)))
                    .addGroup(new ParameterGroup("b", Map.of("big", big), 0, LearningRateSchedule.constant(0)))
                    .build(manager);
            backward(manager, small, 1f);
            backward(manager, big, 1e4f);

            AdamW.StepResult result = adam.step(0);

            assertThat(result.largest()).startsWith("big (");
            adam.close();
        }
    }

    @Test
    void shouldClipEachTensorOnItsOwnSoThatOneExplodingTensorLeavesTheOthersAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter small = parameter(manager, "small", 0.25f);
            Parameter big = parameter(manager, "big", 1f);
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("all", Map.of("small", small, "big", big), 0,
                            LearningRateSchedule.constant(0)))
                    .optMaxTensorGradNorm(1)
                    .build(manager);
            backward(manager, small, 1f); // gradient 0.5, under the clip
            backward(manager, big, 1e4f); // gradient 2e4, clipped to 1

            adam.step(0);

            NDList state = adam.stateTensors();
            assertThat(state.get("exp_avg.small").toFloatArray()[0]).isCloseTo(0.05f, within(1e-6f));
            assertThat(state.get("exp_avg.big").toFloatArray()[0]).isCloseTo(0.1f, within(1e-6f));
            adam.close();
        }
    }

    @Test
    void shouldKeepAFrozenGroupStillWhileItsRateIsZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, "w", 1f);
            AdamW adam = AdamW.builder()
                    .addGroup(new ParameterGroup("backbone", Map.of("w", p), 0.05,
                            LearningRateSchedule.frozenThenScaled(1e-3, 1e-5, 1, 4)))
                    .build(manager);
            backward(manager, p, 1f);
            adam.step(0.5);
            assertThat(p.getArray().toFloatArray()).containsExactly(1f);
            backward(manager, p, 1f);
            adam.step(1.5);
            assertThat(p.getArray().toFloatArray()[0]).isLessThan(1f);
            adam.close();
        }
    }
}
