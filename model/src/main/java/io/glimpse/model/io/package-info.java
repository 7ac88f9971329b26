/** Weights in and out: safetensors files and PyTorch state-dict names. */
package io.glimpse.model.io;
