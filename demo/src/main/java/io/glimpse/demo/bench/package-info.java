/**
 * Benchmarks of Glimpse through the real broker and registry: {@code glimpse demo bench} (throughput
 * against the bare model's, with the instance in the bench's process or in one of its own, and
 * latency under a paced load below capacity) and {@code glimpse demo rho-bench} (the adaptive keep
 * ratio against fixed ones under a load that changes over time).
 */
package io.glimpse.demo.bench;
