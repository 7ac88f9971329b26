/**
 * Publishing trained weights to the models topic, so running Glimpse apps swap to them: a model
 * directory read into a package (configuration, labels, the card's accuracy), then cut, signed and
 * published in one transaction by {@link io.glimpse.schemas.weights}.
 */
package io.glimpse.trainer.publish;
