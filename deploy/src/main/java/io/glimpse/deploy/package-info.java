/**
 * The real servers every Glimpse integration test and the local demo run on: a KRaft Kafka broker
 * ({@link io.glimpse.deploy.EmbeddedKafka} in the test JVM, {@link io.glimpse.deploy.KafkaBrokerProcess}
 * as its own process) and the Apicurio schema registry ({@link io.glimpse.deploy.RegistryServer}),
 * paired by {@link io.glimpse.deploy.LocalServers} and started from the command line by
 * {@link io.glimpse.deploy.ServersCommand}.
 *
 * <p>Everything binds to 127.0.0.1 on free ports, so several pairs can run side by side on one machine.
 */
package io.glimpse.deploy;
