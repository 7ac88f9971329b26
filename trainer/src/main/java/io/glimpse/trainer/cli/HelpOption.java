package io.glimpse.trainer.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help} alone, for commands whose {@code --version} names a model version and so
 * cannot take picocli's standard help options.
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
