package org.dicomcnn.imagej;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An X virtual frame buffer for the GUI tests: {@code Xvfb -displayfd} picks a free display
 * number itself and writes it back, so parallel builds never collide. {@link #exportToThisJvm}
 * points this JVM's AWT at it; it must run before anything touches AWT.
 */
final class XvfbDisplay implements AutoCloseable {

    /** glibc's setenv, so that Xlib (which reads DISPLAY from the C environment) sees the display. */
    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private final Process process;
    private final String display;
    private boolean exported;

    private XvfbDisplay(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /**
     * Starts Xvfb with a 1280 x 1024 24-bit screen.
     *
     * @return the running display
     * @throws IOException if Xvfb is missing (with how to install it) or does not start
     */
    static XvfbDisplay start() throws IOException, InterruptedException {
        Path xvfb = Path.of("/usr/bin/Xvfb");
        if (!Files.isExecutable(xvfb)) {
            throw new IOException("Xvfb is not installed (" + xvfb + " missing); the ImageJ GUI test needs it: run "
                    + "bin/setup, which installs the Debian packages xvfb and xauth");
        }
        Process p = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", "1280x1024x24",
                "-nolisten", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.trim().matches("\\d+")) {
            p.destroy();
            throw new IOException("Xvfb did not report a display number (got " + line + ", exit "
                    + (p.waitFor(2, TimeUnit.SECONDS) ? p.exitValue() : "none") + ")");
        }
        return new XvfbDisplay(p, ":" + line.trim());
    }

    /** @return the display name, e.g. ":3" */
    String display() {
        return display;
    }

    /** Points this JVM's AWT at the display; call before any AWT class initialises. */
    void exportToThisJvm() {
        CLibrary c = Native.load("c", CLibrary.class);
        if (c.setenv("DISPLAY", display, 1) != 0) {
            throw new IllegalStateException("setenv DISPLAY failed");
        }
        // Java decided headlessness from its own copy of the environment at start-up
        System.setProperty("java.awt.headless", "false");
        exported = true;
    }

    /**
     * Stops Xvfb. When this JVM uses the display, stopping it now would make Xlib end the JVM with
     * a fatal I/O error (exit status 1, which Maven reports as a crashed test JVM); a small watcher
     * stops Xvfb once this JVM has exited instead.
     */
    @Override
    public void close() throws InterruptedException {
        if (exported) {
            try {
                new ProcessBuilder("sh", "-c", "while kill -0 " + ProcessHandle.current().pid()
                        + " 2>/dev/null; do sleep 0.5; done; kill " + process.pid())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
                return;
            } catch (IOException e) {
                // no shell: stop it now and accept the error at exit
            }
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
