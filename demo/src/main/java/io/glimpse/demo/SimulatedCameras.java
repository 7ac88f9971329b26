package io.glimpse.demo;

import io.glimpse.clips.Clip;
import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Frame;
import io.glimpse.clips.Split;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Cameras {@code cam-1 .. cam-N}, each replaying generated video clips of the Fashion-MNIST test
 * split one after another: the demo shows garments the model never saw in training. Camera
 * {@code c} (0-based) plays clips {@code c, c + N, c + 2N, ...}, so cameras never show the same
 * clip and a run is the same every time.
 *
 * <p>Not thread-safe: one producer thread asks for frames.
 */
public final class SimulatedCameras {

    private final VideoClipGenerator generator;
    private final Camera[] cameras;

    private SimulatedCameras(Builder b) {
        FashionMnist items = b.items != null ? b.items : FashionMnist.load(Split.TEST);
        ClipSpec spec = b.spec != null ? b.spec : ClipSpec.builder().optCanvasSize(b.imageSize).build();
        generator = new VideoClipGenerator(items, spec);
        cameras = new Camera[b.cameras];
        for (int c = 0; c < b.cameras; c++) {
            cameras[c] = new Camera(streamId(c), c);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the stream id of a camera.
     *
     * @param camera the camera's index, from 0
     * @return {@code cam-1} for camera 0
     */
    public static String streamId(int camera) {
        return "cam-" + (camera + 1);
    }

    public int cameraCount() {
        return cameras.length;
    }

    /**
     * Captures a camera's next frame.
     *
     * @param camera the camera's index, from 0
     * @param captureTime when the frame is captured
     * @return the frame, as RGB8 of the canvas size, and its true label
     */
    public CameraFrame next(int camera, Instant captureTime) {
        return cameras[camera].next(captureTime);
    }

    /** One camera's position in its sequence of clips. */
    private final class Camera {
        private final String streamId;
        private long clipId;
        private List<Frame> clip = List.of();
        private int frameIndex;
        private int label;
        private long sequence;

        Camera(String streamId, long firstClip) {
            this.streamId = streamId;
            this.clipId = firstClip;
        }

        CameraFrame next(Instant captureTime) {
            if (frameIndex == clip.size()) {
                Clip c = generator.clip(clipId);
                clipId += cameras.length;
                clip = c.getFrames();
                label = c.getLabel();
                frameIndex = 0;
            }
            Frame f = clip.get(frameIndex++);
            VideoFrame frame =
                    VideoFrame.newBuilder()
                            .setStreamId(streamId)
                            .setSequence(sequence++)
                            .setCaptureTime(captureTime)
                            .setWidth(f.getWidth())
                            .setHeight(f.getHeight())
                            .setChannels(Frame.CHANNELS)
                            .setEncoding(PixelEncoding.RGB8)
                            .setData(ByteBuffer.wrap(f.getPixels()))
                            .build();
            return new CameraFrame(frame, label);
        }
    }

    /** Builds {@link SimulatedCameras}. */
    public static final class Builder {
        private int cameras = 4;
        private int imageSize = 64;
        private FashionMnist items;
        private ClipSpec spec;

        private Builder() {}

        /**
         * Sets the number of cameras (default 4).
         *
         * @param cameras at least 1
         * @return this builder
         */
        public Builder optCameras(int cameras) {
            this.cameras = cameras;
            return this;
        }

        /**
         * Sets the side of the square frames (default 64, the model's input size).
         *
         * @param imageSize pixels
         * @return this builder
         */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the items to draw from (default: the whole test split from the Debian package).
         *
         * @param items a split in memory
         * @return this builder
         */
        public Builder optItems(FashionMnist items) {
            this.items = items;
            return this;
        }

        /**
         * Sets the clip specification (default: the generator's, on a canvas of the image size).
         *
         * @param spec the specification; its canvas is the frame size
         * @return this builder
         */
        public Builder optClipSpec(ClipSpec spec) {
            this.spec = spec;
            return this;
        }

        /**
         * Validates and builds; loads the split if none was given.
         *
         * @return the cameras
         */
        public SimulatedCameras build() {
            if (cameras < 1) {
                throw new IllegalArgumentException("Cameras must be >= 1, got " + cameras);
            }
            if (imageSize < 1) {
                throw new IllegalArgumentException("Image size must be >= 1, got " + imageSize);
            }
            return new SimulatedCameras(this);
        }
    }
}
