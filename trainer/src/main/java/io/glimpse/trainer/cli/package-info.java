/** The trainer's command line ({@code glimpse train}): train-teacher, distill, evaluate. */
package io.glimpse.trainer.cli;
