/**
 * The local demo: simulated cameras replaying unseen Fashion-MNIST video clips into the frames
 * topic, an in-process Glimpse instance on embedded servers, and a live console view of its results
 * scored against the true labels.
 *
 * <p>{@link io.glimpse.demo.FrameProducer} and {@link io.glimpse.demo.ResultReader}
 * are also the load generator and the result side of the end-to-end benchmark.
 */
package io.glimpse.demo;
