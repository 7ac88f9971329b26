package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.demo.DemoModel;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ModelFiles;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.model.DynamicVitConfig;

import io.glimpse.streams.GlimpseConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's machinery end to end, small; its numbers are not checked (CI machines are busy). */
@ExtendWith(GlimpseServersExtension.class)
class PipelineBenchTest {

    private static final DynamicVitConfig TINY =
            DynamicVitConfig.builder()
                    .setImageSize(64)
                    .setPatchSize(16)
                    .setEmbeddingSize(32)
                    .setDepth(2)
                    .setHeadCount(2)
                    .setClassCount(10)
                    .optPruneAt(1)
                    .build();

    @Test
    @Timeout(90)
    void shouldClassifyTheWholeBacklogEachRoundAndEveryPacedFrame(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (PipelineBench bench = tinyBench(servers, dir)) {

            ThroughputResult throughput = bench.throughput(64, 1, 2, 0.2, List.of(Map.of())).get(0);

            assertThat(throughput.rawRates()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
            assertThat(throughput.pipelineRates()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
            assertThat(throughput.ratio()).isPositive();

            LatencyResult latency = bench.latency(0.5, 40, Duration.ofSeconds(1), Duration.ofSeconds(2), Map.of());

            assertThat(latency.frames()).isPositive();
            assertThat(latency.results()).isEqualTo(latency.frames());
            assertThat(latency.deadLetters()).isZero();
            assertThat(latency.p99Millis()).isGreaterThanOrEqualTo(latency.p50Millis());
        }
    }

    @Test
    @Timeout(120)
    void shouldRunEachComparedSettingEveryRoundAgainstTheSameBareModelRounds(LocalServers servers, @TempDir Path dir)
            throws Exception {
        try (PipelineBench bench = tinyBench(servers, dir)) {
            List<Map<String, String>> variants = List.of(
                    Map.of(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "4"), Map.of(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "8"));

            List<ThroughputResult> results = bench.throughput(64, 0, 2, 0.2, variants);

            assertThat(results).extracting(ThroughputResult::variant)
                    .containsExactly("(glimpse.batch.max.size=4)", "(glimpse.batch.max.size=8)");
            assertThat(results.get(1).rawRates()).isEqualTo(results.get(0).rawRates()).hasSize(2);
            assertThat(results).allSatisfy(r -> assertThat(r.pipelineRates()).hasSize(2));
            assertThat(results.get(0).meanBatchSizes()).as("the setting reached the instance").allSatisfy(
                    size -> assertThat(size).isLessThanOrEqualTo(4.0));

            LatencyResult latency = bench.latency(0.5, 40, Duration.ofSeconds(1), Duration.ofSeconds(1), variants.get(1));

            assertThat(latency.variant()).isEqualTo("(glimpse.batch.max.size=8)");
            assertThat(latency.results()).isEqualTo(latency.frames());
        }
    }

    @Test
    @Timeout(300)
    @EnabledOnOs(OS.LINUX)
    void shouldMeasureEachInstanceAsItsOwnProcessFromOutsideAndStopIt(LocalServers servers, @TempDir Path dir) throws Exception {
        String cpu = Integer.toString(CpuList.parse(CpuPinning.allowedHere()).cpus().first());
        List<String> pinnedTo = new ArrayList<>();
        List<ProcessHandle> children = new ArrayList<>();
        InstanceLauncher processes = ProcessLauncher.on(CpuList.parse(cpu));
        InstanceLauncher watched = new InstanceLauncher() {
            @Override
            public MeasuredInstance start(LocalGlimpse.Builder settings) throws Exception {
                MeasuredInstance instance = processes.start(settings);
                long pid = ((InstanceProcess) instance).pid();
                pinnedTo.add(CpuPinning.allowed(pid));
                children.add(ProcessHandle.of(pid).orElseThrow());
                return instance;
            }

            @Override
            public String cpus() {
                return processes.cpus();
            }

            @Override
            public void close() {
                processes.close();
            }
        };
        try (PipelineBench bench = new PipelineBench(tinySettings(servers, dir), null, watched, line -> { })) {

            ThroughputResult throughput = bench.throughput(64, 0, 1, 0.2, List.of(Map.of())).get(0);
            LatencyResult latency = bench.latency(0.5, 40, Duration.ofSeconds(1), Duration.ofSeconds(2), Map.of());

            assertThat(throughput.pipelineRates()).singleElement().satisfies(r -> assertThat(r).isPositive());
            assertThat(throughput.startupSeconds()).as("instance ready in").singleElement().satisfies(s -> assertThat(s).isPositive());
            assertThat(throughput.pipelineCpu()).singleElement().satisfies(cpuPerFrame -> {
                assertThat(cpuPerFrame.get(CpuAccount.INFERENCE)).as("read from the child's /proc").isPositive();
                assertThat(cpuPerFrame.get(CpuAccount.BENCH)).as("the bench's clients are not in the child").isZero();
            });
            assertThat(throughput.meanBatchSizes()).as("from the child's metrics page").singleElement()
                    .satisfies(size -> assertThat(size).isBetween(1.0, 8.0));
            assertThat(latency.frames()).isPositive();
            assertThat(latency.results()).isEqualTo(latency.frames());
            assertThat(latency.deadLetters()).isZero();
            assertThat(latency.jitCompilations()).as("from the child's flight recording")
                    .allSatisfy(c -> assertThat(c.what()).startsWith("tier "));
        }
        assertThat(pinnedTo).as("one process per round and per load, each on the instance's CPU").containsExactly(cpu, cpu);
        assertThat(children).as("stopped and waited for").noneMatch(ProcessHandle::isAlive);
    }

    /** A bench of a tiny random model at ρ 0.7, batch 8, 1 worker, 4 cameras on 2 partitions, 32 frames in flight. */
    private static PipelineBench tinyBench(LocalServers servers, Path dir) throws Exception {
        return new PipelineBench(tinySettings(servers, dir), line -> { });
    }

    private static PipelineBench.Settings tinySettings(LocalServers servers, Path dir) throws Exception {
        ModelFiles model = DemoModel.random(TINY, dir, 3);
        return new PipelineBench.Settings(servers.bootstrapServers(), servers.registryUrl(), model, 64, 0.7,
                8, 1, 4, 2, 32, Map.of(), Map.of());
    }
}
