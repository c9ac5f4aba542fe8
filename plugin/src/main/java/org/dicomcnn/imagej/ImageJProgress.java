package org.dicomcnn.imagej;

import ij.IJ;
import org.dicomcnn.pipeline.ProgressListener;

/**
 * The pipeline's progress on ImageJ's progress bar and status line; pressing Esc in ImageJ asks
 * the pipeline to stop at its next safe point.
 */
final class ImageJProgress implements ProgressListener {

    private final String command;

    /**
     * Starts listening; clears an Esc pressed before the command started.
     *
     * @param command the command's name, shown in the status line
     */
    ImageJProgress(String command) {
        this.command = command;
        IJ.resetEscape();
    }

    @Override
    public void progress(long done, long total, String phase) {
        if (total > 0) {
            IJ.showProgress((double) done / total);
            IJ.showStatus(command + ": " + phase + " " + done + "/" + total + " (Esc to cancel)");
        } else {
            IJ.showStatus(command + ": " + phase + " (Esc to cancel)");
        }
    }

    @Override
    public boolean cancelled() {
        return IJ.escapePressed();
    }

    /** Clears the progress bar. */
    void done() {
        IJ.showProgress(1.0);
    }
}
