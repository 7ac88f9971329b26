package io.glimpse.clients.view;

import io.glimpse.clients.view.ViewSnapshot.CameraView;
import io.glimpse.clients.view.ViewSnapshot.HistoryEntry;
import io.glimpse.clients.view.ViewSnapshot.LabelView;
import io.glimpse.clients.view.ViewSnapshot.StageView;
import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.StageKeep;
import io.glimpse.schemas.avro.VideoFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the view knows: per camera the join of frames and results, the latest result with its
 * picture and a short label history; the per-second {@link Timeline}. Every record updates it (the
 * reader never skips one); pages read {@link #snapshot} copies. Each change bumps {@link #version},
 * which pages poll to know whether anything is new. Thread-safe.
 */
public final class ViewState {

    private final int framesPerCamera;
    private final int historyLength;
    private final int maxCameras;
    private final long sloMillis;
    private final int windowSeconds;
    private final Timeline timeline;
    private final Map<String, Camera> cameras = new TreeMap<>();
    private long version;
    private long frames;
    private long results;
    private long deadLetters;
    private Long lag;

    private ViewState(Builder b) {
        this.framesPerCamera = b.framesPerCamera;
        this.historyLength = b.historyLength;
        this.maxCameras = b.maxCameras;
        this.sloMillis = b.sloMillis;
        this.windowSeconds = b.windowSeconds;
        this.timeline = new Timeline(b.windowSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes a frame.
     *
     * @param frame the frame
     * @param nowMillis when it was read
     */
    public synchronized void onFrame(VideoFrame frame, long nowMillis) {
        frames++;
        Camera camera = camera(frame.getStreamId().toString());
        if (camera != null) {
            camera.join.onFrame(frame).ifPresent(camera::show);
        }
        version++;
    }

    /**
     * Takes a result.
     *
     * @param result the result
     * @param nowMillis when it was read
     */
    public synchronized void onResult(FrameResult result, long nowMillis) {
        results++;
        timeline.onResult(nowMillis, result.getResultTime().toEpochMilli() - result.getCaptureTime().toEpochMilli(),
                result.getKeepRatio());
        String streamId = result.getStreamId().toString();
        Camera camera = camera(streamId);
        if (camera != null) {
            camera.event(result, nowMillis);
            camera.show(camera.join.onResult(result));
        }
        version++;
    }

    /**
     * Takes a dead letter.
     *
     * @param reason its reason header, or {@code null} when it had none
     * @param nowMillis when it was read
     */
    public synchronized void onDeadLetter(String reason, long nowMillis) {
        deadLetters++;
        timeline.onDeadLetter(nowMillis, reason == null ? "UNKNOWN" : reason);
        version++;
    }

    /**
     * Records the results reader's consumer lag.
     *
     * @param lag records behind
     * @param nowMillis when it was measured
     */
    public synchronized void onLag(long lag, long nowMillis) {
        this.lag = lag;
        timeline.onLag(nowMillis, lag);
    }

    /**
     * Returns a number that changes whenever the state does.
     *
     * @return the version
     */
    public synchronized long version() {
        return version;
    }

    /**
     * Copies the state.
     *
     * @param nowMillis the current time
     * @return the snapshot
     */
    public synchronized ViewSnapshot snapshot(long nowMillis) {
        List<CameraView> views = new ArrayList<>(cameras.size());
        for (Camera c : cameras.values()) {
            if (c.shown != null) {
                views.add(c.view());
            }
        }
        return new ViewSnapshot(nowMillis, sloMillis, windowSeconds,
                new ViewSnapshot.Totals(frames, results, deadLetters, lag), views, timeline.points(nowMillis),
                timeline.events(nowMillis));
    }

    /**
     * Returns the picture of a camera's latest shown result, encoded once per frame.
     *
     * @param streamId the camera
     * @return the image, or empty when the camera or its picture is unknown
     */
    public Optional<FrameImage> image(String streamId) {
        VideoFrame frame;
        synchronized (this) {
            Camera c = cameras.get(streamId);
            if (c == null || c.shown == null || c.shown.frame() == null) {
                return Optional.empty();
            }
            if (c.image != null && c.imageSequence == c.shown.frame().getSequence()) {
                return Optional.of(c.image);
            }
            frame = c.shown.frame();
        }
        FrameImage image = FrameImage.of(frame);
        synchronized (this) {
            Camera c = cameras.get(streamId);
            if (c != null && c.shown != null && c.shown.frame() == frame) {
                c.image = image;
                c.imageSequence = frame.getSequence();
            }
        }
        return Optional.of(image);
    }

    private Camera camera(String streamId) {
        Camera c = cameras.get(streamId);
        if (c == null && cameras.size() < maxCameras) {
            c = new Camera(streamId);
            cameras.put(streamId, c);
        }
        return c;
    }

    /** One camera's part of the state. */
    private final class Camera {
        final String streamId;
        final FrameJoin join = new FrameJoin(framesPerCamera);
        final Deque<HistoryEntry> history = new ArrayDeque<>();
        Joined shown;
        String model;
        Float rho;
        FrameImage image;
        long imageSequence;

        Camera(String streamId) {
            this.streamId = streamId;
        }

        void event(FrameResult r, long nowMillis) {
            String newModel = r.getModelVersion().toString();
            if (model != null && !model.equals(newModel)) {
                timeline.onEvent(new ViewEvent(nowMillis, streamId, ViewEvent.MODEL, model, newModel));
            }
            if (rho != null && Math.abs(rho - r.getKeepRatio()) > 1e-6) {
                timeline.onEvent(new ViewEvent(nowMillis, streamId, ViewEvent.RHO, rho.toString(),
                        Float.toString(r.getKeepRatio())));
            }
            model = newModel;
            rho = r.getKeepRatio();
        }

        /** Shows the newest result; a late frame of the shown result adds its picture. */
        void show(Joined joined) {
            long seq = joined.result().getSequence();
            if (shown == null || seq > shown.result().getSequence()) {
                shown = joined;
                List<Label> labels = joined.result().getLabels();
                if (!labels.isEmpty()) {
                    history.addLast(new HistoryEntry(seq, labels.get(0).getName().toString(), labels.get(0).getProbability()));
                    while (history.size() > historyLength) {
                        history.removeFirst();
                    }
                }
            } else if (seq == shown.result().getSequence() && shown.frame() == null && joined.frame() != null) {
                shown = joined;
            }
        }

        CameraView view() {
            FrameResult r = shown.result();
            VideoFrame f = shown.frame();
            List<LabelView> labels = r.getLabels().stream()
                    .map(l -> new LabelView(l.getName().toString(), l.getProbability())).toList();
            List<StageView> stages = new ArrayList<>();
            for (StageKeep s : r.getKeptTokens()) {
                stages.add(new StageView(s.getStage(), List.copyOf(s.getPatchIds())));
            }
            long capture = r.getCaptureTime().toEpochMilli();
            long result = r.getResultTime().toEpochMilli();
            return new CameraView(streamId, r.getSequence(), capture, result, result - capture, labels, r.getKeepRatio(),
                    r.getModelVersion().toString(), r.getPatchGrid().getRows(), r.getPatchGrid().getCols(),
                    r.getPatchGrid().getPatchSize(), stages, f != null, f == null ? 0 : f.getWidth(),
                    f == null ? 0 : f.getHeight(), List.copyOf(history));
        }
    }

    /** Configures a {@link ViewState}. */
    public static final class Builder {
        private int framesPerCamera = 32;
        private int historyLength = 24;
        private int maxCameras = 64;
        private long sloMillis = 250;
        private int windowSeconds = 180;

        private Builder() {}

        /**
         * Sets the frames (and frameless results) kept per camera for the join (default 32).
         *
         * @param framesPerCamera at least 1
         * @return this builder
         */
        public Builder optFramesPerCamera(int framesPerCamera) {
            this.framesPerCamera = framesPerCamera;
            return this;
        }

        /**
         * Sets the labels kept per camera for its history strip (default 24).
         *
         * @param historyLength at least 1
         * @return this builder
         */
        public Builder optHistoryLength(int historyLength) {
            this.historyLength = historyLength;
            return this;
        }

        /**
         * Sets the most cameras shown (default 64); later ones still count in the charts.
         *
         * @param maxCameras at least 1
         * @return this builder
         */
        public Builder optMaxCameras(int maxCameras) {
            this.maxCameras = maxCameras;
            return this;
        }

        /**
         * Sets the latency objective drawn on the chart (default 250 ms).
         *
         * @param sloMillis milliseconds
         * @return this builder
         */
        public Builder optSloMillis(long sloMillis) {
            this.sloMillis = sloMillis;
            return this;
        }

        /**
         * Sets the seconds the charts span (default 180).
         *
         * @param windowSeconds at least 2
         * @return this builder
         */
        public Builder optWindowSeconds(int windowSeconds) {
            this.windowSeconds = windowSeconds;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return an empty state
         */
        public ViewState build() {
            if (framesPerCamera < 1 || historyLength < 1 || maxCameras < 1 || sloMillis < 1) {
                throw new IllegalArgumentException("view sizes and the SLO must be positive");
            }
            return new ViewState(this);
        }
    }
}
