package io.glimpse.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;
import io.glimpse.model.DynamicVit;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.trainer.train.TrainingData;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The weights in models/fashion-video are the ones the card describes. */
class ShippedModelTest {

    /** The shipped model, relative to this module (Maven runs tests in the module directory). */
    static final Path SHIPPED = Path.of("..", "models", "fashion-video");

    /** One frame of 512 is 0.2 pt; allow a few frames for floating-point ties between machines. */
    private static final double MARGIN = 0.01;

    @Test
    void shouldShipConfigWeightsLabelsAndCard() throws Exception {
        assertThat(SHIPPED.resolve("config.json")).isRegularFile();
        assertThat(SHIPPED.resolve("teacher.safetensors")).isRegularFile();
        assertThat(SHIPPED.resolve("student.safetensors")).isRegularFile();
        assertThat(Files.readAllLines(SHIPPED.resolve("labels.txt"))).isEqualTo(FashionMnist.CLASS_NAMES);
        JsonNode card = new ObjectMapper().readTree(SHIPPED.resolve("card.json").toFile());
        assertThat(DynamicVitConfig.fromJson(card.get("config"))).isEqualTo(DynamicVitConfig.read(SHIPPED.resolve("config.json")));
        try (DynamicVit teacher = DynamicVit.load(DynamicVitConfig.read(SHIPPED.resolve("config.json")).dense(),
                SHIPPED.resolve("teacher.safetensors"))) {
            assertThat(teacher.getConfig().getStageCount()).isZero();
        }
    }

    @Test
    void shouldReachTheCardsAccuracyOnTheCheckSet() throws Exception {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed: apt-get install " + FashionMnist.DEBIAN_PACKAGE);
        JsonNode check = new ObjectMapper().readTree(SHIPPED.resolve("card.json").toFile()).get("check");
        DynamicVitConfig config = DynamicVitConfig.read(SHIPPED.resolve("config.json"));
        double rho = check.get("rho").asDouble();
        try (NDManager manager = NDManager.newBaseManager();
                DynamicVit student = DynamicVit.load(config, SHIPPED.resolve("student.safetensors"))) {
            Evaluator evaluator = new Evaluator(TrainingData.testGenerator(FashionMnist.load(Split.TEST),
                    config.getImageHeight(), check.get("test_seed").asLong()), check.get("frames").asInt(), 64, manager);
            ModelEntry entry = evaluator.evaluate("student", "", student, new double[] {rho});

            assertThat(entry.points()).hasSize(1);
            assertThat(entry.points().get(0).accuracy()).isCloseTo(check.get("accuracy").asDouble(), within(MARGIN));
            assertThat(entry.points().get(0).accuracy()).as("well above chance (10 %%)").isGreaterThan(0.3);
        }
    }
}
