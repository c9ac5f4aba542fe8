package org.dicomcnn.imagej;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

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
