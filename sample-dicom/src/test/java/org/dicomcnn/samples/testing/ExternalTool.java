package org.dicomcnn.samples.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party command-line tool (dcmtk, dicom3tools, GDCM, Orthanc, Debian's python3)
 * from a test and returns what it printed. The tools are installed by {@code bin/setup}; a
 * missing tool or a non-zero exit fails the test with the tool's own output, it never skips it.
 * Shared with the other modules' tests through this module's test-jar.
 */
public final class ExternalTool {

    /** Debian's interpreter, the one that has python3-pydicom and python3-numpy. */
    public static final String PYTHON = "/usr/bin/python3";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private ExternalTool() {}

    /**
     * What a finished command printed.
     *
     * @param exitCode exit code
     * @param stdout standard output
     * @param stderr standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs a command and requires exit code 0.
     *
     * @param command the program and its arguments
     * @return standard output
     * @throws AssertionError if the program is missing, times out or exits non-zero
     */
    public static String run(String... command) {
        return run(List.of(command));
    }

    /** As {@link #run(String...)}. */
    public static String run(List<String> command) {
        Result r = runAllowingFailure(DEFAULT_TIMEOUT, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + r.exitCode() + "\nstdout:\n"
                    + r.stdout() + "\nstderr:\n" + r.stderr());
        }
        return r.stdout();
    }

    /**
     * Runs a command and returns its exit code and output, whatever the exit code.
     *
     * @param timeout how long to wait before the test fails
     * @param command the program and its arguments
     * @return exit code, stdout and stderr
     */
    public static Result runAllowingFailure(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("tool-out", ".txt");
            Path err = Files.createTempFile("tool-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command)
                    + " (is it installed? bin/setup installs the test tools): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }
}
