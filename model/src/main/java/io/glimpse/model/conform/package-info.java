/** Parity checks against a reference directory produced by the official DynamicViT code. */
package io.glimpse.model.conform;
