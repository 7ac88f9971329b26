package io.glimpse.demo;

/**
 * The latest result of one camera and its running score, one row of the live view.
 *
 * @param streamId the camera
 * @param results results received from it
 * @param label the latest top-1 class name
 * @param confidence its probability
 * @param keepRatio the ρ the latest frame ran with
 * @param keptPercent tokens kept at the last pruning stage, in percent of all patches
 * @param latencyMillis the latest frame's result time minus capture time
 * @param match whether the latest top-1 was the true class; {@code null} if unknown
 * @param correct results whose top-1 was the true class
 * @param judged results whose true class was known
 * @param modelVersion the model version that answered the latest frame
 */
public record CameraStatus(
        String streamId,
        long results,
        String label,
        float confidence,
        float keepRatio,
        double keptPercent,
        long latencyMillis,
        Boolean match,
        long correct,
        long judged,
        String modelVersion) {

    /**
     * Returns the camera's accuracy so far.
     *
     * @return in [0, 1], or NaN before any judged result
     */
    public double accuracy() {
        return judged == 0 ? Double.NaN : (double) correct / judged;
    }
}
