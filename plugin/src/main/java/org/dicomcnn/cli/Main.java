package org.dicomcnn.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * {@code dicomcnn}: the command-line entry point.
 *
 * <pre>
 * dicomcnn index --load sample-dicom/studies
 * dicomcnn index --json /data/export &gt; index.json
 * dicomcnn compare sample-dicom/studies
 * dicomcnn export --out results sample-dicom/studies
 * </pre>
 */
public final class Main {

    private Main() {}

    /**
     * Runs a subcommand and exits with its exit code ({@link ExitCodes}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a subcommand and returns its exit code, for tests and embedding.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /**
     * Runs a subcommand with its output and error text going to the given writers, and returns
     * its exit code.
     *
     * @param out standard output, or null for the console
     * @param err standard error, or null for the console
     * @param args the command line
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // Library logging goes to standard error at WARN unless --verbose raises it; it must be set
        // before the first logger is created.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // Overlays are drawn on off-screen images; no window is ever opened.
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new DicomCnnCommand());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Bad input is reported by the commands themselves; anything reaching here is a bug or
            // an environment failure. Say what happened in one line; the trace only with --verbose.
            commandLine.getErr().println("dicomcnn: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (parseResult.hasMatchedOption("--verbose")) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.SOME_INPUT_FAILED;
        });
        return cli.execute(args);
    }
}
