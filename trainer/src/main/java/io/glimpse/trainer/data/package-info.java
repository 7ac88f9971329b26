/**
 * Training batches: frames of the clip generator ({@link io.glimpse.clips}) turned into normalised
 * float batches with labels and item boxes, normalised by the model's own {@link
 * io.glimpse.model.ImageNormalization} so that training and serving see identical tensors.
 */
package io.glimpse.trainer.data;
