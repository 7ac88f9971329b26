package io.glimpse.clients.view;

import java.util.List;

/**
 * Everything the page shows at one moment; sent to the browser as JSON.
 *
 * @param time when it was taken, epoch milliseconds
 * @param sloMillis the latency objective drawn on the latency chart
 * @param windowSeconds seconds the charts span
 * @param totals counts since the view started
 * @param cameras the latest state of each camera, by stream id
 * @param series one point per completed second of the window
 * @param events model and ρ changes in the window
 */
public record ViewSnapshot(long time, long sloMillis, int windowSeconds, Totals totals, List<CameraView> cameras,
        List<SecondPoint> series, List<ViewEvent> events) {

    /**
     * Counts since the view started.
     *
     * @param frames frames read
     * @param results results read
     * @param deadLetters dead letters read
     * @param lag the results reader's last consumer lag, or {@code null} when unknown
     */
    public record Totals(long frames, long results, long deadLetters, Long lag) {}

    /**
     * A camera's latest result, and the picture when the view had it.
     *
     * @param streamId the camera
     * @param sequence the frame's sequence number
     * @param captureTime when it was captured
     * @param resultTime when its result was produced
     * @param latencyMillis result time − capture time
     * @param labels the top classes, most probable first
     * @param keepRatio ρ of the result
     * @param modelVersion the model that produced it
     * @param rows patch rows of the model's grid
     * @param cols patch columns of the model's grid
     * @param patchSize pixels per patch side on the model input
     * @param stages kept patch ids per pruning stage
     * @param hasImage whether {@code /frame/<streamId>} holds this frame's picture
     * @param width the frame's width, 0 without the picture
     * @param height the frame's height, 0 without the picture
     * @param history the latest top labels, oldest first
     */
    public record CameraView(String streamId, long sequence, long captureTime, long resultTime, long latencyMillis,
            List<LabelView> labels, float keepRatio, String modelVersion, int rows, int cols, int patchSize,
            List<StageView> stages, boolean hasImage, int width, int height, List<HistoryEntry> history) {}

    /**
     * One class of a result's top-k.
     *
     * @param name the class name
     * @param probability its probability
     */
    public record LabelView(String name, float probability) {}

    /**
     * The patches one pruning stage kept.
     *
     * @param stage the stage, from 1
     * @param patchIds original patch ids, {@code row * cols + col}
     */
    public record StageView(int stage, List<Integer> patchIds) {}

    /**
     * One past top label of a camera.
     *
     * @param sequence the frame's sequence number
     * @param label the top class
     * @param probability its probability
     */
    public record HistoryEntry(long sequence, String label, float probability) {}
}
