/** The {@code glimpse model} command line: infer, conform, bench. */
package io.glimpse.model.cli;
