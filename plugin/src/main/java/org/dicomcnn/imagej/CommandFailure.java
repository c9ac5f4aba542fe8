package org.dicomcnn.imagej;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.InferenceException;

/**
 * How a command reports a failure caused by its input: a readable message (never a stack trace)
 * in an error box, or in the log and on standard output when ImageJ runs without a display; a
 * running macro is stopped, so that a batch does not go on with a missing result. A command that
 * failed or was cancelled leaves no line in the macro recorder: replaying it would not do what
 * the user saw.
 */
final class CommandFailure {

    private CommandFailure() {
    }

    /**
     * Reports the failure and aborts a running macro.
     *
     * @param command the command's name, the title of the message
     * @param message what failed, where, and what was expected; no patient identifiers
     */
    static void report(String command, String message) {
        Recorder.disableCommandRecording();
        IJ.showProgress(1.0);
        IJ.showStatus(command + ": failed");
        String text = command + ": " + message;
        boolean macro = Macro.getOptions() != null || IJ.isMacro();
        if (macro || java.awt.GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) {
            IJ.log(text);
        } else {
            IJ.error(command, message);
        }
        if (macro) {
            // stops the interpreter after this command (in -batch runs too, where Macro.abort
            // alone does not), then the macro thread where ImageJ runs it
            Interpreter.abort();
            Macro.abort();
        }
    }

    /** What a command does; it may fail on its input. */
    @FunctionalInterface
    interface Body {
        /**
         * @throws IOException if a file cannot be read or written ({@link BundleException}: the
         *     model bundle is unusable)
         * @throws InferenceException if the model fails
         */
        void run() throws IOException, InferenceException;
    }

    /**
     * Runs a command and reports what fails on its input in one place: a readable message
     * ({@link #report}) for bad input, an unusable bundle, a failing model or a file that cannot
     * be read or written; {@link #cancelled} for Esc.
     *
     * @param command the command's name
     * @param body what it does
     */
    static void run(String command, Body body) {
        try {
            body.run();
        } catch (IllegalArgumentException e) {
            report(command, e.getMessage());
        } catch (CancellationException e) {
            cancelled(command);
        } catch (BundleException e) {
            report(command, "the model bundle cannot be used: " + e.getMessage());
        } catch (InferenceException e) {
            report(command, "the model failed: " + e.getMessage());
        } catch (IOException e) {
            report(command, "a file could not be read or written: " + e.getMessage());
        }
    }

    /**
     * Reports a command cancelled with Esc: nothing changed, and nothing is recorded.
     *
     * @param command the command's name
     */
    static void cancelled(String command) {
        Recorder.disableCommandRecording();
        IJ.showProgress(1.0);
        IJ.showStatus(command + ": cancelled; nothing changed");
    }
}
