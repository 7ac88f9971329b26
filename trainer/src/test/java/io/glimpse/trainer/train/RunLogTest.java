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
            log.log(RunLog.RESUMED + "checkpoint");
        }

        assertThat(Files.readAllLines(file)).extracting(RunLog::messageOf)
                .containsExactly("first leg", "Resumed from checkpoint");
    }
}
