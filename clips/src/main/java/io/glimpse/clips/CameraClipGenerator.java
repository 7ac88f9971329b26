package io.glimpse.clips;

import io.glimpse.resize.FrameResizer;
import io.glimpse.resize.InputMapping;
import io.glimpse.resize.ResizePolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes clips as a camera of another size would send them and the serving app would feed them to
 * the model: the scene of a {@link VideoClipGenerator} laid out on a camera-size frame (640×480,
 * 1280×720, ...), then scaled to the model's input by the app's own {@link FrameResizer} ({@code
 * fit} letterboxes with black bars, {@code crop} cuts the overhang). Frames come out at the model's
 * size, with the item's box in input pixels; {@link #getMapping()} is the mapping the app's result
 * would carry.
 *
 * <p>The item keeps the share of the frame's shorter side it has in the model-size clips (a 64×64
 * clip's 21–35 pixel item is 158–263 pixels tall in a 480-pixel-high frame), motion is in frame
 * sizes per second, so a camera clip shows the same scene, only on a wider canvas and through the
 * resizer.
 *
 * <p><b>Rendered at reduced scale.</b> By default the scene is rendered at the camera size divided
 * by the largest common divisor {@code d} of its sides that still leaves at least {@value
 * #OVERSAMPLING} scene pixels per input pixel along each axis (640×480 with {@code fit} to 64×64:
 * {@code d} = 5, a 128×96 scene), and that scene goes through the resizer. Because {@code d} divides
 * both sides, the resizer plans exactly the same input rectangle for the small scene as for the
 * camera frame, and every position in the scene (item, bar, motion) is a fraction of the canvas, so
 * geometry is identical; what differs is only sub-pixel detail, which the area filter averages away
 * (the item is a 28×28 image, already oversampled at the reduced scale). {@code
 * CameraClipGeneratorTest} measures the two against each other on clean scenes. Per-pixel sensor
 * noise and clutter fragments are drawn at the scene's resolution, so after the resizer they are
 * somewhat stronger than a full-size camera frame's: a harder, not an easier, input. Pass {@code
 * reduction = 1} to render at full camera size.
 */
public final class CameraClipGenerator implements ClipSource {

    /** Scene pixels per input pixel, at least, along each axis when rendering at reduced scale. */
    public static final int OVERSAMPLING = 2;

    private final CameraSize camera;
    private final FrameResizer resizer;
    private final InputMapping mapping;
    private final int reduction;
    private final InputMapping scenePlan;
    private final VideoClipGenerator scene;
    private final ClipSpec spec;

    /**
     * Creates a generator that renders at the cheapest faithful reduced scale.
     *
     * @param items the split every item comes from
     * @param spec the model-size clips (canvas = the model's input) whose scene is shown
     * @param camera the camera's frame size
     * @param policy how the app scales it; not {@link ResizePolicy#EXACT}
     */
    public CameraClipGenerator(FashionMnist items, ClipSpec spec, CameraSize camera, ResizePolicy policy) {
        this(items, spec, camera, policy, 0);
    }

    /**
     * Creates a generator.
     *
     * @param items the split every item comes from
     * @param spec the model-size clips (canvas = the model's input) whose scene is shown
     * @param camera the camera's frame size
     * @param policy how the app scales it; not {@link ResizePolicy#EXACT}
     * @param reduction the scene is rendered at the camera size divided by this, a common divisor of
     *     both sides (1: full size); 0 picks the largest that keeps {@value #OVERSAMPLING}× oversampling
     */
    public CameraClipGenerator(FashionMnist items, ClipSpec spec, CameraSize camera, ResizePolicy policy,
            int reduction) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.camera = Objects.requireNonNull(camera, "camera");
        resizer = new FrameResizer(spec.getCanvasWidth(), spec.getCanvasHeight(), policy);
        mapping = resizer.plan(camera.width(), camera.height());
        this.reduction = reduction == 0 ? reductionFor(camera, mapping) : reduction;
        if (this.reduction < 1 || camera.width() % this.reduction != 0 || camera.height() % this.reduction != 0) {
            throw new IllegalArgumentException("Reduction " + reduction + " does not divide the camera size " + camera);
        }
        int sceneWidth = camera.width() / this.reduction;
        int sceneHeight = camera.height() / this.reduction;
        scenePlan = resizer.plan(sceneWidth, sceneHeight);
        if (scenePlan.inputX() != mapping.inputX() || scenePlan.inputY() != mapping.inputY()
                || scenePlan.inputWidth() != mapping.inputWidth() || scenePlan.inputHeight() != mapping.inputHeight()) {
            throw new IllegalStateException("The " + sceneWidth + "x" + sceneHeight + " scene maps onto " + scenePlan
                    + ", the camera frame onto " + mapping);
        }
        double grow = (double) Math.min(sceneWidth, sceneHeight)
                / Math.min(spec.getCanvasWidth(), spec.getCanvasHeight());
        scene = new VideoClipGenerator(items, spec.toBuilder()
                .optCanvasSize(sceneWidth, sceneHeight)
                .optScaleRange(spec.getMinScale() * grow, spec.getMaxScale() * grow)
                .build());
    }

    /**
     * Returns the largest common divisor of the camera's sides that leaves at least {@value
     * #OVERSAMPLING} frame pixels per input pixel along both axes of the mapped rectangle.
     *
     * @param camera the frame size
     * @param mapping the resizer's plan for it
     * @return the reduction, 1 when the frame is already close to the input's size
     */
    public static int reductionFor(CameraSize camera, InputMapping mapping) {
        for (int d = gcd(camera.width(), camera.height()); d > 1; d--) {
            if (camera.width() % d == 0 && camera.height() % d == 0
                    && mapping.sourceWidth() / d >= OVERSAMPLING * mapping.inputWidth()
                    && mapping.sourceHeight() / d >= OVERSAMPLING * mapping.inputHeight()) {
                return d;
            }
        }
        return 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public Clip clip(long clipId) {
        Clip source = scene.clip(clipId);
        List<Frame> frames = new ArrayList<>(source.getFrames().size());
        for (Frame f : source.getFrames()) {
            byte[] input = resizer.resize(f.pixels(), scenePlan);
            frames.add(new Frame(spec.getCanvasWidth(), spec.getCanvasHeight(), input, f.getLabel(), clipId,
                    f.getFrameIndex(), toInput(f.getItemBox()), true));
        }
        return new Clip(source.getSplit(), clipId, source.getItemIndex(), source.getFragmentItemIndices(),
                source.isOccluded(), frames);
    }

    /** The input pixels a box of scene pixels covers, clipped to the mapped rectangle. */
    private BoundingBox toInput(BoundingBox box) {
        if (box.isEmpty()) {
            return box;
        }
        double sx = scenePlan.inputWidth() / scenePlan.sourceWidth();
        double sy = scenePlan.inputHeight() / scenePlan.sourceHeight();
        int x0 = Math.max(scenePlan.inputX(), (int) Math.floor(scenePlan.inputX() + (box.getX() - scenePlan.sourceX()) * sx));
        int y0 = Math.max(scenePlan.inputY(), (int) Math.floor(scenePlan.inputY() + (box.getY() - scenePlan.sourceY()) * sy));
        int x1 = Math.min(scenePlan.inputX() + scenePlan.inputWidth(),
                (int) Math.ceil(scenePlan.inputX() + (box.getX() + box.getWidth() - scenePlan.sourceX()) * sx));
        int y1 = Math.min(scenePlan.inputY() + scenePlan.inputHeight(),
                (int) Math.ceil(scenePlan.inputY() + (box.getY() + box.getHeight() - scenePlan.sourceY()) * sy));
        return x1 <= x0 || y1 <= y0 ? new BoundingBox(0, 0, 0, 0) : new BoundingBox(x0, y0, x1 - x0, y1 - y0);
    }

    public CameraSize getCamera() {
        return camera;
    }

    public ResizePolicy getPolicy() {
        return resizer.getPolicy();
    }

    /**
     * Returns where the input comes from in a camera frame, as the app's result would say.
     *
     * @return the resizer's plan for the camera size
     */
    public InputMapping getMapping() {
        return mapping;
    }

    /**
     * Returns how much smaller than the camera frame the scene is rendered.
     *
     * @return the divisor of both sides, 1 for full size
     */
    public int getReduction() {
        return reduction;
    }

    @Override
    public ClipSpec getSpec() {
        return spec;
    }

    @Override
    public String toString() {
        return "camera clips " + camera + " (" + getPolicy().name().toLowerCase(java.util.Locale.ROOT) + ", rendered at 1/"
                + reduction + ")";
    }
}
