/** Micrometer meters of the pipeline and their Prometheus endpoint. */
package io.glimpse.streams.metrics;
