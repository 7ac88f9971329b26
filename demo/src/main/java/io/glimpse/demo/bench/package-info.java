/**
 * End-to-end benchmark of Glimpse through the real broker and registry: throughput against the bare
 * model's in the same process, and latency under a paced load below capacity.
 */
package io.glimpse.demo.bench;
