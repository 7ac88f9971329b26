package io.glimpse.demo.bench;

/**
 * An instance's own meters at one moment, as its registry or its metrics page gives them: the time
 * its workers spent running batches and the batches they ran. Two readings give a window's figures.
 *
 * @param inferenceMillis the workers' time in batches so far, NaN if it has no inference meter
 * @param batches the batches run so far, NaN if it has no batch meter
 * @param frames the frames in those batches, NaN if it has no batch meter
 */
record InstanceMeters(double inferenceMillis, double batches, double frames) {

    /**
     * Returns the mean size of every batch run so far.
     *
     * @return frames per batch
     */
    double meanBatch() {
        return frames / batches;
    }

    /**
     * Returns the mean size of the batches run since an earlier reading.
     *
     * @param before the earlier reading
     * @return frames per batch
     */
    double meanBatchSince(InstanceMeters before) {
        return (frames - before.frames) / (batches - before.batches);
    }

    /**
     * Returns the workers' time in batches since an earlier reading.
     *
     * @param before the earlier reading
     * @return milliseconds
     */
    double inferenceMillisSince(InstanceMeters before) {
        return inferenceMillis - before.inferenceMillis;
    }
}
