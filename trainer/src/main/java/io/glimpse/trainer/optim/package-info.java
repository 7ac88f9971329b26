/**
 * Optimisation: AdamW over parameter groups with their own learning-rate schedules, gradient
 * clipping and skipping of non-finite steps, as DynamicViT's training recipe needs and DJL's
 * one-schedule optimizers do not offer.
 */
package io.glimpse.trainer.optim;
