/** The layers of a DeiT-structured DynamicViT as DJL blocks whose child and parameter names are the official PyTorch state-dict names. */
package io.glimpse.model.nn;
