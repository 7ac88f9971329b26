/**
 * The trainer's command line ({@code glimpse train}): train-teacher, distill, evaluate; publish, rollback and
 * keys for weights over Kafka.
 */
package io.glimpse.trainer.cli;
