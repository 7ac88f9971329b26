/**
 * Fashion-MNIST items moving through synthetic video clips: the frames the trainer learns from and
 * the demo's simulated cameras replay.
 *
 * <p>{@link io.glimpse.clips.FashionMnist} reads one split of the real images from the Debian
 * package {@code dataset-fashion-mnist}; {@link io.glimpse.clips.VideoClipGenerator} turns a split
 * into deterministic clips of RGB {@link io.glimpse.clips.Frame}s, shaped by a {@link
 * io.glimpse.clips.ClipSpec}. Plain Java with no engine dependency, so a producer of frames never
 * loads libtorch.
 */
package io.glimpse.clips;
