/**
 * Training: the teacher from scratch and DynamicViT's distilled fine-tune, sharing one loop with
 * per-batch memory scopes, crash-safe checkpoints, skipped non-finite steps, a progress bar and a
 * run log.
 */
package io.glimpse.trainer.train;
