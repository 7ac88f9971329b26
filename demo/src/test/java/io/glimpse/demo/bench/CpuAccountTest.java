package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;

/** Another process's CPU time by kind of thread, from the names Linux keeps (15 characters). */
class CpuAccountTest {

    private static final String STREAMS = "glimpse-bench-1";

    @Test
    void shouldTellAnInstanceProcesssThreadsByTheirCutNames() {
        assertThat(CpuAccount.kindOfTask("glimpse-inferen", STREAMS)).isEqualTo(CpuAccount.INFERENCE);
        assertThat(CpuAccount.kindOfTask("C1 CompilerThre", STREAMS)).isEqualTo(CpuAccount.JIT);
        assertThat(CpuAccount.kindOfTask("C2 CompilerThre", STREAMS)).isEqualTo(CpuAccount.JIT);
        assertThat(CpuAccount.kindOfTask("GC Thread#0", STREAMS)).isEqualTo(CpuAccount.GC);
        assertThat(CpuAccount.kindOfTask("G1 Conc#0", STREAMS)).isEqualTo(CpuAccount.GC);
        assertThat(CpuAccount.kindOfTask("kafka-producer-", STREAMS)).isEqualTo(CpuAccount.PRODUCERS);
        assertThat(CpuAccount.kindOfTask(STREAMS, STREAMS)).isEqualTo(CpuAccount.STREAMS);
        assertThat(CpuAccount.kindOfTask("VM Thread", STREAMS)).as("the rest: other").isNull();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldAccountForAProcessFromItsProcEntry() throws Exception {
        long pid = ProcessHandle.current().pid();
        CpuAccount before = CpuAccount.of(pid, "no-such-application");
        long x = 1;
        for (int i = 0; i < 50_000_000; i++) {
            x = x * 6364136223846793005L + i;
        }

        Map<String, Double> spent = CpuAccount.of(pid, "no-such-application").since(before);

        assertThat(x).isNotZero();
        assertThat(spent).containsKeys(CpuAccount.INFERENCE, CpuAccount.STREAMS, CpuAccount.JIT, CpuAccount.OTHER, "total");
        assertThat(spent.values()).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0.0));
        assertThat(spent.get(CpuAccount.OTHER)).as("this thread's loop: of no named kind").isPositive();
    }
}
