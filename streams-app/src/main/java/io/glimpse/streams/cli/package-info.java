/** The {@code glimpse app} command line. */
package io.glimpse.streams.cli;
