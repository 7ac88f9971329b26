package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.demo.DemoModel;
import io.glimpse.demo.DemoTopics;
import io.glimpse.demo.LocalGlimpse;
import io.glimpse.demo.ModelFiles;
import io.glimpse.demo.ResultReader;
import io.glimpse.demo.ResultSink;
import io.glimpse.demo.SimulatedCameras;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;
import io.glimpse.model.DynamicVitConfig;
import io.glimpse.schemas.avro.FrameResult;
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
import java.util.TreeMap;

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
    void shouldKeepOneWarmProcessPerSettingForAllItsRoundsAndLoadsAndStopIt(LocalServers servers, @TempDir Path dir)
            throws Exception {
        String cpu = Integer.toString(CpuList.parse(CpuPinning.allowedHere()).cpus().first());
        List<String> pinnedTo = new ArrayList<>();
        List<ProcessHandle> children = new ArrayList<>();
        List<DemoTopics> topics = new ArrayList<>();
        List<Long> frozen = new ArrayList<>();
        InstanceLauncher processes = ProcessLauncher.on(CpuList.parse(cpu));
        InstanceLauncher watched = new InstanceLauncher() {
            @Override
            public MeasuredInstance start(LocalGlimpse.Builder settings) throws Exception {
                MeasuredInstance instance = processes.start(settings);
                long pid = ((InstanceProcess) instance).pid();
                pinnedTo.add(CpuPinning.allowed(pid));
                children.add(ProcessHandle.of(pid).orElseThrow());
                GlimpseConfig config = settings.config(dir);
                topics.add(new DemoTopics(config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG),
                        config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG), config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG)));
                return new FreezesCounted(instance, pid, frozen);
            }

            @Override
            public boolean sharesOneJvm() {
                return processes.sharesOneJvm();
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
        List<Map<String, String>> variants = List.of(
                Map.of(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "4"), Map.of(GlimpseConfig.BATCH_MAX_SIZE_CONFIG, "8"));
        int frames = 48;
        List<ThroughputResult> throughput;
        LatencyResult latency;
        try (PipelineBench bench = new PipelineBench(tinySettings(servers, dir), null, watched, line -> { })) {

            throughput = bench.throughput(frames, 1, 2, 0.2, variants);
            latency = bench.latency(0.5, 40, Duration.ofSeconds(1), Duration.ofSeconds(2), variants.get(0));
        }

        assertThat(pinnedTo).as("one process per setting, each on the instance's CPU").containsExactly(cpu, cpu);
        long p0 = pid(children, 0);
        long p1 = pid(children, 1);
        assertThat(frozen).as("each instance frozen for its warm-up round, then in each round for the bare model (both)"
                        + " and for its own backlog: the same process each time")
                .containsExactly(p0, p1, p0, p1, p0, p1, p0, p1, p0, p1);
        assertThat(children).as("stopped and waited for").noneMatch(ProcessHandle::isAlive);
        assertThat(throughput).allSatisfy(t -> {
            assertThat(t.pipelineRates()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
            assertThat(t.startupSeconds()).as("started once").singleElement().satisfies(s -> assertThat(s).isPositive());
            assertThat(t.pipelineCpu()).hasSize(2).allSatisfy(cpuPerFrame -> {
                assertThat(cpuPerFrame.get(CpuAccount.INFERENCE)).as("read from the child's /proc").isPositive();
                assertThat(cpuPerFrame.get(CpuAccount.BENCH)).as("the bench's clients are not in the child").isZero();
            });
        });
        assertThat(throughput.get(0).meanBatchSizes()).as("this round's batches, from the child's metrics page")
                .allSatisfy(size -> assertThat(size).isBetween(1.0, 4.0));
        assertThat(latency.frames()).isPositive();
        assertThat(latency.results()).as("only the load's results, not the rounds'").isEqualTo(latency.frames());
        assertThat(latency.deadLetters()).isZero();
        assertThat(latency.jitCompilations()).as("from the child's flight recording")
                .allSatisfy(c -> assertThat(c.what()).startsWith("tier "));

        int rounds = 3 * frames;
        assertThat(everyResult(servers, topics.get(0), rounds + latency.frames())).as("warm-up, rounds and the load, each frame once")
                .isEqualTo(new Answers(sequences(4, rounds + (int) latency.frames()), 0));
        assertThat(everyResult(servers, topics.get(1), rounds)).as("warm-up and rounds, each frame once")
                .isEqualTo(new Answers(sequences(4, rounds), 0));
    }

    @Test
    void shouldFreezeAnInstanceForAtMostHalfItsSessionTimeoutOrPollInterval(@TempDir Path dir) throws Exception {
        LocalGlimpse.Builder settings = LocalGlimpse.builder()
                .setBootstrapServers("localhost:9092")
                .setRegistryUrl("http://localhost:8081")
                .setModel(DemoModel.random(TINY, dir, 3));

        assertThat(PipelineBench.freezeLimit(settings.optProperty("session.timeout.ms", 6000).config(dir)))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(PipelineBench.freezeLimit(settings.optProperty("main.consumer.max.poll.interval.ms", 4000).config(dir)))
                .as("the main consumer's own setting").isEqualTo(Duration.ofSeconds(2));
    }

    private static long pid(List<ProcessHandle> children, int index) {
        return children.get(index).pid();
    }

    /** Each stream's sequence numbers as the producer numbers them: cameras in turn from the first, each from 0. */
    private static Map<String, List<Long>> sequences(int cameras, int frames) {
        Map<String, List<Long>> expected = new TreeMap<>();
        for (int f = 0; f < frames; f++) {
            expected.computeIfAbsent(SimulatedCameras.streamId(f % cameras), id -> new ArrayList<>()).add((long) (f / cameras));
        }
        return expected;
    }

    /**
     * What a downstream consumer reads of an instance's output, committed only.
     *
     * @param sequences each stream's result sequence numbers in the order read
     * @param deadLetters dead letters read
     */
    private record Answers(Map<String, List<Long>> sequences, long deadLetters) {}

    private static Answers everyResult(LocalServers servers, DemoTopics topics, long expected) throws Exception {
        Map<String, List<Long>> sequences = new TreeMap<>();
        long[] deadLetters = new long[1];
        ResultSink sink = new ResultSink() {
            @Override
            public void onResult(FrameResult result, long readAtMillis) {
                sequences.computeIfAbsent(result.getStreamId().toString(), id -> new ArrayList<>()).add(result.getSequence());
            }

            @Override
            public void onDeadLetter() {
                deadLetters[0]++;
            }
        };
        try (ResultReader reader = ResultReader.start(servers.bootstrapServers(), servers.registryUrl(), topics.results(),
                topics.deadLetters(), sink)) {
            assertThat(reader.awaitResults(expected, Duration.ofSeconds(30))).as("all results read").isTrue();
        }
        // The reader's thread has ended: what it wrote is visible here.
        return new Answers(sequences, deadLetters[0]);
    }

    /** A kept instance that notes its pid each time it is frozen. */
    private record FreezesCounted(MeasuredInstance instance, long pid, List<Long> frozen) implements MeasuredInstance {

        @Override
        public InstanceMeters meters() {
            return instance.meters();
        }

        @Override
        public CpuAccount cpu() throws Exception {
            return instance.cpu();
        }

        @Override
        public Stalls stalls(long fromMillis) throws Exception {
            return instance.stalls(fromMillis);
        }

        @Override
        public void freeze() throws Exception {
            frozen.add(pid);
            instance.freeze();
        }

        @Override
        public void resume() throws Exception {
            instance.resume();
        }

        @Override
        public void close() throws Exception {
            instance.close();
        }
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
