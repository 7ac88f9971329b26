package io.glimpse.streams.rho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Accuracy per ρ from the model card, and the ladder of ρ values worth their compute. */
class AccuracyCurveTest {

    private static final Path CARD = Path.of("../models/fashion-video/card.json");

    @Test
    void shouldReadTheShippedStudentsPointsFromTheCard() throws Exception {
        AccuracyCurve curve = AccuracyCurve.fromCard(CARD);

        assertThat(curve.trainedMin()).isEqualTo(0.5);
        assertThat(curve.trainedMax()).isEqualTo(1.0);
        assertThat(curve.accuracy(0.7)).isEqualTo(0.8793);
        assertThat(curve.accuracy(0.75)).as("interpolated").isCloseTo((0.8793 + 0.8778) / 2, within(1e-9));
        assertThat(curve.source()).contains("robust-camera");
    }

    @Test
    void shouldKeepOnlyRhoValuesThatBuyAccuracy() throws Exception {
        KeepRatioLadder card = KeepRatioLadder.of(0.5, 1.0, 0.05, AccuracyCurve.fromCard(CARD));
        KeepRatioLadder monotone = KeepRatioLadder.of(0.5, 1.0, 0.05, AccuracyCurve.monotone());

        assertThat(card.toString()).isEqualTo("KeepRatioLadder[0.5, 0.55, 0.6, 0.65, 0.7]");
        assertThat(monotone.size()).isEqualTo(11);
        assertThat(monotone.rho(monotone.top())).isEqualTo(1.0);
        assertThat(monotone.indexAtOrBelow(0.74)).isEqualTo(4);
        assertThat(KeepRatioLadder.of(0.6, 0.62, 0.05, AccuracyCurve.monotone()).toString())
                .as("the ceiling is always a rung").isEqualTo("KeepRatioLadder[0.6, 0.62]");
    }

    @Test
    void shouldTakeAccuracyToRiseWithRhoWithoutACard() {
        AccuracyCurve curve = AccuracyCurve.monotone();

        assertThat(curve.accuracy(0.9)).isGreaterThan(curve.accuracy(0.8));
        assertThat(curve.trainedMin()).isZero();
        assertThat(AccuracyCurve.of(Map.of(0.6, 0.8), "one point").accuracy(0.9)).isEqualTo(0.8);
    }

    @Test
    void shouldRefuseACardWithoutAShippedStudentsPoints(@TempDir Path dir) throws Exception {
        Path card = dir.resolve("card.json");
        Files.writeString(card, "{\"shipped_student\": \"s\", \"models\": [{\"name\": \"t\", \"points\": []}]}");

        assertThatThrownBy(() -> AccuracyCurve.fromCard(card)).hasMessageContaining("shipped_student s is not among");
        Files.writeString(card, "{\"models\": []}");
        assertThatThrownBy(() -> AccuracyCurve.fromCard(card)).hasMessageContaining("names no shipped_student");
    }
}
