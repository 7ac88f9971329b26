package io.glimpse.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {

    @Test
    void aWrittenLineReadsBackAsItsTimeAndItsMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.log");
        LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        try (RunLog log = new RunLog(file, null)) {
            log.log("Epoch 3/8 done: loss 0.9511");
        }
        LocalDateTime after = LocalDateTime.now();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(RunLog.messageOf(lines.get(0))).isEqualTo("Epoch 3/8 done: loss 0.9511");
        assertThat(RunLog.timeOf(lines.get(0))).isBetween(before, after);
    }

    @Test
    void aReopenedLogAppendsToWhatTheEarlierLegsWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.log");
        try (RunLog log = new RunLog(file, null)) {
            log.log("first leg");
        }
        try (RunLog log = new RunLog(file, null)) {
            log.log(RunLog.resumed(Path.of("checkpoint"), TrainingState.start(42)));
        }

        assertThat(Files.readAllLines(file)).extracting(RunLog::messageOf)
                .containsExactly("first leg", "Resumed from checkpoint at " + TrainingState.start(42));
    }

    @Test
    void epochSummariesAndResumesAreKnownByHowTheirMessageBegins() {
        String summary = "2026-11-26 09:42:25  " + RunLog.epochDone(171, 200) + "loss 0.7453, train accuracy 88.29%";
        String resume = "2026-11-26 09:41:53  " + RunLog.resumed(Path.of("runs/teacher/checkpoint"), TrainingState.start(42));
        String quoting = "2026-11-26 09:41:53  Config {\"note\": \"Epoch 1/2 done: Resumed from x\"}";

        assertThat(RunLog.epochDone(171, 200)).isEqualTo("Epoch 171/200 done: ");
        assertThat(RunLog.isEpochDone(summary)).isTrue();
        assertThat(RunLog.isResume(summary)).isFalse();
        assertThat(RunLog.isResume(resume)).isTrue();
        assertThat(RunLog.isEpochDone(resume)).isFalse();
        assertThat(RunLog.isEpochDone(quoting)).isFalse();
        assertThat(RunLog.isResume(quoting)).isFalse();
    }
}
