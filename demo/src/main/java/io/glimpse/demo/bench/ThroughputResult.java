package io.glimpse.demo.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Throughput of the bare model and of the whole pipeline, round by round (rounds alternate, so
 * drift of a shared machine hits both alike).
 *
 * @param rawRates images per second of the bare model, per round
 * @param pipelineRates frames per second through broker, registry and Glimpse, per round
 * @param startupSeconds per pipeline round, from starting the instance until it ran (not counted in its rate)
 * @param meanBatchSizes per pipeline round, the mean size of the batches the instance ran
 */
record ThroughputResult(List<Double> rawRates, List<Double> pipelineRates, List<Double> startupSeconds,
        List<Double> meanBatchSizes) {

    ThroughputResult {
        rawRates = List.copyOf(rawRates);
        pipelineRates = List.copyOf(pipelineRates);
        startupSeconds = List.copyOf(startupSeconds);
        meanBatchSizes = List.copyOf(meanBatchSizes);
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
