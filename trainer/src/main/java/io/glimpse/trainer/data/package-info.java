/**
 * Training and demo data: Fashion-MNIST items moving through synthetic video clips.
 *
 * <p>{@link io.glimpse.trainer.data.FashionMnist} reads one split of the real images from the
 * Debian package {@code dataset-fashion-mnist}; {@link io.glimpse.trainer.data.VideoClipGenerator}
 * turns a split into deterministic clips of RGB {@link io.glimpse.trainer.data.Frame}s, shaped by a
 * {@link io.glimpse.trainer.data.ClipSpec}; {@link io.glimpse.trainer.data.FrameTensors} and
 * {@link io.glimpse.trainer.data.FrameBatches} turn frames into normalised float batches for
 * training. The same generator feeds the demo and the load tests, so everything here is plain Java
 * with no engine dependency.
 */
package io.glimpse.trainer.data;
