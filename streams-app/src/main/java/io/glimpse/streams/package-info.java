/** The Glimpse Kafka Streams application: configuration, topology, the classify processor and the running instance. */
package io.glimpse.streams;
