package io.glimpse.demo.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the bare model and of the whole pipeline, round by round (rounds alternate, so
 * drift of a shared machine hits both alike).
 *
 * @param variant the settings of the instance that differ between the pipelines of one run ("" for none)
 * @param rawRates images per second of the bare model, per round
 * @param pipelineRates frames per second through broker, registry and Glimpse, per round
 * @param startupSeconds per instance started, from its start until it ran (not counted in its rate): one per
 *     pipeline round where each round starts a fresh instance, one in all where the instance is kept
 * @param meanBatchSizes per pipeline round, the mean size of the batches the instance ran
 * @param workersBusy per pipeline round, the share of the wall time the inference workers ran batches
 * @param rawCpu per bare-model round, process CPU milliseconds per image by kind of thread
 * @param pipelineCpu per pipeline round, process CPU milliseconds per frame by kind of thread
 */
record ThroughputResult(String variant, List<Double> rawRates, List<Double> pipelineRates, List<Double> startupSeconds,
        List<Double> meanBatchSizes, List<Double> workersBusy, List<Map<String, Double>> rawCpu, List<Map<String, Double>> pipelineCpu) {

    ThroughputResult {
        rawRates = List.copyOf(rawRates);
        pipelineRates = List.copyOf(pipelineRates);
        startupSeconds = List.copyOf(startupSeconds);
        meanBatchSizes = List.copyOf(meanBatchSizes);
        workersBusy = List.copyOf(workersBusy);
        rawCpu = List.copyOf(rawCpu);
        pipelineCpu = List.copyOf(pipelineCpu);
    }

    /**
     * Returns the median over rounds of one kind's CPU milliseconds per frame.
     *
     * @param rounds per round, milliseconds by kind
     * @param kind a kind of thread, or "total"
     * @return the median
     */
    static double medianCpu(List<Map<String, Double>> rounds, String kind) {
        List<Double> values = new ArrayList<>();
        rounds.forEach(r -> values.add(r.getOrDefault(kind, 0.0)));
        return median(values);
    }

    /**
     * Returns the CPU per frame outside inference: the whole process less the inference threads and
     * the bench's own clients (its result reader stands for a downstream service, not the pipeline).
     *
     * @param round milliseconds by kind
     * @return milliseconds per frame
     */
    static double outsideInference(Map<String, Double> round) {
        return round.get("total") - round.get(CpuAccount.INFERENCE) - round.getOrDefault(CpuAccount.BENCH, 0.0);
    }

    double rawMedian() {
        return median(rawRates);
    }

    double pipelineMedian() {
        return median(pipelineRates);
    }

    double ratio() {
        return pipelineMedian() / rawMedian();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
