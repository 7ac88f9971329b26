package io.glimpse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * Runs a {@code glimpse} command the way every one of them behaves: a user's mistake gets one line
 * on standard error, not a stack trace; exit code 2 for a usage error (an unknown option, a value
 * out of range), 1 for a failure while running, 0 for success. {@code --verbose}, accepted by every
 * command, adds the stack trace.
 */
public final class GlimpseCommandLine {

    /** Exit code of a command line that could not be understood. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code of a command that failed while running. */
    public static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

    static final String VERBOSE = "--verbose";

    private GlimpseCommandLine() {}

    /**
     * Builds the command line of a command, with Glimpse's error handling and {@code --verbose}.
     *
     * @param command the picocli command object
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine of(Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec()
                .addOption(OptionSpec.builder(VERBOSE)
                        .scopeType(ScopeType.INHERIT)
                        .description("On an error, print its stack trace too.")
                        .build());
        line.setParameterExceptionHandler(GlimpseCommandLine::usageError);
        line.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (parseResult.hasMatchedOption(VERBOSE) || hasVerbose(parseResult)) {
                e.printStackTrace(err);
            }
            err.println(failed.getCommandName() + ": " + describe(e));
            err.flush();
            return FAILURE;
        });
        return line;
    }

    /**
     * Runs a command line and returns its exit code.
     *
     * @param command the picocli command object
     * @param args the arguments
     * @return 0, {@link #USAGE} or {@link #FAILURE}
     */
    public static int execute(Object command, String... args) {
        return of(command).execute(args);
    }

    /**
     * Runs a command line and exits the JVM with its exit code: a {@code main} method's body.
     *
     * @param command the picocli command object
     * @param args the arguments
     */
    public static void run(Object command, String... args) {
        System.exit(execute(command, args));
    }

    private static boolean hasVerbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        if (Arrays.asList(args).contains(VERBOSE)) {
            e.printStackTrace(err);
        }
        err.println(failed.getCommandName() + ": " + oneLine(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    /**
     * Describes a failure in one line: a missing or unreadable file anywhere in its causes is named
     * as such (its own message is only the path); otherwise the failure's message, and the cause's
     * where it adds to it.
     *
     * @param e the failure
     * @return one line, without a trailing newline
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchFileException || t instanceof AccessDeniedException) {
                return oneLine(ownMessage(t));
            }
        }
        String text = ownMessage(e);
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String because = ownMessage(cause);
            if (!text.contains(because)) {
                text = text + ": " + because;
            }
        }
        return oneLine(text);
    }

    private static String ownMessage(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
