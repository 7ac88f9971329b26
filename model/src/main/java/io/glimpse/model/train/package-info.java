/** The distillation loss of the paper's fine-tune, as differentiable NDArray expressions. */
package io.glimpse.model.train;
