/** The edge between the stream and the model: micro-batching, keep-ratio policy, predictors and the served model. */
package io.glimpse.streams.inference;
